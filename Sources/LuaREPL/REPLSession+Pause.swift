// The `paused>` prompt: Ctrl-\ (the PAUSE request) while code runs in the session stops it at
// its next check, in either tier, without killing it; the user looks inside and lets it go on.
//
// Invariants:
//  - The prompt runs inside the paused code's check (LuaVM+Pause.swift): everything typed there
//    runs as a nested activation on the paused thread, and an error or Ctrl-C in it only prints.
//  - Leaving the prompt: Enter on an empty line, `:continue` or Ctrl-D go on; Ctrl-C stops the
//    code (the interrupt error, as Ctrl-C while it runs). Nothing the paused program had changes
//    except what the user changed on purpose (a global set at the prompt, `:deopt-here`).
//  - Only the interrupt and pause requests are dropped at the prompt; any other request the
//    paused code had posted (hooks switched on, a profiler tick) stays for its next check.
//  - In a library function's own loop the pause waits for the next Lua check (`.later`); a
//    session that does not read a terminal prints the script mode's dump instead of prompting.
//  - The watchdog is off while the prompt waits for a line (Ctrl-C there is the prompt's).

#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CSigint
import LuaEmbedding

extension REPLSession {
    /// Route Ctrl-\ to this session's pause prompt (`run()` and `:reset` call it).
    func enablePausePrompt() {
        vm.setPauseHandler { [unowned self] pause in self.paused(pause) }
        vmrepl_install_sigquit_handler()
    }

    /// The handler of a PAUSE request taken while the session runs code.
    func paused(_ pause: LuaPause) -> LuaPauseAnswer {
        if pause.inLibraryFunction { return .later }
        StandardStreams.flushOutput()
        guard reader.interactive else {
            REPLSession.printPauseDump(vm)
            return .goOn
        }
        Watchdog.shared.disarm()
        pauseDepth += 1
        defer {
            pauseDepth -= 1
            vm.clearInterruptAndPauseRequests()  // a Ctrl-\ typed at the prompt is not a new pause
            Watchdog.shared.arm()
        }
        let frames = vm.pausedFrames()
        var state = PausedState(frames: frames, compiled: pause.compiled)
        let seconds = REPLSession.clock(CLOCK_MONOTONIC) - runStarted
        print(colour.prompt("paused") + " at \(state.headline), after \(REPLSession.seconds(seconds)) running")
        print("  Enter, :continue or Ctrl-D go on; Ctrl-C stops; :help lists what works here")
        while true {
            vm.clearInterruptAndPauseRequests()
            switch reader.read(prompt: colour.prompt("paused> ")) {
            case .endOfInput:
                print("")
                return .goOn
            case .interrupted:
                print("")
                return .stop
            case .line(let line):
                let t = line.trimmingTrailingSpace().drop(while: { $0 == " " || $0 == "\t" })
                if t.isEmpty { return .goOn }
                reader.remember(line)
                if Command.isCommand(line) {
                    if pausedCommand(String(t), &state) { return .goOn }
                } else {
                    runWhilePaused(String(t), in: state.top)
                }
            }
        }
    }

    /// What the prompt knows of the pause: the frames, and the paused frame's tier.
    struct PausedState {
        var frames: [LuaPausedFrame]
        /// The paused frame left compiled code at this check.
        var compiled: Bool
        /// `:deopt-here` sent it to the interpreter.
        var deoptimized = false

        var top: LuaPausedFrame? { frames.first }
        var headline: String {
            guard let top else { return "?" }
            var s = top.description
            s += compiled ? " (compiled code)" : " (interpreted)"
            if top.inCoroutine { s += " in a coroutine" }
            return s
        }
    }

    /// One command at the `paused>` prompt; true when the code must go on.
    private func pausedCommand(_ line: String, _ state: inout PausedState) -> Bool {
        let body = line.dropFirst()
        let name = String(body.prefix(while: { $0 != " " && $0 != "\t" }))
        let arg = String(body.dropFirst(name.count).drop(while: { $0 == " " || $0 == "\t" }))
        switch name {
        case "continue", "c":
            return true
        case "bt":
            print(vm.core.traceback(throughResumers: true))
        case "locals":
            let level = arg.isEmpty ? 1 : Int(arg) ?? 0
            guard level >= 1, level <= state.frames.count else {
                reportMessage("usage: :locals [LEVEL] (1 is the paused frame, up to \(state.frames.count))")
                return false
            }
            printLocals(state.frames[level - 1])
        case "tier":
            printPausedTier(state)
        case "deopt-here":
            deoptHere(&state)
        case "disasm":
            guard !arg.isEmpty else { reportMessage("usage: :disasm FUNC"); return false }
            guard let v = runWhilePaused(arg, in: state.top, display: false)?.first else { return false }
            if let listing = vm.compiledListing(of: v) {
                print(listing, terminator: listing.hasSuffix("\n") ? "" : "\n")
            } else {
                reportMessage("not a Lua function (a \(vm.typeName(v)) value)")
            }
        case "help", "h", "?":
            print(REPLSession.pausedHelp, terminator: "")
        default:
            reportMessage("':\(name)' does not work while code is paused (:help lists what does)")
        }
        return false
    }

    static let pausedHelp = """
        The code is paused at a check (a function entry or a loop back-edge). Here:
          Enter, :continue    go on (Ctrl-D too); Ctrl-C stops the code
          :bt                 the paused code's traceback
          :locals [LEVEL]     locals and upvalues of the paused frame (LEVEL 1) or a caller
          :tier               the paused function's tier, counters and deopts
          :deopt-here         the paused frame goes on in the interpreter from this check
          :disasm FUNC        the compiled code of a Lua function
          any Lua             runs now, nested in the paused code: it sees the globals,
                              and an expression also the paused frame's locals and
                              upvalues (copies); an error in it only prints

        """

    private func printLocals(_ frame: LuaPausedFrame) {
        print(frame.description)
        guard let (locals, upvalues) = vm.locals(of: frame) else {
            print("  (a library function: no Lua locals)")
            return
        }
        var layout = PrettyPrinter.Layout()
        layout.width = Int.max / 2  // one line per variable
        layout.maxDepth = REPLLimits.pausedValueDepth
        layout.maxEntries = REPLLimits.pausedValueEntries
        func show(_ kind: String, _ name: String, _ v: LuaRef) {
            var printer = PrettyPrinter(vm: vm, layout: layout, colour: colour)
            print("  \(kind) \(name) = \(printer.render(v))")
        }
        if locals.isEmpty && upvalues.isEmpty { print("  (no locals, no upvalues)") }
        for (n, v) in locals { show("local", n, v) }
        for (n, v) in upvalues { show("upvalue", n, v) }
    }

    private func printPausedTier(_ state: PausedState) {
        guard let top = state.top else { return }
        var what: String
        if state.deoptimized {
            what = "interpreted (:deopt-here: it goes on in the interpreter from this check)"
        } else if state.compiled {
            what = "compiled code (it left its code at this check and enters it again at its loop's next hot back-edge)"
        } else {
            what = "interpreted"
        }
        if vm.jitEngine == nil { what += "; the JIT is off" }
        print("paused frame: \(top.description): \(what)")
        guard let f = top.function else { return }
        let text = vm.tierReport(for: f)
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
    }

    private func deoptHere(_ state: inout PausedState) {
        guard let top = state.top, top.function != nil else {
            reportMessage("the paused frame is a library function's: nothing to deoptimize")
            return
        }
        guard let n = vm.deoptimize(pausedFrame: top) else {
            print("the JIT is off (jit: \(vm.options.jit.rawValue)): the paused frame is interpreted")
            return
        }
        let was = state.compiled && !state.deoptimized
        state.deoptimized = true
        let code = "discarded \(n) code version\(n == 1 ? "" : "s") of its function"
        if was {
            print("the paused frame goes on in the interpreter from this check (\(top.position ?? "?")); \(code); it tiers up again when hot")
        } else {
            print("the paused frame was already interpreted; \(code); it tiers up again when hot")
        }
    }

    /// Lua typed at the prompt: an expression (its values print) or a statement, run nested in
    /// the paused code. An expression also sees `frame`'s locals and upvalues by name: they are
    /// declared in front of it as locals holding copies of their values (a statement does not
    /// see them, so an assignment to such a name never changes a copy in silence). Answers the
    /// values, or nil after an error (which it reports).
    @discardableResult
    private func runWhilePaused(_ source: String, in frame: LuaPausedFrame?, display show: Bool = true) -> [LuaRef]? {
        var chunk: LuaRef
        var args: [LuaRef] = []
        let expr = source.hasPrefix("=") ? String(source.dropFirst()) : source
        var names: [String] = []
        if let frame, let (locals, upvalues) = vm.locals(of: frame) {
            // Upvalues first: a local of the same name shadows one, as in the function itself.
            // (Names in parentheses are the compiler's own, `(no name)` a stripped one's.)
            for (name, value) in upvalues + locals where name != "_ENV" && !name.hasPrefix("(") {
                names.append(name)
                args.append(value)
            }
            if names.count > REPLLimits.pausedVisibleNames { names = []; args = [] }
        }
        let declared = names.isEmpty ? "" : "local " + names.joined(separator: ", ") + " = ...; "
        if case .function(let f) = compileTyped(declared + "return " + expr) {
            chunk = f
        } else {
            args = []
            switch compileTyped(source) {
            case .function(let f): chunk = f
            case .syntaxError(let message, _):
                reportMessage(message)
                return nil
            }
        }
        Watchdog.shared.arm()
        defer { Watchdog.shared.disarm() }
        do {
            let results = try vm.callWhilePaused(chunk, args)
            if show && !results.isEmpty { display(results) }
            return results
        } catch {
            report(error)
            return nil
        }
    }

    /// Script mode's dump, for a pause where no prompt can be shown: the traceback and the
    /// engine's `:tier` report on stderr.
    static func printPauseDump(_ vm: LuaVM) {
        fflush(stdout)
        let text = "vmrepl: Ctrl-\\: the program goes on\n" + vm.core.traceback(throughResumers: true) + "\n"
            + vm.tierReport(for: nil)
        fputs(text, stderr)
    }

    static func seconds(_ s: Double) -> String {
        s < 1 ? "\(Int((s * 1000).rounded())) ms" : "\((s * 100).rounded() / 100) s"
    }
}
