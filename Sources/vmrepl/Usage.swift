// The command line's texts: usage (on a bad option, or asked for with --help/-h) and versions.
//
// Invariants: a usage error goes to stderr with status 1, as lua's does; asked for, the usage
// goes to stdout with status 0. The program name is argv[0] as invoked, as in lua's messages.

import LuaEmbedding
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// argv[0] as invoked (lua's `progname`): it prefixes every message of the command line.
let progName: String = {
    let a = CommandLine.arguments.first ?? ""
    return a.isEmpty ? "vmrepl" : a
}()

let usageText = """
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
    With no script: a session when stdin is a terminal, else stdin runs as one chunk
    (-i keeps the line-by-line session on a pipe).
    Engine options:
      --jit=MODE          off, on (the default), eager (compile at the first call
                          and loop back-edge) or stress (eager, and every guard and
                          limit check of compiled code exits once)
      --tier=interp       the same as --jit=off
      --jit-threads=N     1: compile on a thread of its own while the program
                          goes on (the default with more than one CPU); 0:
                          compile on the program's thread
      --jit-log           print one line per JIT event on stderr
      --jit-stats         count the bytecodes each tier runs: :tier and
                          vmrepl.tier show the share run in compiled code, and
                          the run's total goes to stderr at exit
      --perf-map          write /tmp/perf-PID.map so perf names compiled code
      --gc-stress         collect garbage at every GC safe point
      --bytecode FILE     print the bytecode listing of FILE and exit
      --counters FILE     run FILE, then print call/loop counters and type feedback
      --hot-call=N        call count that makes a function hot
      --hot-loop=N        back-edge count that makes a loop hot
      --jit-compile-delay=MS  (testing aid) the compiler thread waits MS
                          milliseconds before each compile
    Profiler (sampling, in both tiers; written when the program ends):
      --profile           report the hottest functions and lines on stderr
      --profile=FILE      ... into FILE
      --profile-folded=FILE  folded stacks (func;func;func count) for flame-graph tools
      --profile-svg=FILE  a flame graph drawn as an SVG file
      --profile-rate=HZ   samples per second (default 1000)
    Other:
      -h, --help          show this text
      --version           show vmrepl's version

    """

/// The `-v` line (and the first line of `-i`).
let versionLine = "Lua 5.4 (vmrepl \(LuaVM.vmreplVersion), a Lua 5.4 engine in Swift)"

func usage(_ msg: String) -> Never {
    fputs("\(progName): \(msg)\n", stderr)
    fputs(usageText, stderr)
    exit(1)
}

/// The value of `--hot-call=N` and the like: a non-negative integer, or a usage error.
func count(_ text: Substring, of flag: String) -> Int {
    guard let n = Int(text), n >= 0 else { usage("bad number '\(text)' in '\(flag)=N' (a non-negative integer)") }
    return n
}
