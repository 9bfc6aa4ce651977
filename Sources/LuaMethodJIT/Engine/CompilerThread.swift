// The compiler thread of one VM (`--jit-threads=1`): a plain pthread that takes compile jobs
// from a queue, runs their pure part (CompileJob.run) and hands them back finished, posting the
// INSTALL request through the limit word so that the VM's thread installs them at its next check.
//
// Invariants:
// - The thread touches nothing of the VM but the jobs it is handed and, to post INSTALL, the two
//   atomic words of the VMState (`vmstate_request`), exactly as a signal handler does.
// - `queue`, `finished`, `busy` and `stopping` are read and written under `mutex` only. A job is
//   in exactly one place: the queue, the thread's hands (`busy`), `finished`, or back with the
//   engine; the mutex hand-off orders a job's writes on one thread before its reads on the other.
// - The thread starts at the first job queued and is stopped and joined by `stop()` before the
//   VM (and its VMState) goes away (`CompilingTier.shutDown`, from the VM's deinit): no thread
//   outlives its VM, none posts to a freed VMState. Jobs still queued then are dropped.
// - `compileDelayMicros` (`--jit-compile-delay`, a testing aid) only sleeps before each job; the
//   sleep wakes at `stop()`.
#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CSigint

final class CompilerThread: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Signalled when a job is queued or the thread must stop.
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Broadcast when a job is finished (`waitUntilIdle`).
    private let idle = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var queue: [CompileJob] = []
    private var finished: [CompileJob] = []
    private var busy = false
    private var stopping = false
    private var thread: pthread_t?
    private let state: UnsafeMutablePointer<VMState>
    private let compileDelayMicros: Int
    /// Open while the VM's thread does tier-up work: the thread gives way (CompilePacing.swift).
    let window = TierUpWindow()

    init(state: UnsafeMutablePointer<VMState>, compileDelayMicros: Int) {
        self.state = state
        self.compileDelayMicros = compileDelayMicros
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wake, nil)
        pthread_cond_init(idle, nil)
    }

    deinit {
        precondition(thread == nil, "a compiler thread still runs")
        pthread_cond_destroy(idle); pthread_cond_destroy(wake); pthread_mutex_destroy(mutex)
        idle.deallocate(); wake.deallocate(); mutex.deallocate()
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// Queue a job (starting the thread at the first).
    func enqueue(_ job: CompileJob) {
        locked {
            precondition(!stopping, "a job queued after stop()")
            queue.append(job)
            pthread_cond_signal(wake)
        }
        if thread == nil { start() }
    }

    /// Take `job` out of the queue if it is still there (its proto was freed).
    func dropQueued(_ job: CompileJob) {
        locked { queue.removeAll { $0 === job } }
    }

    /// The jobs finished since the last call, in the order they finished.
    func takeFinished() -> [CompileJob] {
        locked {
            defer { finished.removeAll() }
            return finished
        }
    }

    /// Block until no job is queued or being compiled.
    func waitUntilIdle() {
        locked {
            while !queue.isEmpty || busy { pthread_cond_wait(idle, mutex) }
        }
    }

    /// Stop the thread and wait for it; jobs still queued are dropped (the one being compiled is
    /// finished first: compiles are short).
    func stop() {
        guard let t = thread else { return }
        locked {
            stopping = true
            queue.removeAll()
            pthread_cond_broadcast(wake)
        }
        pthread_join(t, nil)
        thread = nil
        locked { finished.removeAll() }
    }

    private func start() {
        let me = Unmanaged.passRetained(self).toOpaque()
        var t = pthread_t()
        let rc = pthread_create(&t, nil, { arg in
            let ct = Unmanaged<CompilerThread>.fromOpaque(arg!).takeRetainedValue()
            ct.loop()
            return nil
        }, me)
        precondition(rc == 0, "cannot start the JIT's compiler thread (error \(rc))")
        thread = t
    }

    private func loop() {
        CompilePacing.begin(givingWayTo: window)
        defer { CompilePacing.end() }
        while true {
            pthread_mutex_lock(mutex)
            while queue.isEmpty && !stopping { pthread_cond_wait(wake, mutex) }
            if stopping {
                pthread_mutex_unlock(mutex)
                return
            }
            let job = queue.removeFirst()
            busy = true
            if compileDelayMicros > 0 { sleepUnlessStopped(compileDelayMicros) }
            pthread_mutex_unlock(mutex)
            CompilePacing.startSlice()
            job.run()
            pthread_mutex_lock(mutex)
            busy = false
            finished.append(job)
            pthread_cond_broadcast(idle)
            pthread_mutex_unlock(mutex)
            vmstate_request(state, UInt32(VMSTATE_REQUEST_INSTALL))
        }
    }

    /// Sleep `micros` with the mutex held (released while waiting), waking early at `stop()`.
    private func sleepUnlessStopped(_ micros: Int) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let ns = now.tv_nsec + (micros % 1_000_000) * 1000
        var deadline = timespec(tv_sec: now.tv_sec + micros / 1_000_000 + ns / 1_000_000_000, tv_nsec: ns % 1_000_000_000)
        while !stopping && pthread_cond_timedwait(wake, mutex, &deadline) != ETIMEDOUT {}
    }
}
