// Background compilation (`--jit-threads=1`, ARCHITECTURE.md §6): a hot function or loop is
// queued as a job (the snapshot, taken on the VM's thread) and the interpreter goes on; the
// compiler thread compiles it and posts INSTALL through the limit word; the VM's thread installs
// it at the check that takes the request (`installFinished`, from `VM.serviceRequests`, and at
// every engine entry), or drops it.
//
// Invariants:
// - One job per entry point (a proto whole, or a proto and a loop header) is in flight at most
//   (`inFlight`). Meanwhile its counters do not ask again: a whole job sets `tierUpAt` to never,
//   an OSR job leaves its header's count past the threshold; the install or the drop resets them.
// - A job in flight is cancelled when a proto it names (its own, or a callee it may take in) is
//   freed (`protoFreed`; every such proto has a record, so the collector tells the engine): no
//   job outlives its proto or takes another proto at a callee's address for the callee. A
//   cancelled job leaves `inFlight` at once (a new proto at the same address may queue its own)
//   and the thread's queue too; if it was being compiled, it is dropped when handed back.
// - At most `JITLimits.maxJobsInFlight` jobs are in flight: an entry point getting hot beyond
//   them asks again after another threshold.
// - A job is installed only if nothing it assumed changed while it was in flight: all code
//   discarded (`epoch`: flush, `:deopt-here`, the DEOPT request, code memory exhausted), a
//   version of its proto discarded (`ProtoRecord.generation`: a guard failing until its code
//   went, `vmrepl.deopt`, `vmrepl.compile`, no feedback at an exit), its proto freed; and
//   feedback grown since the snapshot drops it too, at most `JITLimits.maxFeedbackDrops` times
//   per proto (code made from the old feedback would still be right, only slower). A dropped
//   job is logged and its entry point asks again after another threshold.
// - An OSR entry installed arms its header's count (`osrAt - 1`): the next back-edge to that
//   header enters it, and the interpreter's back-edge check that took INSTALL enters it right
//   there (Interpreter+Ops.swift `backEdge`).
// - `settle` (tier queries, `vmrepl.compile`) waits for the thread to be idle and installs what
//   it finished, so what a script asks about tiers does not depend on the thread's timing.
import LuaRuntime

/// An entry point a job compiles: a proto whole (header -1) or at a loop header.
struct JobKey: Hashable {
    let proto: UInt
    let header: Int
    init(_ p: UnsafeMutablePointer<Proto>, osrHeader: Int?) {
        proto = UInt(bitPattern: p)
        header = osrHeader ?? -1
    }
}

extension JITEngine {
    /// Compiles run on the compiler thread.
    var background: Bool { options.threads > 0 }

    /// Microseconds since the engine started, for `--jit-log`'s timestamps.
    var logTime: String { "t=\(Self.microseconds() - startMicros) us" }

    /// Queue `job`; `start`: when the tier-up that made it began (the log says how long the VM's
    /// thread spent on it: the snapshot and the queueing).
    func queue(_ vm: VM, _ job: CompileJob, _ start: StallClock) {
        let key = JobKey(job.proto, osrHeader: job.osrHeader)
        precondition(inFlight[key] == nil, "a second job for one entry point")
        inFlight[key] = job
        // Every proto it names has a record, so that the collector reports it freed.
        for q in job.protosNeeded { _ = record(q) }
        if compiler == nil { compiler = CompilerThread(state: state, compileDelayMicros: options.compileDelayMicros) }
        compiler!.enqueue(job)
        guard options.log != nil else { return }
        log("queue", vm, job.proto, pc: job.osrHeader ?? 0,
            (job.osrHeader == nil ? "whole function" : "OSR entry") + ", snapshot \(start.elapsed), \(logTime)")
    }

    /// Install (or drop) every job the compiler thread finished: the INSTALL request's service.
    public func installFinished(_ vm: VM) {
        guard let compiler else { return }
        let finished = compiler.takeFinished()
        if finished.isEmpty { return }
        let window = openTierUpWindow()
        defer { closeTierUpWindow(window) }
        for job in finished { installJob(vm, job) }
    }

    /// Tier-up work on the VM's thread begins (a snapshot, installs): the compiler thread gives
    /// way until `closeTierUpWindow` (CompilePacing.swift). Nests; the window it opened, if any.
    func openTierUpWindow() -> TierUpWindow? {
        guard let w = compiler?.window else { return nil }
        tierUpDepth += 1
        if tierUpDepth == 1 { w.open.store(true, ordering: .releasing) }
        return w
    }

    func closeTierUpWindow(_ w: TierUpWindow?) {
        guard let w else { return }
        tierUpDepth -= 1
        if tierUpDepth == 0 { w.open.store(false, ordering: .releasing) }
    }

    /// Wait until the compiler thread has nothing queued or running, then install what it
    /// finished.
    public func settle(_ vm: VM) {
        guard let compiler else { return }
        compiler.waitUntilIdle()
        installFinished(vm)
    }

    /// The VM is going away: stop the compiler thread (it must not post to a freed VMState).
    public func shutDown() {
        compiler?.stop()
        inFlight.removeAll()
    }

    /// `p` is being freed: cancel every job in flight that names it.
    func cancelJobs(needing p: UnsafeMutablePointer<Proto>) {
        for (key, job) in inFlight where job.protosNeeded.contains(p) {
            job.cancelled = true
            inFlight[key] = nil
            compiler?.dropQueued(job)
            options.log?("jit: drop a job for a freed function: it was freed while it compiled, "
                         + "waited \(Self.microseconds() - job.queuedAt) us, \(logTime)")
        }
    }

    func installJob(_ vm: VM, _ job: CompileJob) {
        let clock = StallClock(options.log != nil)
        let start = clock.wall
        let key = JobKey(job.proto, osrHeader: job.osrHeader)
        if inFlight[key] === job { inFlight[key] = nil }
        let p = job.proto
        if job.cancelled { return }  // (logged when it was cancelled)
        let waited = start - job.queuedAt
        let rec = record(p)
        let pc = job.osrHeader ?? 0
        if let why = dropReason(job, rec) {
            log("drop", vm, p, pc: pc, "\(why), waited \(waited) us, \(logTime)")
            if let h = job.osrHeader {
                p.pointee.backEdges[h] = 0
            } else if rec.whole == nil {
                p.pointee.tierUpAt = rec.versionsLeft ? p.pointee.callCount + callThreshold : Proto.neverTierUp
            }
            return
        }
        let outcome = install(vm, rec, job, synchronous: nil)
        if let h = job.osrHeader {
            osrCompiled(vm, rec, h, outcome, enter: false)
            // The next back-edge to the header enters, the one taking this request included.
            if case .success = outcome { p.pointee.backEdges[h] = p.pointee.osrAt &- 1 }
        } else {
            wholeCompiled(vm, rec, outcome)
        }
        if case .success(let v) = outcome, options.log != nil {
            log("install", vm, p, pc: pc, "version \(v.number), waited \(waited) us, install \(clock.elapsed), \(logTime)")
        }
    }

    /// Why a finished job must not be installed, if it must not.
    func dropReason(_ job: CompileJob, _ rec: ProtoRecord) -> String? {
        if job.epoch != epoch { return "dropped: all compiled code was discarded while it compiled" }
        if job.generation != rec.generation { return "dropped: code of this function was discarded while it compiled" }
        if rec.feedbackDrops < JITLimits.maxFeedbackDrops {
            let p = rec.proto
            for pc in 0..<min(job.input.feedback.count, p.pointee.codeCount)
            where p.pointee.feedback[pc] & ~job.input.feedback[pc] != 0 {
                rec.feedbackDrops += 1
                return "dropped: the feedback at pc \(pc + 1) grew while it compiled"
            }
        }
        return nil
    }
}
