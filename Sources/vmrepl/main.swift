// vmrepl's command line, following lua's: vmrepl [options] [script [args]].
//
// Invariants: options are handled in the order given (-e and -l interleave like lua's); an
// uncaught error prints "<argv[0]>: <msg>" and the traceback on stderr and exits with status 1;
// with no script and no -e/-v (or with -i) the REPL runs when stdin is a terminal (or with -i),
// else stdin runs as one chunk, as in lua. What the command line sets up in a VM (warnings,
// search paths, `arg`, LUA_INIT, -l) is one function, run again by the session's :reset.

import LuaEmbedding
#if canImport(LuaREPL)
import LuaREPL
#endif
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

let argv = CommandLine.arguments

enum Action { case exec(String), require(String) }

var options = LuaVMOptions()
var actions: [Action] = []
var interactive = false, showVersion = false, ignoreEnv = false, warningsOn = false
var bytecodeFile: String? = nil, countersFile: String? = nil
var profileOptions = ProfileOptions()
var scriptIndex: Int? = nil
var i = 1
parse: while i < argv.count {
    let a = argv[i]
    if a == "--" { i += 1; if i < argv.count { scriptIndex = i }; break parse }
    if a == "-" { scriptIndex = i; break parse }
    if !a.hasPrefix("-") { scriptIndex = i; break parse }
    func value(_ flag: String) -> String {
        if a.count > flag.count { return String(a.dropFirst(flag.count)) }
        i += 1
        if i >= argv.count { usage("'\(flag)' needs argument") }
        return argv[i]
    }
    switch a {
    case "-i": interactive = true; showVersion = true
    case "-v": showVersion = true
    case "-E": ignoreEnv = true
    case "-W": warningsOn = true
    case "-h", "--help": print(usageText, terminator: ""); exit(0)
    case "--version": print("vmrepl \(LuaVM.vmreplVersion) (Lua 5.4)"); exit(0)
    case "--gc-stress": options.gcStress = true
    case "--bytecode": bytecodeFile = value("--bytecode")
    case "--counters": countersFile = value("--counters")
    case "--jit-log": options.jitLog = true
    case "--perf-map": options.perfMap = true
    case "--jit-stats": options.jitStats = true
    default:
        if a.hasPrefix("-e") { actions.append(.exec(value("-e"))) }
        else if a.hasPrefix("-l") { actions.append(.require(value("-l"))) }
        else if a.hasPrefix("--jit=") {
            guard let t = TierMode(rawValue: String(a.dropFirst(6))) else { usage("unknown JIT mode '\(a.dropFirst(6))'") }
            options.jit = t
        } else if a.hasPrefix("--tier=") {
            // The interpreter-only spelling from before the JIT, kept as an alias of --jit=off.
            guard a.dropFirst(7) == "interp" else { usage("unknown tier '\(a.dropFirst(7))'") }
            options.jit = .off
        } else if a.hasPrefix("--jit-threads=") {
            options.jitThreads = count(a.dropFirst(14), of: "--jit-threads")
            if options.jitThreads > 1 { usage("--jit-threads takes 0 or 1") }
        } else if a.hasPrefix("--jit-compile-delay=") {
            options.jitCompileDelayMilliseconds = count(a.dropFirst(20), of: "--jit-compile-delay")
        } else if a.hasPrefix("--hot-call=") { options.hotCallThreshold = count(a.dropFirst(11), of: "--hot-call") }
        else if a.hasPrefix("--hot-loop=") { options.hotLoopThreshold = count(a.dropFirst(11), of: "--hot-loop") }
        else if profileOptions.parse(a) {}
        else { usage("unrecognized option '\(a)'") }
    }
    i += 1
}
let stdinIsTerminal = isatty(0) != 0
let runsSession = interactive || (scriptIndex == nil && actions.isEmpty && !showVersion && stdinIsTerminal)

let vm = LuaVM(options: options)
#if canImport(LuaREPL)
REPLSession.enableInterrupts(for: vm)  // Ctrl-C stops scripts, -e and - too (LuaREPL)
REPLSession.enablePauseRequests(for: vm, dumps: !runsSession)  // Ctrl-\ shows where a script is
#endif

/// `--jit-stats`: the run's instruction counts on stderr, as the program ends.
func printJITStats(_ target: LuaVM) {
    guard let summary = target.bytecodeCountSummary else { return }
    fflush(stdout)
    fputs("jit-stats: \(summary)\n", stderr)
}

@MainActor func report(_ e: LuaError) -> Never {
    fflush(stdout)
    fputs("\(progName): \(e.message)\n", stderr)
    if !e.traceback.isEmpty { fputs(e.traceback + "\n", stderr) }  // syntax errors: message only, like lua
    vm.closeState()  // like lua.c: the state is closed (finalizers run) after an error too
    printJITStats(vm)
    fflush(stdout)
    #if canImport(LuaREPL)
    exit(REPLSession.exitStatus(for: e))  // 130 for an interrupt, like a shell's SIGINT status
    #else
    exit(e.isInterrupt ? 130 : 1)
    #endif
}

/// What the command line sets up in `target`: warnings, search paths, `arg`, LUA_INIT, then the
/// -e and -l actions in order (-l only when `rerun`: the session's :reset keeps modules, not
/// one-off statements). The first error is thrown.
@MainActor func setUp(_ target: LuaVM, rerun: Bool) throws(LuaError) {
    target.warningsOn = warningsOn
    if ignoreEnv { target.useDefaultSearchPaths() }
    // `arg`: the script at 0 (with no script, the program), its arguments at 1..n, and the
    // interpreter's own arguments below.
    let base = scriptIndex ?? 0
    let argTable = target.newTable()
    for (k, s) in argv.enumerated() {
        target.rawSet(argTable, target.integer(Int64(k - base)), target.string(s))
    }
    target.setGlobal("arg", argTable)
    if !ignoreEnv {
        let initVar = getenv("LUA_INIT_5_4").map { ("LUA_INIT_5_4", String(cString: $0)) }
            ?? getenv("LUA_INIT").map { ("LUA_INIT", String(cString: $0)) }
        if let (name, value) = initVar {
            if value.hasPrefix("@") {
                _ = try target.runFile(String(value.dropFirst()))
            } else {
                _ = try target.run(Array(value.utf8), chunkName: "=" + name)
            }
        }
    }
    for act in actions {
        switch act {
        case .exec(let s):
            if !rerun { _ = try target.run(Array(s.utf8), chunkName: "=(command line)") }
        case .require(let spec):
            var global = spec, mod = spec
            if let eq = spec.firstIndex(of: "=") { global = String(spec[..<eq]); mod = String(spec[spec.index(after: eq)...]) }
            let r = try target.call(target.global("require"), [target.string(mod)])
            target.setGlobal(global, r.first ?? target.nilRef)
        }
    }
}

// The profiler covers everything from here (ProfileOptions.swift).
startProfiling(vm, profileOptions, title: "vmrepl " + (scriptIndex.map { argv[$0] } ?? "session"))
if showVersion { versionOutput(versionLine) }
let standardPrint = vm.global("print")  // before -e or LUA_INIT can replace it
do { try setUp(vm, rerun: false) } catch { report(error) }

/// The version line goes to stdout as lua's does; for `-i` on a pipe to stderr (as python -i
/// does), so a scripted session's stdout holds only what it printed.
@MainActor func versionOutput(_ line: String) {
    if interactive && !stdinIsTerminal { fputs(line + "\n", stderr) } else { print(line) }
}

if let f = bytecodeFile {
    switch vm.compile(readChunk(f), chunkName: "@" + f) {
    case .syntaxError(let message, _):
        fputs("\(progName): \(message)\n", stderr); exit(1)
    case .function(let fn):
        print(vm.bytecodeListing(of: fn) ?? "", terminator: "")
        exit(0)
    }
}

/// A chunk file (nil: stdin) read as lua reads it; exits with lua's message when it cannot.
func readChunk(_ path: String?) -> [UInt8] {
    do { return try LuaVM.readChunkFile(path) } catch {
        fputs("\(progName): \(error.message)\n", stderr)
        exit(1)
    }
}

/// Runs a chunk file (nil: stdin) as lua's handle_script does: read and compiled first, then its
/// `...` taken from the `arg` table as it is now (`#arg` values), then called.
@MainActor func runScript(_ path: String?, withArgs: Bool) {
    do throws(LuaError) {
        let chunk: LuaRef
        switch vm.compile(readChunk(path), chunkName: path.map { "@" + $0 } ?? "=stdin") {
        case .syntaxError(let message, _):
            throw LuaError(message: message)
        case .function(let f): chunk = f
        }
        _ = try vm.call(chunk, withArgs ? try scriptArguments(vm) : [])
    } catch { report(error) }
}

if let f = countersFile {
    runScript(f, withArgs: false)
    fflush(stdout)
    print(vm.tierReport(for: nil), terminator: "")
    printJITStats(vm)
    exit(0)
}

if let si = scriptIndex {
    runScript(argv[si] == "-" ? nil : argv[si], withArgs: true)
    if !interactive { vm.closeState(); printJITStats(vm) }
    fflush(stdout)
    if !interactive { exit(0) }
}

if runsSession {
    #if canImport(LuaREPL)
    let session = REPLSession(vm: vm)
    session.setUp = { fresh throws(LuaError) in
        profileFollows(fresh)
        try setUp(fresh, rerun: true)
    }
    session.builtinPrint = standardPrint
    let code = session.run()
    session.vm.closeState()
    printJITStats(session.vm)
    fflush(stdout)
    exit(code)
    #else
    runScript(nil, withArgs: false)
    #endif
} else if scriptIndex == nil && actions.isEmpty && !showVersion {
    runScript(nil, withArgs: false)  // stdin is not a terminal: it runs as one chunk, as in lua
}
vm.closeState()
printJITStats(vm)
fflush(stdout)
exit(0)
