// Every limit and knob of the runtime in one place, each with its reason.
//
// Invariant: the interpreter and the library read these constants; nobody hard-codes them.

public enum Limits {
    /// Default real stack limit (slots per coroutine). A million, like lua: deep enough for any
    /// sane recursion, small enough that a runaway recursion is a quick "stack overflow" error.
    public static let defaultMaxStackSlots = 1_000_000
    /// Slots a stack gets above the limit once it overflowed, for the message handler (xpcall)
    /// that reports the "stack overflow" error, like lua's ERRORSTACKSIZE (200 above the
    /// maximum). A handler that needs more ends in "error in error handling".
    public static let errorStackSlots = 200
    /// Initial size of a coroutine stack: small, because coroutines are cheap and stacks grow.
    public static let initialStackSlots = 64
    /// Slots kept free above every frame's top for metamethod calls and native pushes, so that a
    /// frame that passed its entry check can call a metamethod without another check.
    public static let extraStack = 8
    /// Slots a native function may use without asking (lua's LUA_MINSTACK).
    public static let nativeMinStack = 20
    /// Native-stack nesting limit (native -> Lua -> native ... calls, resumes, metamethods that
    /// recurse). Past it: "C stack overflow". Like lua's LUAI_MAXCCALLS (200); each level costs a
    /// few KB of the native stack, so 200 is far from the 8 MB main-thread stack.
    public static let maxNativeDepth = 200
    /// Strings up to this length are interned (hash + pointer equality), like lua's LUAI_MAXSHORTLEN.
    public static let maxShortStringLength = 40
    /// Default heap limit: large enough for real programs, small enough that a runaway
    /// allocation is a Lua error ("not enough memory") rather than the OOM killer.
    public static let defaultHeapLimitBytes = 4 << 30
    /// The collector runs when the heap has grown to this factor times the live size after the
    /// last collection (lua's pause of 200%).
    public static let gcPauseFactor = 2
    /// Never schedule a collection below this heap size: small programs should not collect at all.
    public static let gcMinThresholdBytes = 1 << 20
    /// The work credit of a basic `collectgarbage("step")` (step 0), in bytes of heap: about what
    /// lua 5.4's basic step gets through (a cycle over ~2 MB of garbage ends in one basic step,
    /// and every basic step on a small heap ends one).
    public static let gcBasicStepBytes = 2 << 20
    /// Requests up to this many bytes use the VM's size-class allocator (Allocator.swift); bigger
    /// ones go to malloc. 512 covers every fixed-size object, short and medium strings, array
    /// parts up to 32 slots and hash parts up to 16 nodes: nearly all allocations of typical
    /// programs. Classes are 16 bytes apart, so this also fixes the number of free lists (32).
    /// 256 measured the same as 512 on bench/ (time and peak memory); 512 serves more tables.
    public static let smallObjectMaxBytes = 512
    /// The allocator takes memory from the system in blocks of this size: big enough that block
    /// refills are rare (one per ~1000 small objects), small enough that a tiny script stays tiny.
    public static let allocatorBlockBytes = 64 << 10
    /// `__index`/`__newindex` chains longer than this are a loop ("'__index' chain too long;
    /// possible loop"), like lua's MAXTAGLOOP.
    public static let maxTagLoop = 2000
    /// Default hot thresholds (counters exist; nothing consumes them yet).
    public static let defaultHotCallThreshold = 1000
    public static let defaultHotLoopThreshold = 1000
    /// The sampling profiler's default interval (1 kHz): fine enough to name the hot function of
    /// a program that runs a fraction of a second, coarse enough that its cost (a stack walk per
    /// tick, bench/run.py measures it) stays under 2%.
    public static let defaultSampleIntervalMicroseconds = 1000
    /// The profiler keeps at most this many innermost frames of a sample; deeper ones are one
    /// "(deeper frames)" root, so a million-deep recursion costs a bounded walk per tick.
    public static let maxProfiledStackDepth = 256
    /// Nested activations the profiler's tier marks describe (TierMarks.swift). Each native
    /// nesting level (at most `maxNativeDepth`) pushes at most two (an activation and the
    /// compiled code it enters, or the interpreted rest of a compiled callee); past this many, the
    /// innermost activations' frames take the tier of the last mark that fitted.
    public static let maxTierMarks = 4 * maxNativeDepth + 64
    /// A sample passes tier marks on CallInfo records up to this many above the running frame
    /// (an activation's boundary frame replaced by a tail call, or not pushed yet: one or two).
    public static let tierMarkLookAbove = 8
}
