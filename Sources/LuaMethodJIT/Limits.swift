// Every limit and knob of the method JIT, each with its reason.
//
// Invariant: the JIT reads these constants and never repeats the numbers inline.

public enum JITLimits {
    /// Default byte budget for all compiled code of one VM. The whole budget is reserved as one
    /// range of address space up front (no memory is committed until code is written), so that
    /// every compiled function can reach every other and the shared stubs with rel32. 64 MiB:
    /// at ~91 bytes of machine code per bytecode (Deegen's measure for a baseline JIT), that is
    /// ~700k compiled bytecodes, far beyond the hot set of real programs; YJIT and ZJIT default
    /// to 128 MiB for whole Ruby applications, LuaJIT caps traces at 2 MB. When it runs out, all
    /// compiled code is discarded and functions tier up again.
    public static let defaultCodeBudgetBytes = 64 << 20
    /// The most a code budget may be: the region must stay within rel32 reach (±2 GiB) of itself.
    public static let maxCodeBudgetBytes = 1 << 30
    /// Every compiled function starts on this boundary and occupies a multiple of it: what
    /// compilers do for function entries (a 16-byte fetch block), and the alignment SSE constants
    /// placed after the code need. The padding is filled with int3.
    public static let codeAlignment = 16
    /// Where the code region is placed when the kernel honours the hint: this far below the
    /// executable's own code, so that calls from compiled code to runtime helpers (which live
    /// in the executable) are `call rel32` (5 bytes) instead of `movabs r11; call r11` (13).
    /// Below, not above: above the executable the brk heap grows.
    public static let codeRegionGapBelowExecutable = 256 << 20
    /// Bytes shown per instruction in a machine-code listing before the mnemonic column; a
    /// longer instruction (movabs is 10) pushes its mnemonic right rather than wrapping.
    public static let listingBytesColumn = 10
}

extension JITLimits {
    /// A guard of one code version failing this many times discards the version (the function
    /// tiers up again, its feedback now wider). One failure is not enough: a bounds check that
    /// ends a `while t[i]` loop fails once per run of the loop by design. V8's Maglev deopts on
    /// the first failure but its feedback then always changes; ours may not.
    public static let guardFailuresBeforeDiscard = 8
    /// Code versions made for one proto (whole or OSR) before it stays interpreted for good:
    /// what stops a deopt loop (JSC and V8 cap re-optimizations the same way).
    public static let maxVersionsPerProto = 8
    /// Attempts to compile one proto (whole, or at one loop header) that were refused before the
    /// engine stops asking: feedback grows between attempts (a refusal is often "this op never
    /// ran yet"), but compiling costs time, and a function that is not compilable stays so.
    public static let maxCompileAttempts = 4
    /// Background compiles of one proto dropped at install because its feedback grew while they
    /// were in flight (JITEngine+Background.swift). Code from the older feedback is right, only
    /// slower (an exit where an instruction had not run yet, a guard the new types fail): a drop
    /// buys better code for one more compile. Two: in the eager modes the first snapshot of a
    /// function is taken before it ever ran; past that, feedback that keeps growing is installed.
    public static let maxFeedbackDrops = 2
    /// Compile jobs queued or compiling at once (`--jit-threads=1`); a function or loop getting
    /// hot beyond them asks again after another threshold. Without a bound, a program making
    /// functions faster than one thread compiles them (a loop over `load`, in the eager modes)
    /// would queue work without end.
    public static let maxJobsInFlight = 16
    /// Compile pacing on the compiler thread (CompilePacing.swift): work at most this long, then
    /// rest this long, asleep. The slice bounds what one burst of compiling can cost the VM's
    /// thread where CPUs share cores (500 us left a 2 ms stall in 40 runs of richards, 250 us
    /// none); the rest is the shortest that let the host hand the core back when measured (20 us
    /// did not, 50 us did; with the kernel's timer slack a 50 us sleep lasts about 130 us). A
    /// compile takes about 1.8 times as long in wall time, and no more CPU time.
    public static let compileSliceMicros = 250
    public static let compileRestMicros = 50
    /// A rest this much longer than asked means the CPUs are oversubscribed: rests then cost the
    /// compiler whole scheduler slices and help nobody, so slice rests stop for the given time.
    public static let compileRestLateMicros = 1000
    public static let compileUnpacedMicros = 100_000
    /// `--jit=on` leaves code interpreted when this share of its loops' operations call the
    /// runtime (each runtime call writes the frame's live values to their slots and reloads them
    /// after): measured on bench/, string_build (0.15-0.18),
    /// stdlib/concat (0.15) and table_ops (0.08-0.11) ran slower compiled, mandelbrot, loop_sum
    /// and fannkuch (0-0.01) several times faster; nbody (0.03, its field ops probed inline) runs
    /// about 25% faster; richards' Packet:append (0.12 whole: a store that keeps exiting around a
    /// short loop) ran slower compiled.
    public static let maxRuntimeShareInLoops = 0.05
    /// The same for a whole function outside its loops (field ops never counted): a function
    /// made mostly of interpreted steps and generic calls is entered only to hand them back
    /// (binary_trees' `{make(d), make(d)}`: 0.30; NEWTABLE and SETLIST are steps). Measured on
    /// bench/richards, whose small methods (field ops, direct calls, 0.05-0.15) ran 35% fewer
    /// instructions compiled once calls were direct and late-set fields overwritten in place.
    public static let maxRuntimeShareWholeFunction = 0.25
    /// Direct calls between compiled functions (Lowering+Calls.swift) nest on the native stack;
    /// past this many at once, calls go through the call helper, which nests a bounded number of
    /// activations and then lets the interpreter call without nesting, so a deep Lua recursion
    /// is still the "stack overflow" Lua error. A compiled frame takes 64-300 bytes of native
    /// stack (saved registers, spill slots): 1000 of them stay far below the 8 MB main-thread
    /// stack that the runtime's own native nesting (Limits.maxNativeDepth) shares.
    public static let maxDirectCallDepth = 1000
    /// Functions longer than this stay interpreted, in every mode: compile time and code size
    /// grow with the function (a generated 154k-bytecode chunk took 4 s and 5.7 MB of code),
    /// and code that long runs each instruction rarely. V8 stops optimizing above 60 KB of
    /// bytecode for the same reason; 20,000 Lua instructions are 80 KB.
    public static let maxBytecodesPerCompile = 20_000

    /// Guard coalescing copies a block whose guards it merges (the copy keeps them, for exits at
    /// the exact instruction): a block longer than this is not copied, and all copies of one
    /// function together hold at most as many instructions as the function had (its code at most
    /// doubles; allocation and lowering time grow with it).
    public static let maxCoalescedBlockInstructions = 160
    /// The largest |c| of a key base + c that a combined bounds check covers: its ends are then
    /// 32-bit immediates (base + c - 1), and keys that far apart are rarely read in one block.
    public static let maxCoalescedKeyOffset: Int64 = 1 << 30
    /// Hash-part slots a field load or store with a constant short-string key probes inline
    /// before it calls its helper (Lowering+Fields.swift); 0 calls the helper every time. Three:
    /// richards' method tables hold ten keys, and a third probe found most methods the second
    /// missed (its fieldLoad helper went from 82M to 23M instructions at ROUNDS=8).
    public static let inlineFieldProbes = 3
    /// The longest Lua function (in bytecodes) a call site takes in (IRBuilder+Inline.swift):
    /// small arithmetic helpers such as spectral_norm's `a(i, j)` (8).
    public static let maxInlinedBytecodes = 32
    /// Strip mining (IRBuilder+Numeric.swift): a call-free integer for loop checks the limit
    /// once every this many iterations at most (a power of two; HotSpot's default strip length is
    /// 1000)...
    public static let maxStripMinedIterations = 1024
    /// ...and fewer when the iterations between two checks would hold more bytecodes than this: at
    /// a few nanoseconds per compiled bytecode that is tens of microseconds between checks, far
    /// below the 10 ms Ctrl-C must take.
    public static let stripMinedBytecodes = 16384
}
