// Compile pacing: on the compiler thread (`--jit-threads=1`), a compile works in slices of at
// most `JITLimits.compileSliceMicros` and rests `JITLimits.compileRestMicros` between them,
// asleep, so that its CPU goes idle.
//
// Why: the VM's thread must not stall for a tier-up (issue target: at most 1 ms). On a machine
// whose CPUs are virtual and share the host's cores, a CPU that starts a burst of work can take
// the core the VM's thread runs on: measured on a 2-vCPU virtual machine, a second thread busy
// in 2 ms bursts gave a plain C loop 1-4 ms gaps, with no context switch the guest could see, in
// 12 to 14 runs of 15 (2 s each); alone, the loop saw such a gap in 3 runs of 15. The same
// bursts cut into 200 us of work and 50 us asleep gave 1 run of 15, the machine's own baseline;
// 250 us and 20 us asleep did not (6 of 15): the rest must be long enough for the host to hand
// the core back. The compiler's bursts are such bursts: its phases run 0.2-2.4 ms each on
// bench/ (the builder, the passes, the lowering of one function), and the VM's thread showed
// 1-9 ms stalls with 0.1-0.4 ms of its own CPU time, without a context switch, exactly while
// the compiler thread compiled.
//
// The compiler thread also gives way while the VM's thread does tier-up work of its own (a
// snapshot, installs: the window `JITEngine.openTierUpWindow` opens), the only stalls tier-up
// causes it: at its next point it sleeps until the window closes (at most `maxGiveWayMicros`),
// so the VM's thread does that work with the core to itself.
//
// On a machine with more runnable threads than CPUs, a rest hands the CPU to another thread and
// the compiler may wait a scheduler slice to get it back: under two CPU hogs a 50 us sleep lasted
// 0.4 ms on average and up to 5 ms (1 in 10 over 1 ms), against 0.13 ms idle, and the program
// runs interpreted meanwhile. So a rest that comes back more than
// `JITLimits.compileRestLateMicros` late turns slice rests off for `compileUnpacedMicros`
// (giving way to a window stays on: it is bounded).
//
// Invariants:
// - Only a thread that called `begin` paces; elsewhere (the VM's thread compiling synchronously,
//   `vmrepl.compile`, tests lowering directly) `point` costs one thread-specific read and returns.
// - `point` is called between units of work of bounded size: each bytecode the builder lowers,
//   each pass, the allocator, each block the backend emits. A slice can overrun by one unit.
// - Pacing changes when code is ready, never what code is made.
#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Synchronization

/// Open while the VM's thread does tier-up work (written by the VM's thread, read by the
/// compiler thread at its pace points).
final class TierUpWindow: Sendable {
    let open = Atomic<Bool>(false)
}

enum CompilePacing {
    /// The compiler thread's clock: when its slice ends, how many rests it took (the log), and the
    /// VM thread's window it gives way to.
    struct Slice {
        var endsAt: Int
        var rests: Int
        let window: TierUpWindow?
        /// Slice rests are off until then (a rest came back late: the CPUs are oversubscribed).
        var unpacedUntil = 0
    }

    /// The longest the compiler thread waits for one window to close (the VM's thread could be
    /// descheduled in it: the compile goes on then).
    static let maxGiveWayMicros = 2000

    private static let key: pthread_key_t = {
        var k = pthread_key_t()
        precondition(pthread_key_create(&k, nil) == 0, "cannot make the compiler thread's key")
        return k
    }()

    /// Pace this thread from now on (the compiler thread, once, when it starts), giving way to
    /// `window` when it is open; `end` at its exit.
    static func begin(givingWayTo window: TierUpWindow? = nil) {
        let s = UnsafeMutablePointer<Slice>.allocate(capacity: 1)
        s.initialize(to: Slice(endsAt: JITEngine.microseconds() + JITLimits.compileSliceMicros, rests: 0, window: window))
        pthread_setspecific(key, s)
    }

    static func end() {
        guard let raw = pthread_getspecific(key) else { return }
        pthread_setspecific(key, nil)
        let s = raw.assumingMemoryBound(to: Slice.self)
        s.deinitialize(count: 1)
        s.deallocate()
    }

    /// Rests taken on this thread so far (0 on a thread that does not pace).
    static var rests: Int {
        pthread_getspecific(key)?.assumingMemoryBound(to: Slice.self).pointee.rests ?? 0
    }

    /// A new job starts: a full slice ahead (the thread was asleep, waiting for it).
    static func startSlice() {
        guard let s = pthread_getspecific(key)?.assumingMemoryBound(to: Slice.self) else { return }
        s.pointee.endsAt = JITEngine.microseconds() + JITLimits.compileSliceMicros
    }

    /// Between two units of compile work: rest if this thread's slice is used up.
    @inline(__always)
    static func point() {
        guard let raw = pthread_getspecific(key) else { return }
        rest(raw.assumingMemoryBound(to: Slice.self))
    }

    private static func rest(_ s: UnsafeMutablePointer<Slice>) {
        if let w = s.pointee.window, w.open.load(ordering: .acquiring) {
            let giveUpAt = JITEngine.microseconds() + maxGiveWayMicros
            repeat { nap() } while w.open.load(ordering: .acquiring) && JITEngine.microseconds() < giveUpAt
            s.pointee.rests += 1
            s.pointee.endsAt = JITEngine.microseconds() + JITLimits.compileSliceMicros
            return
        }
        let now = JITEngine.microseconds()
        if now < s.pointee.endsAt || now < s.pointee.unpacedUntil { return }
        nap()
        s.pointee.rests += 1
        let after = JITEngine.microseconds()
        if after - now > JITLimits.compileRestMicros + JITLimits.compileRestLateMicros {
            s.pointee.unpacedUntil = after + JITLimits.compileUnpacedMicros
        }
        s.pointee.endsAt = after + JITLimits.compileSliceMicros
    }

    private static func nap() {
        var nap = timespec(tv_sec: 0, tv_nsec: JITLimits.compileRestMicros * 1000), left = timespec()
        while nanosleep(&nap, &left) != 0 && errno == EINTR { nap = left }
    }
}
