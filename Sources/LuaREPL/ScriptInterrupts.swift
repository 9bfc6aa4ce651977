// Ctrl-C outside the session: a script, `-e`, `-` or LUA_INIT code stops with `interrupted`.
//
// Invariants: after `enableInterrupts(for:)`, SIGINT posts the interrupt request to that VM
// (the running code raises "interrupted" at its next check), and the last-resort watchdog stays
// armed for the life of the process: a second Ctrl-C not served within 1 s exits with 130.
// The REPL re-targets the handler itself (`run()` and `:reset`), so calling this first is harmless.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CSigint
import LuaEmbedding

extension REPLSession {
    /// Routes SIGINT to `vm` and arms the watchdog; the command line calls it before running code.
    public static func enableInterrupts(for vm: LuaVM) {
        vmrepl_set_active_state(vm.state)
        vmrepl_install_sigint_handler()
        Watchdog.shared.arm()
    }

    /// Ctrl-\ (SIGQUIT) posts the PAUSE request to `vm`. With `dumps` (script mode, as the JVM's
    /// thread dump): at the running code's next check, in either tier, the traceback and the
    /// engine's `:tier` report go to stderr and the program goes on; its output is untouched, and
    /// a read it waits in goes on (SA_RESTART). Without, the request is dropped until the session
    /// opens its `paused>` prompt there (REPLSession+Pause.swift).
    public static func enablePauseRequests(for vm: LuaVM, dumps: Bool) {
        vm.setPauseHandler(dumps ? { [unowned vm] _ in
            printPauseDump(vm)
            return .goOn
        } : nil)
        vmrepl_install_sigquit_handler()
    }

    /// The exit status for an uncaught error: 130 (as for a process stopped by SIGINT) when the
    /// error is the interrupt, 1 otherwise.
    public static func exitStatus(for error: LuaError) -> Int32 {
        error.isInterrupt ? REPLLimits.interruptedExitStatus : 1
    }
}
