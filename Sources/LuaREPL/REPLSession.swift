// The interactive session: read a chunk, run it, print its results, and always come back.
//
// Invariants:
//  - The interrupt request is cleared (and the stack limit restored) before each wait for input
//    and before each chunk runs: a Ctrl-C at the prompt, or one that arrived after a chunk ended,
//    never stops the next chunk.
//  - Incomplete input is decided by the compiler's `incomplete` flag, never by message text.
//  - A line is first tried as `return <line>` (so expressions print), then as a statement;
//    continuation lines are never retried with `return`.
//  - No Lua error, interrupt included, ends the session; only :quit, Ctrl-D / end of input, or
//    the watchdog's last resort do.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CSigint
import LuaEmbedding

public final class REPLSession {
    public internal(set) var vm: LuaVM
    /// What the command line set up in its VM (arg, LUA_INIT, -l...): run again on a fresh VM by
    /// :reset, so a reset session starts as the command line started it.
    public var setUp: ((LuaVM) throws(LuaError) -> Void)?
    let colour = Colour.fromEnvironment()
    /// The `print` the VM started with: results are displayed by the session while `print` is
    /// still it, and through the global `print` once the program replaced it (lua's convention).
    /// The command line sets it when code ran before the session (-e may replace `print`).
    public var builtinPrint: LuaRef
    /// The locals typed chunks left to later ones (REPLSession+Locals.swift).
    var scope: LuaSessionScope
    let reader: LineReader
    let completion: VMCompletionSource
    /// Lines of a chunk that is not complete yet (shown with the `>>` prompt).
    var pending: [String] = []
    /// Ctrl-Cs in a row at an empty prompt; the second one says how to leave.
    private var idleInterrupts = 0
    /// `paused>` prompts open (REPLSession+Pause.swift): Lua code run there is nested in the
    /// paused code, whose watchdog and requests belong to the outermost run.
    var pauseDepth = 0
    /// When the outermost run of Lua code started (the pause banner says how long it has run).
    var runStarted = 0.0

    /// `interactive`: nil decides by whether stdin is a terminal.
    public init(vm: LuaVM, interactive: Bool? = nil) {
        self.vm = vm
        scope = REPLSession.newScope(vm)
        completion = VMCompletionSource(vm: vm, scope: scope)
        builtinPrint = vm.global("print")
        if interactive ?? (isatty(0) != 0) {
            let history = HistoryFile(path: HistoryFile.defaultPath(), limit: REPLLimits.historySize)
            reader = EditLineReader(history: history, completer: Completer(source: completion))
        } else {
            reader = PlainLineReader()
        }
    }

    /// Runs until :quit or end of input; returns the process exit status.
    public func run() -> Int32 {
        vmrepl_set_active_state(vm.state)
        vmrepl_install_sigint_handler()
        Watchdog.shared.disarm()  // armed by enableInterrupts for code run before the session
        enablePausePrompt()
        if reader.interactive {
            print("vmrepl \(LuaVM.vmreplVersion), Lua 5.4 (jit: \(vm.options.jit.rawValue))  :help lists the commands, Ctrl-D exits")
        }
        while true {
            vm.clearInterrupt()
            switch reader.read(prompt: pending.isEmpty ? prompt("_PROMPT", "> ") : prompt("_PROMPT2", ">> ")) {
            case .endOfInput:
                if !pending.isEmpty {
                    let source = pending.joined(separator: "\n")
                    pending = []
                    if case .syntaxError(let message, _) = vm.compile(Array(source.utf8), chunkName: "=stdin") {
                        reportMessage(message)
                    }
                    if reader.interactive { continue }
                }
                if reader.interactive { print("") }
                return 0
            case .interrupted(let discardedInput):
                vm.clearInterrupt()
                if reader.interactive { print("") }
                if !pending.isEmpty || discardedInput {
                    pending = []
                    idleInterrupts = 0
                } else {
                    idleInterrupts += 1
                    if idleInterrupts >= 2 && reader.interactive {
                        print("(To exit, press Ctrl-D on an empty line or type :quit)")
                    }
                }
            case .line(let line):
                idleInterrupts = 0
                if pending.isEmpty ? Command.isCommand(line) : Command.isContinuationCommand(line) {
                    reader.remember(line)
                    if let status = runCommand(line) { return status }
                    continue
                }
                if pending.isEmpty, let outcome = shortcut(line) {
                    if case .leave = outcome { return 0 }
                    continue
                }
                accept(line)
            }
        }
    }

    /// Adds a line to the chunk being typed, and runs the chunk once it is complete.
    private func accept(_ line: String) {
        if pending.isEmpty {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { return }
            let asExpression = line.hasPrefix("=") ? "return " + line.dropFirst() : "return " + line
            if case .function(let f) = compileTyped(asExpression) {
                reader.remember(line)
                runAndPrint { () throws(LuaError) in try self.callTyped(f) }
                return
            }
        }
        pending.append(line)
        let source = pending.joined(separator: "\n")
        switch compileTyped(source) {
        case .function(let f):
            pending = []
            reader.remember(source)
            runAndPrint { () throws(LuaError) in try self.callTyped(f) }
        case .syntaxError(let message, let incomplete):
            if incomplete { return }
            pending = []
            reader.remember(source)
            reportMessage(message)
        }
    }

    /// Runs Lua code with the interrupt cleared and the watchdog armed; errors are reported.
    /// At the `paused>` prompt only the interrupt and pause requests are cleared, and the watchdog
    /// is the prompt's business.
    func guarded<T>(_ body: () throws(LuaError) -> T) -> T? {
        let outermost = pauseDepth == 0
        if outermost {
            vm.clearInterrupt()
            Watchdog.shared.arm()
            runStarted = REPLSession.clock(CLOCK_MONOTONIC)
        } else {
            vm.clearInterruptAndPauseRequests()
        }
        defer { if outermost { Watchdog.shared.disarm() } }
        do {
            return try body()
        } catch {
            report(error)
            return nil
        }
    }

    /// Runs a chunk and shows its results (REPLSession+Results).
    func runAndPrint(_ body: () throws(LuaError) -> [LuaRef]) {
        guard let results = guarded(body), !results.isEmpty else { return }
        rememberResult(results)
        display(results)
    }

    func report(_ error: LuaError) {
        var message = error.message
        if error.isInterrupt {
            // "stdin:3: interrupted": where the innermost Lua code was when it stopped.
            if let place = REPLSession.firstLuaPosition(in: error.traceback) { message = place + ": " + message }
            if !message.contains("interrupted") { message += " (interrupted)" }
        }
        if error.traceback.isEmpty {
            reportMessage(message)
        } else {
            reportMessage(message + "\n" + error.traceback)
        }
    }

    func reportMessage(_ message: String) {
        StandardStreams.writeError(colour.error(message) + "\n")
    }

    /// The first `chunk:line` of a traceback (`\tstdin:3: in ...`), skipping `[C]` frames.
    static func firstLuaPosition(in traceback: String) -> String? {
        for line in traceback.split(separator: "\n").dropFirst() {
            let t = line.drop(while: { $0 == "\t" || $0 == " " })
            guard !t.hasPrefix("["), !t.hasPrefix("(") else { continue }
            let parts = t.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            if parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, parts[1].allSatisfy(\.isNumber) {
                return parts[0] + ":" + parts[1]
            }
        }
        return nil
    }

    /// lua's convention: the globals _PROMPT and _PROMPT2, when set, replace the prompts.
    private func prompt(_ global: String, _ fallback: String) -> String {
        let v = vm.global(global)
        if vm.typeName(v) == "nil" { return colour.prompt(fallback) }
        return colour.prompt((try? vm.tostring(v)) ?? fallback)
    }
}

/// Completion's view of the VM: raw lookups only, so pressing Tab never runs Lua code.
final class VMCompletionSource: CompletionSource {
    var vm: LuaVM
    var scope: LuaSessionScope

    init(vm: LuaVM, scope: LuaSessionScope) { self.vm = vm; self.scope = scope }

    /// The session's locals, then the globals (what a name typed at the prompt can mean).
    func globalNames() -> [String] {
        scope.names + vm.stringKeys(of: vm.global("_G"))
    }

    func memberNames(of path: [String]) -> [String] {
        var v = vm.sessionLocal(path[0], in: scope) ?? vm.global(path[0])
        for name in path.dropFirst() {
            guard vm.typeName(v) == "table" else { return [] }
            v = vm.rawGet(v, vm.string(name))
        }
        if vm.typeName(v) == "nil" { return [] }
        return vm.completionKeys(of: v)
    }
}
