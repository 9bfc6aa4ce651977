// vmrepl's command line, following lua's: vmrepl [options] [script [args]].
//
// Invariants: options are handled in the order given (-e and -l interleave like lua's); an
// uncaught error prints "vmrepl: <msg>" and the traceback on stderr and exits with status 1;
// with no script and no -e/-v (or with -i) the REPL runs.

import LuaEmbedding
#if canImport(LuaREPL)
import LuaREPL
#endif
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

let progName = "vmrepl"
let argv = CommandLine.arguments

func usage(_ msg: String) -> Never {
    fputs("\(progName): \(msg)\n", stderr)
    fputs("""
    usage: \(progName) [options] [script [args]]
    Available options are:
      -e stat   execute string 'stat'
      -i        enter interactive mode after executing 'script'
      -l mod    require library 'mod' into global 'mod'
      -l g=mod  require library 'mod' into global 'g'
      -v        show version information
      -E        ignore environment variables
      -W        turn warnings on
      --        stop handling options
      -         stop handling options and execute stdin
    Engine options:
      --tier=interp       execution tier (only the interpreter exists yet)
      --gc-stress         collect garbage at every GC safe point
      --bytecode FILE     print the bytecode listing of FILE and exit
      --counters FILE     run FILE, then print call/loop counters and type feedback
      --hot-call=N        call count that makes a function hot
      --hot-loop=N        back-edge count that makes a loop hot

    """, stderr)
    exit(1)
}

enum Action { case exec(String), require(String) }

var options = LuaVMOptions()
var actions: [Action] = []
var interactive = false, showVersion = false, ignoreEnv = false, warningsOn = false
var bytecodeFile: String? = nil, countersFile: String? = nil
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
    case "--gc-stress": options.gcStress = true
    case "--bytecode": bytecodeFile = value("--bytecode")
    case "--counters": countersFile = value("--counters")
    default:
        if a.hasPrefix("-e") { actions.append(.exec(value("-e"))) }
        else if a.hasPrefix("-l") { actions.append(.require(value("-l"))) }
        else if a.hasPrefix("--tier=") {
            guard let t = TierMode(rawValue: String(a.dropFirst(7))) else { usage("unknown tier '\(a.dropFirst(7))'") }
            options.tier = t
        } else if a.hasPrefix("--hot-call=") , let n = Int(a.dropFirst(11)) { options.hotCallThreshold = n }
        else if a.hasPrefix("--hot-loop="), let n = Int(a.dropFirst(11)) { options.hotLoopThreshold = n }
        else { usage("unrecognized option '\(a)'") }
    }
    i += 1
}

let vm = LuaVM(options: options)
vm.warningsOn = warningsOn
#if canImport(LuaREPL)
REPLSession.enableInterrupts(for: vm)  // Ctrl-C stops scripts, -e and - too (LuaREPL)
#endif

@MainActor func report(_ e: LuaError) -> Never {
    fflush(stdout)
    fputs("\(progName): \(e.message)\n", stderr)
    if !e.traceback.isEmpty { fputs(e.traceback + "\n", stderr) }  // syntax errors: message only, like lua
    vm.closeState()  // like lua.c: the state is closed (finalizers run) after an error too
    fflush(stdout)
    #if canImport(LuaREPL)
    exit(REPLSession.exitStatus(for: e))  // 130 for an interrupt, like a shell's SIGINT status
    #else
    exit(e.isInterrupt ? 130 : 1)
    #endif
}

@MainActor func runChunk(_ src: [UInt8], _ name: String, _ args: [LuaRef] = []) {
    do { _ = try vm.run(src, chunkName: name, args: args) } catch { report(error) }
}

// The `arg` table: script at 0, its arguments at 1..n, interpreter arguments below 0.
let argTable = vm.newTable()
for (k, s) in argv.enumerated() {
    vm.rawSet(argTable, vm.integer(Int64(k - (scriptIndex ?? argv.count))), vm.string(s))
}
vm.setGlobal("arg", argTable)

if showVersion { print("Lua 5.4 (vmrepl, a Lua 5.4 engine in Swift)") }

if ignoreEnv { vm.useDefaultSearchPaths() }
if !ignoreEnv {
    let initVar = getenv("LUA_INIT_5_4").map { ("LUA_INIT_5_4", String(cString: $0)) }
        ?? getenv("LUA_INIT").map { ("LUA_INIT", String(cString: $0)) }
    if let (name, value) = initVar {
        if value.hasPrefix("@") {
            do { _ = try vm.runFile(String(value.dropFirst())) } catch { report(error) }
        } else {
            runChunk(Array(value.utf8), "=" + name)
        }
    }
}

for act in actions {
    switch act {
    case .exec(let s):
        runChunk(Array(s.utf8), "=(command line)")
    case .require(let spec):
        var global = spec, mod = spec
        if let eq = spec.firstIndex(of: "=") { global = String(spec[..<eq]); mod = String(spec[spec.index(after: eq)...]) }
        do {
            let r = try vm.call(vm.global("require"), [vm.string(mod)])
            vm.setGlobal(global, r.first ?? vm.nilRef)
        } catch { report(error) }
    }
}

if let f = bytecodeFile {
    do {
        switch vm.compile(readChunk(f), chunkName: "@" + f) {
        case .syntaxError(let message, _):
            fputs("\(progName): \(message)\n", stderr); exit(1)
        case .function(let fn):
            print(vm.bytecodeListing(of: fn) ?? "", terminator: "")
            exit(0)
        }
    }
}

/// A chunk file (nil: stdin) read as lua reads it; exits with lua's message when it cannot.
func readChunk(_ path: String?) -> [UInt8] {
    do { return try LuaVM.readChunkFile(path) } catch {
        fputs("\(progName): \(error.message)\n", stderr)
        exit(1)
    }
}

if let f = countersFile {
    runChunk(readChunk(f), "@" + f)
    fflush(stdout)
    print(vm.tierReport(for: nil), terminator: "")
    exit(0)
}

if let si = scriptIndex {
    let path = argv[si]
    var scriptArgs: [LuaRef] = []
    for k in (si + 1)..<max(argv.count, si + 1) { scriptArgs.append(vm.string(argv[k])) }
    let isStdin = path == "-"
    runChunk(readChunk(isStdin ? nil : path), isStdin ? "=stdin" : "@" + path, scriptArgs)
    if !interactive { vm.closeState() }
    fflush(stdout)
    if !interactive { exit(0) }
}

if interactive || (scriptIndex == nil && actions.isEmpty && !showVersion) {
    #if canImport(LuaREPL)
    let code = REPLSession(vm: vm).run()
    vm.closeState()
    fflush(stdout)
    exit(code)
    #else
    runChunk(readChunk(nil), "=stdin")
    #endif
}
vm.closeState()
fflush(stdout)
exit(0)
