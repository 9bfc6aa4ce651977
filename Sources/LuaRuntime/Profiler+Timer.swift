// The profiler's timer: a thread that posts VMSTATE_REQUEST_SAMPLE to one VMState every interval.
//
// Invariants: the thread runs only while a profiler does (started by `VM.startProfiler`, stopped
// and joined by `stopProfiler` before it returns); it touches VMState only through
// `vmstate_request` (atomic: the protocol's one way to post from another thread) and nothing of
// the VM else; ticks fall on absolute CLOCK_MONOTONIC deadlines (no drift from the time a post
// takes), and a deadline already past (the thread was descheduled) moves on from now instead of
// posting a burst; the wait is a condition variable's timed wait on the monotonic clock, so a
// stop wakes the thread at once whatever the interval.
#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CSigint
import Synchronization

final class SampleTimer: @unchecked Sendable {
    // @unchecked: `state` is only handed to vmstate_request (atomic); the mutex guards `stopping`
    // together with the condition variable; `posted` is atomic.
    private let state: UnsafeMutablePointer<VMState>
    private let intervalNanoseconds: Int
    private let posted = Atomic<Int>(0)
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var stopping = false
    private var thread = pthread_t()
    /// The timer thread's CPU time, written by the thread as it ends (read after the join in
    /// `stop`, which orders the write before the read): the rest of the profiler's cost.
    private(set) var cpuNanoseconds = 0

    init(state: UnsafeMutablePointer<VMState>, intervalMicroseconds: Int) {
        self.state = state
        intervalNanoseconds = intervalMicroseconds * 1000
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(wake, &attributes)
        pthread_condattr_destroy(&attributes)
        // The thread holds the timer until it returns (the join in `stop`).
        let ctx = Unmanaged.passRetained(self).toOpaque()
        let rc = pthread_create(&thread, nil, { ctx in
            let timer = Unmanaged<SampleTimer>.fromOpaque(ctx!)
            timer.takeUnretainedValue().run()
            timer.release()
            return nil
        }, ctx)
        precondition(rc == 0, "cannot start the profiler's timer thread")
    }

    deinit {
        pthread_cond_destroy(wake)
        pthread_mutex_destroy(mutex)
        wake.deallocate()
        mutex.deallocate()
    }

    /// Ticks posted so far.
    var ticks: Int { posted.load(ordering: .relaxed) }

    func stop() {
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_cond_signal(wake)
        pthread_mutex_unlock(mutex)
        pthread_join(thread, nil)
    }

    private func run() {
        var deadline = Self.now()
        pthread_mutex_lock(mutex)
        while !stopping {
            deadline += intervalNanoseconds
            let now = Self.now()
            if deadline <= now { deadline = now + intervalNanoseconds }
            var ts = timespec(tv_sec: deadline / 1_000_000_000, tv_nsec: deadline % 1_000_000_000)
            while !stopping && pthread_cond_timedwait(wake, mutex, &ts) != ETIMEDOUT {}
            if stopping { break }
            vmstate_request(state, UInt32(VMSTATE_REQUEST_SAMPLE))
            posted.add(1, ordering: .relaxed)
        }
        pthread_mutex_unlock(mutex)
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        cpuNanoseconds = ts.tv_sec * 1_000_000_000 + ts.tv_nsec
    }

    /// CLOCK_MONOTONIC in nanoseconds.
    static func now() -> Int {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return ts.tv_sec * 1_000_000_000 + ts.tv_nsec
    }
}
