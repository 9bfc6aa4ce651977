// The compiling tier (ARCHITECTURE.md §6): decides when to compile, takes the snapshot a compile
// works from, installs code, serves exits, and counts what happened. The compile itself
// (builder, passes, planned exits, backend) is CompileJob.run, on the VM's thread or on the
// compiler thread (JITEngine+Background.swift).
//
// Invariants: the engine is the only writer of a proto's tier fields (`jitEntry`, `tierUpAt`,
// `osrAt`) once the VM loaded it, and it runs on the VM's thread only (the compiler thread sees
// nothing but its jobs); every version it installs is reachable from its proto's record
// and from `byEntry` until it is freed; a discarded version is only unlinked (moved to the
// graveyard) while any run of compiled code is on the native stack (`vm.compiledDepth > 0`: a
// frame waiting in a helper call may return into it) and freed at the next engine entry with
// none; dropping all code likewise waits (and no code is made meanwhile). A proto whose code keeps failing is compiled at most
// `JITLimits.maxVersionsPerProto` times, and refused at most `maxCompileAttempts` times per entry
// point: no deopt loop, no compile loop.
#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CSigint
import LuaBytecode
import LuaRuntime
import X64Assembler

public struct JITOptions {
    public var mode: JITMode = .on
    /// `--jit-log`: one line per event (compile, osr, deopt, discard, refuse).
    public var log: ((String) -> Void)?
    /// Write /tmp/perf-PID.map (`--perf-map`).
    public var perfMap = false
    public var codeBudgetBytes = JITLimits.defaultCodeBudgetBytes
    /// Validate the IR after every pass (always in stress mode).
    public var validateIR = false
    /// `--jit-threads`: 1 compiles on a thread of its own while the interpreter goes on
    /// (JITEngine+Background.swift); 0 compiles on the VM's thread, the caller waiting.
    public var threads = 0
    /// `--jit-compile-delay` (a testing aid): the compiler thread sleeps this long before each
    /// job, so that a test can change what a compile in flight relies on.
    public var compileDelayMicros = 0
    public init() {}
}

public final class JITEngine: CompilingTier {
    public let options: JITOptions
    let memory: CodeMemory
    let features = CPUFeatures.host
    var records: [ProtoRecord?] = []
    var freeRecords: [Int32] = []
    /// Every version whose machine code exists, by entry address (change it through `link` and
    /// `unlink`, which keep `guardedProtoCounts` with it).
    var byEntry: [UInt: CodeVersion] = [:]
    /// The protos the guards of the versions in `byEntry` compare with, with how many versions do.
    var guardedProtoCounts: [UnsafeMutablePointer<Proto>: Int] = [:]
    /// `guardedProtoCounts`' keys, as the collector reads them at every collection.
    var guardedProtosCache: [UnsafeMutablePointer<Proto>]? = []
    /// Discarded versions still linked in `byEntry`, freed when no compiled code runs.
    var graveyard: [CodeVersion] = []
    /// `discardAll` was asked while compiled code ran: the region is reset when none does.
    var flushPending = false
    let callThreshold: Int
    let loopThreshold: UInt32
    public private(set) var stats = Stats()
    /// The last exit taken (proto address, pc): `vmrepl.deopt()` asks whether its caller was
    /// running compiled code until the call.
    var lastExit: (proto: UInt, pc: Int)?
    /// The VM's state, which the compiler thread posts INSTALL to.
    let state: UnsafeMutablePointer<VMState>
    /// Started at the first job queued (`--jit-threads=1`).
    var compiler: CompilerThread?
    /// Nesting of tier-up work on the VM's thread (`openTierUpWindow`).
    var tierUpDepth = 0
    /// Jobs queued and not installed or dropped yet, one per entry point at most.
    var inFlight: [JobKey: CompileJob] = [:]
    /// Bumped whenever all code is discarded: a job from an older epoch is dropped at install.
    var epoch = 0
    /// `--jit-log`'s timestamps count from here (monotonic microseconds).
    let startMicros = JITEngine.microseconds()

    public struct Stats: Sendable {
        public var compiled = 0, refused = 0, osrEntries = 0, deopts = 0, discards = 0
    }

    /// Installs a new engine as `vm.tier` (before any chunk is loaded: protos loaded earlier keep
    /// the interpreter). Nil when code memory cannot be reserved (the VM then stays interpreted).
    @discardableResult
    public static func install(on vm: VM, options: JITOptions) -> JITEngine? {
        guard options.mode != .off, let e = try? JITEngine(vm: vm, options: options) else { return nil }
        vm.tier = e
        return e
    }

    init(vm: VM, options: JITOptions) throws(CodeMemoryError) {
        self.options = options
        memory = try CodeMemory(budget: options.codeBudgetBytes)
        if options.perfMap { memory.perfMap = PerfMap.forThisProcess() }
        callThreshold = max(vm.options.hotCallThreshold, 1)
        loopThreshold = UInt32(clamping: max(vm.options.hotLoopThreshold, 1))
        state = vm.state
    }

    deinit { compiler?.stop() }

    func record(_ p: UnsafeMutablePointer<Proto>) -> ProtoRecord {
        let i = p.pointee.jitRecord
        if i >= 0, let r = records[Int(i)] { return r }
        let r = ProtoRecord(p)
        if let slot = freeRecords.popLast() {
            records[Int(slot)] = r
            p.pointee.jitRecord = slot
        } else {
            records.append(r)
            p.pointee.jitRecord = Int32(records.count - 1)
        }
        return r
    }

    // MARK: CompilingTier

    public func functionIsHot(_ vm: VM, _ p: UnsafeMutablePointer<Proto>) {
        let window = openTierUpWindow()
        defer { closeTierUpWindow(window) }
        let start = StallClock(options.log != nil)
        installFinished(vm)
        sweep(vm)
        let rec = record(p)
        if inFlight[JobKey(p, osrHeader: nil)] != nil {
            // (A discard reset the threshold meanwhile: the job will be dropped, then asked anew.)
            p.pointee.tierUpAt = Proto.neverTierUp
            return
        }
        if background && inFlight.count >= JITLimits.maxJobsInFlight {
            // The compiler thread is behind: ask again after another threshold of calls.
            p.pointee.tierUpAt = p.pointee.callCount + callThreshold
            return
        }
        rec.compileAttempts += 1
        if background {
            switch snapshot(vm, rec, osrHeader: nil) {
            case .success(let job):
                queue(vm, job, start)
                // No call asks again while the job is in flight; the install or the drop says
                // when to (JITEngine+Background.swift).
                p.pointee.tierUpAt = Proto.neverTierUp
            case .failure(let why): wholeCompiled(vm, rec, .failure(why))
            }
        } else {
            wholeCompiled(vm, rec, compile(vm, rec, osrHeader: nil))
        }
    }

    /// A whole-function compile ended: install the version as p's entry, or refuse (and say when
    /// calls ask again).
    func wholeCompiled(_ vm: VM, _ rec: ProtoRecord, _ outcome: Result<CodeVersion, Refusal>) {
        let p = rec.proto
        switch outcome {
        case .success(let v):
            rec.whole = v
            p.pointee.jitEntry = v.entry
            p.pointee.tierUpAt = 0
        case .failure(let why):
            refuse(vm, rec, pc: 0, why.reason)
            p.pointee.tierUpAt = !why.permanent && rec.compileAttempts < JITLimits.maxCompileAttempts
                && rec.versionsLeft ? p.pointee.callCount + callThreshold : Proto.neverTierUp
        }
    }

    public func loopIsHot(_ vm: VM, _ p: UnsafeMutablePointer<Proto>, header pc: Int) -> UnsafeRawPointer? {
        let window = openTierUpWindow()
        defer { closeTierUpWindow(window) }
        let start = StallClock(options.log != nil)
        installFinished(vm)
        sweep(vm)
        let rec = record(p)
        if let v = rec.osr[pc] {
            // The next interpreted frame to run this loop asks again after another threshold of
            // back-edges (a frame that returns from compiled code leaves the count where it was).
            p.pointee.backEdges[pc] = 0
            enterOSR(vm, rec, v)
            return v.entry
        }
        // Refused for good: the count runs past the threshold and this loop never asks again.
        if rec.osrClosed.contains(pc) { return nil }
        // In flight: likewise until the install arms the count or the drop resets it.
        if inFlight[JobKey(rec.proto, osrHeader: pc)] != nil { return nil }
        if background && inFlight.count >= JITLimits.maxJobsInFlight {
            // The compiler thread is behind: ask again after another threshold of back-edges.
            p.pointee.backEdges[pc] = 0
            return nil
        }
        rec.osrAttempts[pc, default: 0] += 1
        if background {
            switch snapshot(vm, rec, osrHeader: pc) {
            case .success(let job):
                // The frame goes on interpreted; it enters at the install if it is still in the
                // loop (JITEngine+Background.swift).
                queue(vm, job, start)
                return nil
            case .failure(let why):
                return osrCompiled(vm, rec, pc, .failure(why))
            }
        }
        return osrCompiled(vm, rec, pc, compile(vm, rec, osrHeader: pc))
    }

    /// An OSR compile at loop header `pc` ended: the entry to jump in at now, or nil (refused).
    @discardableResult
    func osrCompiled(_ vm: VM, _ rec: ProtoRecord, _ pc: Int, _ outcome: Result<CodeVersion, Refusal>,
                     enter: Bool = true) -> UnsafeRawPointer? {
        let p = rec.proto
        switch outcome {
        case .success(let v):
            rec.osr[pc] = v
            p.pointee.backEdges[pc] = 0
            guard enter else { return nil }
            enterOSR(vm, rec, v)
            return v.entry
        case .failure(let why):
            rec.osrRefused += 1
            refuse(vm, rec, pc: pc, why.reason)
            // Ask again after another threshold of back-edges, a few times (feedback grows).
            if !why.permanent && rec.osrAttempts[pc, default: 0] < JITLimits.maxCompileAttempts && rec.versionsLeft {
                p.pointee.backEdges[pc] = 0
            } else {
                rec.osrClosed.insert(pc)
            }
            return nil
        }
    }

    public func exited(_ vm: VM, _ p: UnsafeMutablePointer<Proto>, entry: UnsafeRawPointer, exit index: Int) -> TierExit {
        let v = byEntry[UInt(bitPattern: entry)]!
        let e = v.exits[index]
        lastExit = (UInt(bitPattern: p), e.state.pc)
        if e.reason == .notCompiled || e.reason == .helperStatus {
            // Planned: an instruction the interpreter runs (a tail call, a call it makes itself)
            // or a helper's error. Nothing to count, nothing to reset: the common exit is cheap.
            return TierExit(pc: e.state.pc, limitCheck: false)
        }
        let rec = record(p)
        let forced = v.lowered.stressExits.contains(index)
        var speculationFailed = false
        if v.osrHeader != nil && v.lowered.exitBlocks[index] == 0 && !forced && e.reason != .stackLimit {
            // An OSR entry's own checks: the running frame does not hold what the loop was
            // compiled for (JSC's OSR entry refusal); the frame goes on interpreted.
            rec.osrRefused += 1
            rec.osrTaken -= 1
            stats.osrEntries -= 1
            log("refuse", vm, p, pc: e.state.pc, "OSR entry: \(e.reason.name) in the running frame")
            v.failures[index] += 1
            if v.failures[index] >= JITLimits.guardFailuresBeforeDiscard {
                discard(vm, rec, v, why: "its OSR entry was refused \(v.failures[index]) times")
            }
            sweep(vm)
            return TierExit(pc: e.state.pc, limitCheck: false)
        }
        switch e.reason {
        case .notInteger, .notFloat, .notNumber, .notTable, .notString, .arrayBounds, .nilNeedsMetatable,
             .storeNeedsSlowPath, .forLoopShape, .untakenBranch, .divisionByZero, .callTarget, .nextKeyMissing:
            speculationFailed = !forced
        case .noFeedback:
            // The code was made before this instruction ever ran: make it again, now that the
            // interpreter is about to run it (a version exits here at most once).
            discard(vm, rec, v, why: "no type feedback at pc \(e.state.pc + 1) when it was made")
        case .stackLimit, .notCompiled, .leftOSRRegion, .helperStatus:
            // Not a speculation: a limit check, an instruction the interpreter runs, a helper's
            // error, yield or refusal.
            break
        }
        if e.reason != .notCompiled && e.reason != .leftOSRRegion && e.reason != .helperStatus {
            stats.deopts += 1
            rec.deopts[DeoptCount(reason: e.reason, pc: e.state.pc), default: 0] += 1
            log("deopt", vm, p, pc: e.state.pc, e.reason.name + (forced ? " (stress)" : ""))
        }
        if speculationFailed {
            v.failures[index] += 1
            if v.failures[index] >= JITLimits.guardFailuresBeforeDiscard {
                switch e.reason {
                case .arrayBounds, .nilNeedsMetatable, .storeNeedsSlowPath, .notTable, .callTarget, .nextKeyMissing:
                    // No feedback changes for these: the next code interprets that access (or
                    // makes that call) instead of failing the same way ("recompiled without that
                    // speculation").
                    rec.interpretedPCs.insert(e.state.pc)
                case .notInteger, .notFloat, .notNumber, .notString, .divisionByZero, .forLoopShape,
                     .untakenBranch, .stackLimit, .helperStatus, .notCompiled, .leftOSRRegion, .noFeedback:
                    // The interpreter's feedback has widened since; but a call taken in whose
                    // argument guard keeps failing (math.sqrt("4")) has no feedback to widen:
                    // the next version makes that call.
                    // So does a SELF whose receivers were strings but now are not.
                    let op = Instruction(raw: p.pointee.code[e.state.pc]).opcode
                    if op == .call || op == .self { rec.interpretedPCs.insert(e.state.pc) }
                    if e.reason == .notInteger || e.reason == .notFloat { rec.boxedLoopEntries.insert(e.state.pc) }
                }
                discard(vm, rec, v, why: "\(e.reason.name) failed \(v.failures[index]) times at pc \(e.state.pc + 1)")
            }
        }
        if e.reason == .leftOSRRegion {
            // An OSR entry's code ends where its loop's back-edge goes to an enclosing loop: that
            // loop holds a hot one, so its next back-edge asks for an entry at its own header,
            // whose code covers both (otherwise every outer iteration would run the inner loop's
            // first iterations interpreted before entering again).
            p.pointee.backEdges[e.state.pc] = p.pointee.osrAt &- 1
        } else {
            // The frame continues interpreted: its loops may enter compiled code again (once their
            // back-edge counts reach the threshold anew).
            Proto.resetBackEdgeCounts(p)
        }
        sweep(vm)
        return TierExit(pc: e.state.pc, limitCheck: e.reason == .stackLimit)
    }

    public func protoFreed(_ p: UnsafeMutablePointer<Proto>) {
        let i = p.pointee.jitRecord
        guard i >= 0, let rec = records[Int(i)] else { return }
        cancelJobs(needing: p)
        // No frame of a collected proto runs (its closure would be live): free at once.
        for v in rec.installed {
            unlink(v)
            memory.free(v.block)
        }
        records[Int(i)] = nil
        freeRecords.append(i)
        p.pointee.jitRecord = -1
    }

    @discardableResult
    public func discardAll(_ vm: VM, why: String) -> Int {
        var n = 0
        for case let rec? in records {
            n += rec.installed.count
            rec.installed.forEach(free)
            rec.whole = nil
            rec.osr = [:]
            resetTier(rec.proto)
        }
        flushPending = true
        epoch += 1  // jobs in flight now are dropped at install
        sweep(vm)
        stats.discards += n
        options.log?("jit: discard all compiled code (\(n) code versions): \(why)")
        return n
    }

    // MARK: compiling

    struct Refusal: Error {
        var reason: String
        /// Nothing the interpreter learns can change it (a speed policy on the bytecode).
        var permanent = false
    }

    /// Compile on the VM's thread, the caller waiting: snapshot, build, install.
    func compile(_ vm: VM, _ rec: ProtoRecord, osrHeader: Int?) -> Result<CodeVersion, Refusal> {
        let start = StallClock(options.log != nil)
        switch snapshot(vm, rec, osrHeader: osrHeader) {
        case .failure(let why): return .failure(why)
        case .success(let job):
            job.run()
            return install(vm, rec, job, synchronous: start)
        }
    }

    /// What a compile of `rec`'s proto works from, read now on the VM's thread (CompileJob.swift),
    /// or why it is not compiled.
    func snapshot(_ vm: VM, _ rec: ProtoRecord, osrHeader: Int?) -> Result<CompileJob, Refusal> {
        let p = rec.proto
        if !rec.versionsLeft {
            return .failure(Refusal(reason: "\(rec.versions) code versions made already"))
        }
        if flushPending {
            return .failure(Refusal(reason: "all code is being dropped (compiled code still runs below)"))
        }
        if p.pointee.codeCount > JITLimits.maxBytecodesPerCompile {
            return .failure(Refusal(reason: "\(p.pointee.codeCount) bytecodes: more than a compile takes "
                                        + "(\(JITLimits.maxBytecodesPerCompile))", permanent: true))
        }
        if osrHeader == nil && options.mode == .on, let why = Self.notWorthCompiling(p) {
            return .failure(Refusal(reason: why, permanent: true))
        }
        let fp = vm.protoInfo(of: p)
        var input = BuildInput(fp, feedback: Array(UnsafeBufferPointer(start: p.pointee.feedback, count: p.pointee.codeCount)))
        input.osrEntryPC = osrHeader
        input.interpretedPCs = rec.interpretedPCs
        input.boxedLoopEntries = rec.boxedLoopEntries
        if let header = osrHeader { input.osrFloatSteps = Self.floatLoopsRunning(vm, p, header) }
        input.callTargets = Self.callTargets(vm, p)
        input.interpretedPCs.formUnion(Self.storesThatAddFields(p))
        let links = RuntimeLinks(vm: Unmanaged.passUnretained(vm).toOpaque(), helpers: vm.tierHelpers,
                                 code: Array(UnsafeBufferPointer(start: p.pointee.code, count: p.pointee.codeCount)),
                                 indexName: UnsafeMutableRawPointer(vm.tmNames[Int(TM.index.rawValue)]),
                                 codeAddress: p.pointee.code,
                                 bytecodeCounter: vm.countsBytecodes ? UnsafeMutableRawPointer(p) + RuntimeLayout.protoRanCompiledOffset : nil)
        let settings = CompileJob.Settings(mode: options.mode, validate: options.validateIR || options.mode == .stress,
                                           features: features)
        return .success(CompileJob(proto: p, osrHeader: osrHeader, input: input, links: links,
                                   fieldKeys: FieldKeys(p.pointee.k, count: p.pointee.kCount), settings: settings,
                                   epoch: epoch, generation: rec.generation))
    }

    /// Put a finished job's code into code memory and link it as a version of its proto (the
    /// caller makes it an entry), or answer its refusal. `synchronous`: when the compile began on
    /// the VM's thread (the log's time is then the whole compile's); nil for a background job.
    func install(_ vm: VM, _ rec: ProtoRecord, _ job: CompileJob, synchronous: StallClock?) -> Result<CodeVersion, Refusal> {
        let p = rec.proto, osrHeader = job.osrHeader
        let built: CompileJob.Built
        switch job.takeResult()! {
        case .failure(let why): return .failure(why)
        case .success(let b): built = b
        }
        let name = "lua: " + functionName(vm, p) + (osrHeader.map { " osr@\($0 + 1)" } ?? "")
        var block: CodeBlock
        do { block = try memory.install(built.lowered.bytes, name: name) } catch {
            // The budget ran out: drop every piece of code and start afresh (LuaJIT's and YJIT's
            // answer); a function larger than the whole budget stays interpreted.
            discardAll(vm, why: error.description)
            do { block = try memory.install(built.lowered.bytes, name: name) } catch {
                built.stressFlags?.deallocate()
                return .failure(Refusal(reason: error.description))
            }
        }
        rec.versions += 1
        let v = CodeVersion(block: block, ir: built.f, lowered: built.lowered, osrHeader: osrHeader,
                            stressFlags: built.stressFlags, number: rec.versions, compileMicros: job.buildMicros)
        link(v)
        stats.compiled += 1
        rec.refusal = nil
        var detail = "\(p.pointee.codeCount) bytecodes, \(built.lowered.bytes.count) bytes, "
            + (synchronous?.elapsed ?? "\(job.buildMicros) us on the compiler thread"
                + (job.rests > 0 ? " (\(job.rests) rests)" : ""))
        if osrHeader != nil { detail += ", OSR entry" }
        detail += ", version \(v.number)"
        if let share = built.loopShare { detail += ", loops \(Int(share * 100))% runtime calls" }
        if let calls = built.takenIn { detail += ", took in \(calls)" }
        log("compile", vm, p, pc: osrHeader ?? 0, detail)
        return .success(v)
    }

    /// The speed policy of `--jit=on` (eager and stress compile everything, to test it): a
    /// function with no loop that makes a tail call compiled code does not make (one that must
    /// close variables, from a vararg function, or with a variable argument count: the
    /// interpreter makes those) gains nothing compiled, since its code would exit there at
    /// every call.
    static func notWorthCompiling(_ p: UnsafeMutablePointer<Proto>) -> String? {
        var tailCalls = false
        for pc in 0..<p.pointee.codeCount {
            let i = Instruction(raw: p.pointee.code[pc])
            switch i.opcode {
            case .forLoop, .tForLoop: return nil
            case .jmp where i.sJ < 0: return nil
            case .tailCall where !Lowering.isCompiledTailCall(i): tailCalls = true
            default: break
            }
        }
        return tailCalls ? "no loop, and it makes a tail call that leaves compiled code" : nil
    }

    /// Whether the CALL at pc is a direct call when its callee has code (Lowering+Calls.swift):
    /// a fixed argument count, and only Lua functions seen as callees. Other calls go through
    /// the call helper and an activation, dearer than the interpreter's flat call.
    static func isDirectCall(_ ins: Instr, _ input: BuildInput) -> Bool {
        guard case .call = ins.op, let pc = ins.exit?.state.pc else { return false }
        let lua = UInt16(1) << UInt16(Tag.luaClosure & 15)
        return input.feedback[pc] == lua && input.code[pc].b != 0
    }

    /// The numeric for loops around loop header `header` that the running frame (the thread's
    /// current one, which asked for the entry) runs as float loops: FORLOOP pc -> step.
    static func floatLoopsRunning(_ vm: VM, _ p: UnsafeMutablePointer<Proto>, _ header: Int) -> [Int: Double] {
        let ci = vm.current.pointee.ci
        guard ci.pointee.closure?.pointee.proto == p else { return [:] }
        let base = vm.current.pointee.stack + ci.pointee.baseIdx
        var out: [Int: Double] = [:]
        for pc in header..<p.pointee.codeCount {
            let i = Instruction(raw: p.pointee.code[pc])
            guard i.opcode == .forLoop, pc + 1 - i.bx <= header else { continue }
            let step = base[i.a + 2]
            if step.tag == Tag.float { out[pc] = step.f }
        }
        return out
    }

    /// The share of the operations in `f`'s loops that call the runtime (calls, and instructions
    /// handed to the interpreter); nil when it has no loop. Each such call writes the frame state
    /// and reloads the registers: a loop made mostly of them gains nothing compiled.
    static func runtimeShareInLoops(_ f: IRFunction, _ input: BuildInput) -> Double? {
        var blocks = PlannedExits.blocksOnCycles(f)
        if let h = input.osrEntryPC, let end = BytecodeFlow(input.code).loopHeaders[h] {
            // An OSR build is made for its entry loop, the hot one, and judged by it alone: the
            // loops after it in the region run compiled too, no slower than interpreted.
            let own = blocks.filter { (h...end).contains(f.blocks[$0].pc) }
            if !own.isEmpty { blocks = own }
        }
        return runtimeShare(f, blocks: blocks, input: input)
    }

    /// The share of the operations of `blocks` that call the runtime; nil when they hold no
    /// operation. Field loads and stores do not count: they probe the hash part inline
    /// (Lowering+Fields) and call their helper only on a miss; nor do direct calls.
    static func runtimeShare(_ f: IRFunction, blocks: Set<Int>, input: BuildInput) -> Double? {
        var calls = 0, total = 0
        for b in blocks {
            for ins in f.blocks[b].instrs {
                switch ins.op {
                case .loadReg, .storeReg, .box, .constInt, .constFloat, .constBool, .constNil, .constK, .checkLimit:
                    continue  // bookkeeping, not work
                case .fieldLoad, .fieldStore, .call where isDirectCall(ins, input):
                    total += 1
                default:
                    total += 1
                    if ins.op.info.effect == .mayCallOut { calls += 1 }
                }
            }
        }
        return total == 0 ? nil : Double(calls) / Double(total)
    }

    func enterOSR(_ vm: VM, _ rec: ProtoRecord, _ v: CodeVersion) {
        rec.osrTaken += 1
        stats.osrEntries += 1
        log("osr", vm, rec.proto, pc: v.osrHeader!, "version \(v.number)")
    }

    func refuse(_ vm: VM, _ rec: ProtoRecord, pc: Int, _ why: String) {
        stats.refused += 1
        rec.refusal = why
        log("refuse", vm, rec.proto, pc: pc, why)
    }

    /// Drop one version; its proto tiers up again from its counters.
    func discard(_ vm: VM, _ rec: ProtoRecord, _ v: CodeVersion, why: String) {
        // Frames nested in calls may still exit through a version already discarded.
        if v.retired { return }
        rec.generation += 1  // its jobs in flight are dropped at install
        if rec.whole === v { rec.whole = nil }
        if let h = v.osrHeader, rec.osr[h] === v { rec.osr[h] = nil }
        free(v)
        resetTier(rec.proto)
        stats.discards += 1
        log("discard", vm, rec.proto, pc: v.osrHeader ?? 0, why)
    }

    /// Unlink v; its memory goes at the next sweep with no compiled code running.
    func free(_ v: CodeVersion) {
        if v.retired { return }
        v.retired = true
        graveyard.append(v)
    }

    /// Free the graveyard (and reset the region after `discardAll`) when no run of compiled code
    /// is on the native stack.
    func sweep(_ vm: VM) {
        guard vm.compiledDepth == 0, flushPending || !graveyard.isEmpty else { return }
        for v in graveyard { unlink(v) }
        if flushPending {
            precondition(byEntry.isEmpty, "a version survived dropping all code")
            memory.discardAll()
            flushPending = false
        } else {
            for v in graveyard { memory.free(v.block) }
        }
        graveyard.removeAll()
    }

    /// After its code went away: the proto asks again after another threshold of calls, unless it
    /// has had all the versions it may.
    func resetTier(_ p: UnsafeMutablePointer<Proto>) {
        let rec = record(p)
        p.pointee.jitEntry = rec.whole?.entry
        if rec.whole == nil {
            p.pointee.tierUpAt = rec.versionsLeft ? p.pointee.callCount + callThreshold : Proto.neverTierUp
        }
        Proto.resetBackEdgeCounts(p)
    }

    // MARK: naming and logging

    func functionName(_ vm: VM, _ p: UnsafeMutablePointer<Proto>) -> String {
        let info = vm.protoInfo(of: p)
        let chunk = VM.chunkID(info.source)
        return info.lineDefined == 0 ? "main chunk (\(chunk))" : "function (\(chunk):\(info.lineDefined))"
    }

    func log(_ event: String, _ vm: VM, _ p: UnsafeMutablePointer<Proto>, pc: Int, _ detail: String) {
        guard let sink = options.log else { return }
        sink("jit: \(event) \(functionName(vm, p)) pc \(pc + 1) line \(p.pointee.lines[pc]): \(detail)")
    }

    static func microseconds(_ clock: clockid_t = CLOCK_MONOTONIC) -> Int {
        var ts = timespec()
        clock_gettime(clock, &ts)
        return ts.tv_sec * 1_000_000 + ts.tv_nsec / 1000
    }
}

/// The VM thread's time spent on a tier-up event, for `--jit-log`: wall time (what the program
/// waits), and the thread's CPU time (the same without the time the machine gave other threads).
/// Read only for the log (`on`): the CPU clock is a system call.
struct StallClock {
    let wall: Int, cpu: Int
    init(_ on: Bool) {
        wall = on ? JITEngine.microseconds() : 0
        cpu = on ? JITEngine.microseconds(CLOCK_THREAD_CPUTIME_ID) : 0
    }
    /// "N us (cpu M us)" since the clock was made.
    var elapsed: String {
        "\(JITEngine.microseconds() - wall) us (cpu \(JITEngine.microseconds(CLOCK_THREAD_CPUTIME_ID) - cpu) us)"
    }
}
