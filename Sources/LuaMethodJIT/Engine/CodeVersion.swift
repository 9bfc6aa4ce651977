// What the engine keeps per proto and per piece of installed code: the side tables an exit reads,
// and the counters `:tier`, `vmrepl.tier` and `--jit-log` report.
//
// Invariants: a CodeVersion's exits are indexed by the number its machine code answers; its block
// is live in code memory while the version is installed (in `ProtoRecord.whole` or `.osr`); the
// stress flags, when present, are owned by the version and freed with it.
import LuaRuntime

/// One installed piece of machine code: a whole function, or an OSR entry at one loop header.
final class CodeVersion {
    let block: CodeBlock
    let ir: IRFunction
    let lowered: LoweredFunction
    /// nil: entered at a call; else the loop header (0-based pc) a running frame jumps in at.
    let osrHeader: Int?
    /// Failures per exit (stress mode's forced exits and planned exits are not counted).
    var failures: [Int]
    let stressFlags: UnsafeMutablePointer<UInt8>?
    /// Which version of its proto this is (1-based, over the proto's life).
    let number: Int
    let compileMicros: Int
    /// Discarded: unlinked from its proto, waiting in the graveyard to be freed.
    var retired = false
    /// The protos its guards compare with (inlined callees): kept alive while it exists.
    let guardedProtos: [UnsafeMutablePointer<Proto>]

    init(block: CodeBlock, ir: IRFunction, lowered: LoweredFunction, osrHeader: Int?,
         stressFlags: UnsafeMutablePointer<UInt8>?, number: Int, compileMicros: Int) {
        self.block = block; self.ir = ir; self.lowered = lowered; self.osrHeader = osrHeader
        self.stressFlags = stressFlags; self.number = number; self.compileMicros = compileMicros
        failures = [Int](repeating: 0, count: lowered.exits.count)
        guardedProtos = JITEngine.guardedProtos(ir)
    }
    deinit { stressFlags?.deallocate() }

    var entry: UnsafeRawPointer { block.entry }
    var exits: [Exit] { lowered.exits }
}

/// A deopt reason at one pc, with how often it happened.
public struct DeoptCount: Hashable, Sendable {
    public var reason: DeoptReason
    /// 0-based pc of the instruction the interpreter resumed at.
    public var pc: Int
}

/// The engine's record of one proto.
final class ProtoRecord {
    let proto: UnsafeMutablePointer<Proto>
    var whole: CodeVersion?
    var osr: [Int: CodeVersion] = [:]
    /// Code versions made so far (whole and OSR).
    var versions = 0
    var compileAttempts = 0
    var osrAttempts: [Int: Int] = [:]
    /// Loop headers refused for good (a permanent refusal, or too many attempts).
    var osrClosed: Set<Int> = []
    var osrTaken = 0
    var osrRefused = 0
    var deopts: [DeoptCount: Int] = [:]
    /// Why the last compilation was refused.
    var refusal: String?
    /// Table accesses whose fast path kept failing: later code interprets them (BuildInput).
    var interpretedPCs: Set<Int> = []
    /// pcs where a type guard failed until its code was discarded: at a loop header, the next
    /// versions leave values entering the loop boxed (BuildInput.boxedLoopEntries).
    var boxedLoopEntries: Set<Int> = []
    /// Bumped whenever a version of this proto is discarded (and with it, maybe, what later code
    /// must not speculate on): a job snapshotted before is dropped at install.
    var generation = 0
    /// Jobs dropped at install because the feedback they were made from had grown meanwhile
    /// (JITLimits.maxFeedbackDrops).
    var feedbackDrops = 0

    init(_ p: UnsafeMutablePointer<Proto>) { proto = p }

    /// Whether another version may be made. (Versions that made progress, each discarded for a
    /// table access the next one interprets, count too: a function needing many such steps runs
    /// faster interpreted, measured on bench/fannkuch's 0-based arrays.)
    var versionsLeft: Bool { versions < JITLimits.maxVersionsPerProto }

    var installed: [CodeVersion] { (whole.map { [$0] } ?? []) + osr.keys.sorted().map { osr[$0]! } }
}
