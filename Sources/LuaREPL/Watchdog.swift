// The last resort: exits the process when a second Ctrl-C stays unserved for a whole second.
//
// Invariants:
//  - Armed only while Lua code runs (never at the prompt, where libedit handles Ctrl-C).
//  - Fires only when (a) at least two SIGINTs arrived since it was armed, (b) the interrupt bit
//    is still pending (no stack check has run since: the code is stuck in a system call or a
//    native loop that never checks), and (c) the last SIGINT is older than the grace period.
//  - It reads VMState only through the atomic accessors of vmstate.h, and writes with write(2).

#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CSigint
import Synchronization

final class Watchdog: Sendable {
    private let armed = Atomic<Bool>(false)
    private let baseline = Atomic<UInt32>(0)

    /// The one watchdog thread of the process, started on first use.
    static let shared: Watchdog = {
        let w = Watchdog()
        var tid = pthread_t()
        let ctx = Unmanaged.passRetained(w).toOpaque()
        let rc = pthread_create(&tid, nil, { ctx in
            Unmanaged<Watchdog>.fromOpaque(ctx!).takeUnretainedValue().loop()
        }, ctx)
        assert(rc == 0, "cannot start the watchdog thread")
        if rc == 0 { pthread_detach(tid) }
        return w
    }()

    /// Starts watching the code about to run (on the active VMState).
    func arm() {
        if let s = vmrepl_get_active_state() { baseline.store(vmstate_interrupt_count(s), ordering: .relaxed) }
        armed.store(true, ordering: .releasing)
    }

    func disarm() {
        armed.store(false, ordering: .releasing)
    }

    private func loop() -> Never {
        while true {
            usleep(REPLLimits.watchdogPollMicroseconds)
            guard armed.load(ordering: .acquiring), let s = vmrepl_get_active_state() else { continue }
            let arrived = vmstate_interrupt_count(s) &- baseline.load(ordering: .relaxed)
            guard arrived >= 2, vmstate_pending(s) & UInt32(VMSTATE_REQUEST_INTERRUPT) != 0 else { continue }
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let nowNs = UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
            guard nowNs &- vmstate_last_interrupt_ns(s) >= REPLLimits.watchdogGraceNanoseconds else { continue }
            let msg = "\nvmrepl: the interrupt was not served within 1 s (stuck in a system call?); exiting\n"
            _ = msg.withCString { write(2, $0, strlen($0)) }
            _exit(REPLLimits.interruptedExitStatus)
        }
    }
}
