// A compile job: the snapshot the VM's thread takes of one proto (`JITEngine.snapshot`), and the
// pure work that turns it into machine code (`run`: builder, passes, speed policy, planned exits,
// register allocation, lowering into a private byte buffer), wherever it runs: on the VM's
// thread (`--jit-threads=0`, `vmrepl.compile`) or on the compiler thread (CompilerThread.swift).
//
// Invariants:
// - Everything `run` reads is in the job and immutable once the job is made: bytecode, constants,
//   feedback and the engine's records are copied arrays (`BuildInput`); callees to take in are
//   copies too, named by their address, which the code compares but nothing dereferences; the
//   heap addresses the code embeds (the VM, the proto's instructions and counters, the field
//   keys' strings, "__index") are numbers read on the VM's thread (`RuntimeLinks`, `FieldKeys`).
//   So the compiler thread never reads or writes the Lua heap or a counter the interpreter
//   updates, and needs no lock against the collector.
// - `run` writes only the job's `result` and `buildMicros` (and allocates the stress flags the
//   result owns). A job is handed between threads only under the compiler thread's mutex, which
//   orders those writes before the VM's thread reads them.
// - The code's bytes are position-independent (the backend assembles at origin 0 and reaches
//   helpers through absolute addresses): installing copies them anywhere in code memory.
// - A job whose result is never installed frees the stress flags it owns when it goes.
#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import LuaBytecode
import LuaRuntime
import X64Assembler

final class CompileJob: @unchecked Sendable {
    /// What `run` makes, for the VM's thread to install.
    struct Built {
        var f: IRFunction
        var lowered: LoweredFunction
        var stressFlags: UnsafeMutablePointer<UInt8>?
        /// For the compile line of `--jit-log`.
        var loopShare: Double?
        var takenIn: String?
    }

    /// How `run` compiles: the engine's settings, copied.
    struct Settings {
        var mode: JITMode
        var validate: Bool
        var features: CPUFeatures
    }

    // Set on the VM's thread before the job is queued; never written afterwards.
    /// The proto compiled: only the VM's thread dereferences it (at install).
    let proto: UnsafeMutablePointer<Proto>
    /// nil: the whole function; else the loop header (0-based pc) of an OSR entry.
    let osrHeader: Int?
    let input: BuildInput
    let links: RuntimeLinks
    let fieldKeys: FieldKeys
    let settings: Settings
    /// The proto and the callees the code may guard on (taken in): the job is cancelled when
    /// one of them is freed (`JITEngine.cancelJobs`).
    let protosNeeded: [UnsafeMutablePointer<Proto>]
    /// The engine's epoch and the proto record's generation when the snapshot was taken: a job
    /// made before code was discarded is dropped at install (JITEngine+Background.swift).
    let epoch: Int
    let generation: Int
    /// Monotonic microseconds when the job was made (queued).
    let queuedAt = JITEngine.microseconds()

    // Written by `run`; read by the VM's thread once the job is handed back.
    private(set) var result: Result<Built, JITEngine.Refusal>?
    private(set) var buildMicros = 0
    /// Rests the compiler thread took during `run` (CompilePacing.swift).
    private(set) var rests = 0
    /// Set by the VM's thread: the proto was freed (the job is dropped at install).
    var cancelled = false

    init(proto: UnsafeMutablePointer<Proto>, osrHeader: Int?, input: BuildInput, links: RuntimeLinks,
         fieldKeys: FieldKeys, settings: Settings, epoch: Int, generation: Int) {
        self.proto = proto; self.osrHeader = osrHeader; self.input = input; self.links = links
        self.fieldKeys = fieldKeys; self.settings = settings; self.epoch = epoch; self.generation = generation
        var needed: Set<UInt> = [UInt(bitPattern: proto)]
        for case .lua(let callee) in input.callTargets.values { needed.insert(callee.proto) }
        protosNeeded = needed.sorted().map { UnsafeMutablePointer<Proto>(bitPattern: $0)! }
    }

    deinit {
        if case .success(let built)? = result { built.stressFlags?.deallocate() }
    }

    /// The result, handed over to the code version it becomes (which then owns the stress flags).
    func takeResult() -> Result<Built, JITEngine.Refusal>? {
        defer { result = nil }
        return result
    }

    /// Compile the snapshot: pure, on any thread (see the invariants above).
    func run() {
        let start = JITEngine.microseconds(), restsBefore = CompilePacing.rests
        result = Self.build(input, osrHeader: osrHeader, links: links, fieldKeys: fieldKeys, settings: settings)
        buildMicros = JITEngine.microseconds() - start
        rests = CompilePacing.rests - restsBefore
    }

    typealias Refusal = JITEngine.Refusal

    static func build(_ input: BuildInput, osrHeader: Int?, links: RuntimeLinks, fieldKeys: FieldKeys,
                      settings: Settings) -> Result<Built, Refusal> {
        func opName(_ pc: Int) -> String { input.code[pc].opcode.mnemonic }
        var f = IRBuilder.build(input)
        CompilePacing.point()
        do { try PassPipeline.run(&f, validate: settings.validate, between: CompilePacing.point) } catch {
            return .failure(Refusal(reason: "IR validation failed: \(error.messages.joined(separator: "; "))"))
        }
        let loopShare = JITEngine.runtimeShareInLoops(f, input)
        if settings.mode == .on, let share = loopShare, share >= JITLimits.maxRuntimeShareInLoops {
            return .failure(Refusal(reason: "\(Int(share * 100))% of its loops' operations call the runtime: "
                                        + "compiled, they would run no faster", permanent: true))
        }
        if settings.mode == .on && osrHeader == nil {
            // Entered at every call, a whole function must win at once, outside its loops too.
            let loopFree = PlannedExits.blocksOnCycles(f).isEmpty
            if let share = JITEngine.runtimeShare(f, blocks: Set(f.blocks.indices), input: input),
               share >= JITLimits.maxRuntimeShareWholeFunction {
                return .failure(Refusal(reason: (loopFree ? "no loop, and " : "entered at every call, ")
                                            + "\(Int(share * 100))% of its operations call the runtime"
                                            + ": compiled, it would run no faster", permanent: true))
            }
        }
        CompilePacing.point()
        let planned = PlannedExits.apply(&f, features: settings.features, runtime: true)
        if let stuck = planned.stuck { return .failure(Refusal(reason: stuck)) }
        if let pc = planned.inLoop.first {
            return .failure(Refusal(reason: "\(opName(pc)) at pc \(pc + 1) runs in the interpreter, inside a loop"))
        }
        if osrHeader == nil, let pc = planned.outsideLoops.first, pc == 0 {
            // Every call would enter only to leave at once.
            return .failure(Refusal(reason: "\(opName(pc)) at pc \(pc + 1) runs in the interpreter"))
        }
        if settings.validate {
            do { try f.validate() } catch {
                return .failure(Refusal(reason: "IR validation failed: \(error.messages.joined(separator: "; "))"))
            }
        }
        var flags: UnsafeMutablePointer<UInt8>?
        if settings.mode == .stress {
            let n = max(Backend.stressFlagCount(f), 1)
            flags = UnsafeMutablePointer<UInt8>.allocate(capacity: n)
            flags!.initialize(repeating: 1, count: n)
        }
        do {
            let lowered = try Backend.lower(f, features: settings.features, stressFlags: flags, runtime: links,
                                            fieldKeys: fieldKeys)
            return .success(Built(f: f, lowered: lowered, stressFlags: flags, loopShare: loopShare,
                                  takenIn: JITEngine.takenIn(f)))
        } catch {
            flags?.deallocate()
            return .failure(Refusal(reason: error.reason))
        }
    }
}
