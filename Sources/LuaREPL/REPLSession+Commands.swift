// The REPL commands at work: each case of `Command` and what it does to the session.
//
// Invariants: every command that runs Lua code goes through `guarded` (interrupt cleared,
// watchdog armed, errors reported); a command never ends the session except :quit.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CSigint
import LuaEmbedding

extension REPLSession {
    /// Runs one command line; returns an exit status when the session must end.
    func runCommand(_ line: String) -> Int32? {
        let command: Command
        switch Command.parse(line) {
        case .failure(let e):
            reportMessage(e.message)
            return nil
        case .success(let c):
            command = c
        }
        switch command {
        case .help:
            print(Command.helpText(), terminator: "")
        case .quit(let status):
            return status
        case .load(let path):
            runAndPrint { () throws(LuaError) in try vm.runFile(path) }
        case .time(let stat):
            time(stat)
        case .profile(let stat):
            profile(stat)
        case .bytecode(let expr):
            guard let v = evaluate(expr) else { break }
            if let listing = vm.bytecodeListing(of: v) {
                print(listing, terminator: listing.hasSuffix("\n") ? "" : "\n")
            } else {
                reportMessage("not a Lua function (a \(vm.typeName(v)) value)")
            }
        case .disasm(let expr):
            guard let v = evaluate(expr) else { break }
            if let listing = vm.compiledListing(of: v) {
                print(listing, terminator: listing.hasSuffix("\n") ? "" : "\n")
            } else {
                reportMessage("not a Lua function (a \(vm.typeName(v)) value)")
            }
        case .tier(let expr):
            var f: LuaRef? = nil
            if let expr {
                guard let v = evaluate(expr) else { break }
                f = v
            }
            // Without a function, the one-line chunks typed at the prompt are left out: each line
            // is a main chunk run once, and they would bury the functions asked about.
            let text = vm.tierReport(for: f, skippingOneLineChunksOf: f == nil ? "=stdin" : nil)
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        case .gc:
            let before = vm.heapBytes
            _ = guarded { () throws(LuaError) in vm.collectGarbage() }
            let after = vm.heapBytes
            print("heap: \(REPLSession.kib(before)) before, \(REPLSession.kib(after)) after a full collection")
        case .reset:
            // The handler targets the new state before the old VM (and its state) is freed.
            let fresh = LuaVM(options: vm.options)
            vmrepl_set_active_state(fresh.state)
            vm = fresh
            scope = REPLSession.newScope(fresh)
            completion.vm = fresh
            completion.scope = scope
            builtinPrint = fresh.global("print")
            enablePausePrompt()
            if let setUp {
                // The command line's setup again: arg, -W, -E, LUA_INIT and -l (not -e, not the script).
                _ = guarded { () throws(LuaError) in try setUp(fresh) }
                print("a fresh VM, set up as the command line set it up (-l, LUA_INIT, arg); other globals are gone")
            } else {
                print("a fresh VM: every global is back to its initial value")
            }
        case .prettyPrint(let expr):
            guard let values = evaluateAll(expr) else { break }
            for v in values {
                var printer = PrettyPrinter(vm: vm, colour: colour)
                print(printer.render(v))
            }
        case .verify:
            vm.collectGarbage()
            let problems = vm.verifyHeap()
            if problems.isEmpty {
                print("heap ok (\(REPLSession.kib(vm.heapBytes)))")
            } else {
                reportMessage("heap corrupt: \(problems.count) problem(s)\n" + problems.joined(separator: "\n"))
            }
        case .breakChunk:
            if pending.isEmpty {
                reportMessage("no chunk is being typed (:break drops the lines typed on the >> prompt)")
            } else {
                print("(dropped \(pending.count) line\(pending.count == 1 ? "" : "s"))")
                pending = []
            }
        case .edit:
            edit()
        case .deoptHere:
            guard vm.jitEngine != nil else {
                print("the JIT is off (jit: \(vm.options.jit.rawValue)): there is no compiled code to deoptimize")
                break
            }
            // Compiled code never runs across a call (ARCHITECTURE.md §6), so no suspended
            // coroutine holds a compiled frame: discarding the code is the whole job.
            let n = vm.discardCompiledCode(why: ":deopt-here")
            print("discarded \(n) compiled code version\(n == 1 ? "" : "s"); every function runs interpreted until it is hot again")
        }
        return nil
    }

    /// The values of an expression, or nil after reporting a syntax or runtime error.
    func evaluateAll(_ expr: String) -> [LuaRef]? {
        switch compileTyped("return " + expr) {
        case .syntaxError(let message, _):
            reportMessage(message)
            return nil
        case .function(let f):
            return guarded { () throws(LuaError) in try vm.call(f) }
        }
    }

    /// The first value of an expression (nil when it has none, or after an error).
    func evaluate(_ expr: String) -> LuaRef? {
        guard let values = evaluateAll(expr) else { return nil }
        guard let first = values.first else {
            reportMessage("the expression has no value")
            return nil
        }
        return first
    }

    /// `:time STAT`: like a typed line (expression first, then statement), then the times.
    /// What :time and :profile run: `stat` as an expression whose values are printed, else as a
    /// statement; nil (the syntax error shown) when it is neither.
    private func compileStatement(_ stat: String) -> LuaRef? {
        if case .function(let f) = compileTyped("return " + stat) { return f }
        switch compileTyped(stat) {
        case .function(let f):
            return f
        case .syntaxError(let message, _):
            reportMessage(message)
            return nil
        }
    }

    private func time(_ stat: String) {
        guard let chunk = compileStatement(stat) else { return }
        let wall0 = REPLSession.clock(CLOCK_MONOTONIC)
        let cpu0 = REPLSession.clock(CLOCK_PROCESS_CPUTIME_ID)
        runAndPrint { () throws(LuaError) in try callTyped(chunk) }
        let wall = REPLSession.clock(CLOCK_MONOTONIC) - wall0
        let cpu = REPLSession.clock(CLOCK_PROCESS_CPUTIME_ID) - cpu0
        print("wall \(REPLSession.ms(wall)), cpu \(REPLSession.ms(cpu))")
    }

    /// :profile: the statement runs with the sampling profiler on (LuaEmbedding's Profile), then
    /// the report follows its results (also after an error or Ctrl-C: what ran until then).
    private func profile(_ stat: String) {
        guard let chunk = compileStatement(stat) else { return }
        if vm.isProfiling {
            reportMessage("the profiler is already on for the whole session (vmrepl --profile)")
            return
        }
        vm.startProfiling()
        runAndPrint { () throws(LuaError) in try callTyped(chunk) }
        guard let p = vm.stopProfiling() else { return }
        print(p.report(), terminator: "")
    }

    static func clock(_ id: clockid_t) -> Double {
        var t = timespec()
        clock_gettime(id, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    static func ms(_ seconds: Double) -> String {
        let v = (seconds * 1e6).rounded() / 1e3
        return "\(v) ms"
    }

    static func kib(_ bytes: Int) -> String {
        bytes < 10 * 1024 ? "\(bytes) bytes" : "\(bytes / 1024) KiB"
    }
}
