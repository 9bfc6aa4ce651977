// Where the interpreter (tier 0) and the method JIT (tier 1) meet (ARCHITECTURE.md §6): the
// installed code on a Proto, the tier-up hooks, and the one way back (an exit).
//
// Invariants: the tiers never import each other. The interpreter reads only the Proto fields below
// and calls the `CompilingTier` the embedding installed in `vm.tier`; the JIT reads protos and
// writes those fields. Compiled code is entered with the interpreter's frame already set up (a
// CallInfo, its registers at stack[baseIdx...]) and leaves it consistent: on a return its results
// are boxed in its registers 0..<n, on an exit every live register holds its boxed value and the
// exit names the pc the interpreter resumes at. Compiled code never runs while the thread's hooks
// are on. It calls the interpreter's helpers (TierHelpers) for calls and for instructions it has no
// code for; the compiled frame then waits on the native stack (counted in `vm.compiledDepth`), its
// registers written to their slots, so a collection, the debug library or an error sees it as an
// interpreted frame. A yield, an error or a hook switch below such a call makes the compiled
// frame exit (the helper answers nil), so no compiled frame survives a yield: suspended
// coroutines hold interpreted frames only. Code is freed only when no run of compiled code is on
// the native stack (`compiledDepth == 0`): discarding earlier only unlinks it.

/// How the engine runs Lua code (`vmrepl --jit=`).
public enum JITMode: UInt8, Sendable, CaseIterable {
    /// The interpreter only (`--tier=interp`).
    case off
    /// Functions compile after `hotCallThreshold` calls, loops after `hotLoopThreshold` back-edges.
    case on
    /// Every function compiles at its first call and every loop enters at its first back-edge.
    case eager
    /// Eager, and every limit check and every guard of a code version exits once when first reached.
    case stress

    public var name: String {
        switch self {
        case .off: return "off"
        case .on: return "on"
        case .eager: return "eager"
        case .stress: return "stress"
        }
    }
}

/// The signature of every compiled entry (the backend's RegisterRoles documents it): the frame's
/// register 0, the VMState, the running closure. The answer is `-1 - n` for a return of n values
/// (in registers 0..<n) or an exit index >= 0 for `CompilingTier.exited`.
public typealias CompiledEntry = @convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer, UnsafeMutableRawPointer) -> Int64

/// Where the interpreter takes over after an exit.
public struct TierExit: Sendable {
    /// The instruction to run next (executed from its start).
    public var pc: Int
    /// The exit was a failed limit check: serve the VM's requests there first, as the interpreter's
    /// own back-edge check would (an interrupt stops the code at that instruction).
    public var limitCheck: Bool
    public init(pc: Int, limitCheck: Bool) { self.pc = pc; self.limitCheck = limitCheck }
}

/// The compiling tier, as the interpreter and the runtime see it.
public protocol CompilingTier: AnyObject {
    /// A call is entering `p` and `p.callCount` reached `p.tierUpAt`: compile p whole, or refuse.
    /// Afterwards `p.jitEntry` is the code to enter (or nil) and `p.tierUpAt` says when to ask again.
    func functionIsHot(_ vm: VM, _ p: UnsafeMutablePointer<Proto>)
    /// A running frame of `p` took the back-edge to the loop header at `pc` for the `p.osrAt`th
    /// time: the OSR entry to jump in at, or nil (refused, and counted).
    func loopIsHot(_ vm: VM, _ p: UnsafeMutablePointer<Proto>, header pc: Int) -> UnsafeRawPointer?
    /// Code of `p` entered at `entry` left through exit `index`; the frame's slots are written.
    func exited(_ vm: VM, _ p: UnsafeMutablePointer<Proto>, entry: UnsafeRawPointer, exit index: Int) -> TierExit
    /// `p` is being freed by the collector: free its code.
    func protoFreed(_ p: UnsafeMutablePointer<Proto>)
    /// Discard every piece of compiled code (`vmrepl.flush()`, `:deopt-here`, the DEOPT request);
    /// functions tier up again from their counters. Answers how many code versions were discarded.
    @discardableResult func discardAll(_ vm: VM, why: String) -> Int
    /// Protos compiled code depends on besides its own (it took their bodies in and compares
    /// their address): the collector keeps them.
    var protosCodeNeeds: [UnsafeMutablePointer<Proto>] { get }
    /// The INSTALL request (a background compile finished): install the finished code, on the
    /// VM's thread, at the check that took the request.
    func installFinished(_ vm: VM)
    /// The VM is going away: stop any thread that works for it (before its VMState is freed).
    func shutDown()
}

/// The runtime functions compiled code calls, published here by the interpreter (which implements
/// them with its own call machinery) for the JIT to embed: `@convention(c)`, raw pointers in,
/// never throwing. Each takes the VM (`Unmanaged<VM>` opaque pointer) and answers the frame's
/// register 0 afterwards (the stack may have moved), or nil: compiled code must exit to the
/// interpreter at the instruction, which then either raises `VM.tierPendingError` (an error, a
/// yield, a hook switch, with the instruction counted as started) or, when that is nil, runs the
/// instruction itself.
public struct TierHelpers {
    public typealias Helper = @convention(c) (UnsafeMutableRawPointer, Int64) -> UnsafeMutableRawPointer?
    /// The CALL instruction at pc (the argument) of the running frame: its registers are written.
    public var call: Helper?
    /// Any other instruction at pc, run by the interpreter (one step of its loop): for what
    /// compiled code has no fast path for (metamethods, allocation, closures, varargs...). Never
    /// a call, a return, a jump or a loop instruction.
    public var step: Helper?
    /// The test at pc (EQ, LT, LE, EQK, EQI, LTI, LEI, GTI, GEI) with Lua's full semantics: the
    /// answer's bit 0 is the comparison's result (the jump that follows is compiled code's), the
    /// rest the frame's register 0 (Values are 8-aligned, so bit 0 of a frame address is free).
    public var compare: Helper?
    /// After a direct call between compiled functions (the caller's machine code pushed the
    /// callee's CallInfo and called its entry) whose callee exited instead of returning: the
    /// arguments are the VM, `pc << 32 | exit` (the caller's CALL, the callee's exit index), the
    /// callee's entry (its code version) and its CallInfo (a native frame that raised may sit
    /// above it). The helper finishes the callee as the call helper finishes a callee it
    /// entered, and answers as the call helper does.
    public typealias CalleeExit = @convention(c) (UnsafeMutableRawPointer, Int64, UnsafeRawPointer,
                                                  UnsafeMutableRawPointer) -> UnsafeMutableRawPointer?
    public var calleeExit: CalleeExit?
    public init() {}
}

extension Proto {
    /// No call asks the tier (the JIT is off, or refused this proto for good).
    public static let neverTierUp = Int.max
    /// No back-edge asks the tier.
    public static let neverOSR = UInt32.max
}

// MARK: instruction counts (`--jit-stats`)

/// How many instructions ran in each tier (`--jit-stats`, `:tier`, `vmrepl.tier`). Counting is
/// chosen when the VM is made (`RuntimeOptions.countBytecodes`) and costs nothing when off: the
/// interpreter runs a loop form of its own that counts (Interpreter+Hooks.swift `CountingLoop`),
/// and only code compiled while counting adds each block's instruction count as the block starts
/// (the backend's `emitBlockCount`). An exit in the middle of a block takes back the instructions
/// of the block it did not run; the instructions compiled code hands to the interpreter's one
/// step (`TierHelpers.step`) count as interpreted. Calls, compares and field helpers made from
/// compiled code count as compiled. A conditional jump skipped by its test counts in compiled code
/// (the interpreter never dispatches it): the share is a little generous to compiled code.
public struct BytecodeCounts: Sendable, Equatable {
    public var interpreted = 0
    public var compiled = 0
    public init(interpreted: Int = 0, compiled: Int = 0) { self.interpreted = interpreted; self.compiled = compiled }
    public var total: Int { interpreted + compiled }
    /// The share run in compiled code (0...1); nil when nothing ran.
    public var compiledShare: Double? { total == 0 ? nil : Double(compiled) / Double(total) }
    public mutating func add(_ p: UnsafeMutablePointer<Proto>) {
        interpreted &+= p.pointee.ranInterpreted
        compiled &+= p.pointee.ranCompiled
    }
    /// "12345 bytecodes run, 98.2% in compiled code".
    public var summary: String {
        guard let share = compiledShare else { return "no bytecodes run" }
        // One decimal, but never "100.0%" or "0.0%" for a share that is neither.
        var tenths = Int((share * 1000).rounded())
        if tenths == 1000 && compiled < total { tenths = 999 }
        if tenths == 0 && compiled > 0 { tenths = 1 }
        return "\(total) bytecodes run, \(tenths / 10).\(tenths % 10)% in compiled code"
    }
}

extension VM {
    /// The counts over every proto the VM loaded, freed ones included.
    public func bytecodeCounts() -> BytecodeCounts {
        var c = freedBytecodeCounts
        for p in protos { c.add(p) }
        return c
    }
}
