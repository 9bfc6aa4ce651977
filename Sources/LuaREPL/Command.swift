// The REPL commands: one table of names, argument shapes and one-line help, and the parser.
//
// Invariants:
//  - A line is a command only when it starts with `:` followed by a letter, so Lua's `::label::`
//    is never taken for one.
//  - `Command.table` is the single definition: `:help`, completion and the parser all read it.
//  - On the `>>` prompt only `:help`, `:quit [STATUS]` and `:break` are commands, and only as the
//    whole line: anything else there (`:upper()` continuing a method call) is Lua.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif
enum Command: Equatable {
    case help
    case quit(Int32)
    case load(String)
    case time(String)
    case profile(String)
    case bytecode(String)
    case tier(String?)
    case disasm(String)
    case gc
    case reset
    case prettyPrint(String)
    case verify
    case deoptHere
    case breakChunk
    case edit

    struct Entry {
        let name: String
        let usage: String
        let help: String
    }

    static let table: [Entry] = [
        Entry(name: "help", usage: ":help", help: "list the commands"),
        Entry(name: "quit", usage: ":quit [STATUS]", help: "leave the session (Ctrl-D on an empty line does too)"),
        Entry(name: "load", usage: ":load FILE", help: "run a Lua file in this session and print what it returns"),
        Entry(name: "time", usage: ":time STAT", help: "run a statement or expression, then print its wall and CPU time"),
        Entry(name: "profile", usage: ":profile STAT", help: "run a statement or expression with the sampling profiler: its hottest functions and lines"),
        Entry(name: "bytecode", usage: ":bytecode FUNC", help: "list the bytecode of a Lua function (any expression)"),
        Entry(name: "tier", usage: ":tier [FUNC]", help: "engine state per function: calls, loop back-edges, type feedback, tier"),
        Entry(name: "disasm", usage: ":disasm FUNC", help: "the compiled code of a Lua function: its IR and x86-64 machine code"),
        Entry(name: "gc", usage: ":gc", help: "collect garbage and show the heap size before and after"),
        Entry(name: "reset", usage: ":reset", help: "start over with a fresh VM (all globals are lost)"),
        Entry(name: "pp", usage: ":pp EXPR", help: "pretty-print a value: nested tables expanded, cycles marked"),
        Entry(name: "verify", usage: ":verify", help: "check the heap's invariants and report any corruption"),
        Entry(name: "deopt-here", usage: ":deopt-here", help: "discard all compiled code: everything continues interpreted"),
        Entry(name: "break", usage: ":break", help: "on the >> prompt: drop the chunk being typed"),
        Entry(name: "edit", usage: ":edit", help: "write a chunk in $EDITOR; what you save runs as one chunk"),
    ]

    static var names: [String] { table.map(\.name) }

    /// True when `line` is meant as a command (even an unknown one).
    static func isCommand(_ line: String) -> Bool {
        let t = line.drop(while: { $0 == " " || $0 == "\t" })
        guard t.first == ":", let second = t.dropFirst().first else { return false }
        return second.isLetter
    }

    /// True when `line`, typed on the `>>` prompt, is one of the commands that work there.
    static func isContinuationCommand(_ line: String) -> Bool {
        guard isCommand(line), case .success(let c) = parse(line) else { return false }
        switch c {
        case .help, .quit, .breakChunk: return true
        default: return false
        }
    }

    /// Parses a command line; the error is the message to show.
    static func parse(_ line: String) -> Result<Command, CommandError> {
        let t = line.drop(while: { $0 == " " || $0 == "\t" }).dropFirst()
        let name = String(t.prefix(while: { $0 != " " && $0 != "\t" }))
        let arg = String(t.dropFirst(name.count).drop(while: { $0 == " " || $0 == "\t" }))
            .trimmingTrailingSpace()
        func needArg(_ make: (String) -> Command) -> Result<Command, CommandError> {
            if arg.isEmpty { return .failure(CommandError(message: "usage: " + usage(name))) }
            return .success(make(arg))
        }
        func noArg(_ c: Command) -> Result<Command, CommandError> {
            if !arg.isEmpty { return .failure(CommandError(message: "usage: " + usage(name))) }
            return .success(c)
        }
        switch name {
        case "help", "h", "?": return noArg(.help)
        case "quit", "q", "exit":
            if arg.isEmpty { return .success(.quit(0)) }
            guard let code = Int32(arg) else { return .failure(CommandError(message: "usage: " + usage("quit"))) }
            return .success(.quit(code))
        case "load": return needArg { .load(Command.path($0)) }
        case "time": return needArg { .time($0) }
        case "profile": return needArg { .profile($0) }
        case "bytecode": return needArg { .bytecode($0) }
        case "tier": return .success(.tier(arg.isEmpty ? nil : arg))
        case "disasm": return needArg { .disasm($0) }
        case "gc": return noArg(.gc)
        case "reset": return noArg(.reset)
        case "pp": return needArg { .prettyPrint($0) }
        case "verify": return noArg(.verify)
        case "deopt-here": return noArg(.deoptHere)
        case "break": return noArg(.breakChunk)
        case "edit": return noArg(.edit)
        default:
            return .failure(CommandError(message: "unknown command ':\(name)' (:help lists the commands)"))
        }
    }

    /// A file name as typed: surrounding quotes removed (`"my file.lua"`), a leading `~` or
    /// `~/` expanded to $HOME, as a shell would.
    static func path(_ typed: String) -> String {
        var p = typed
        if p.count >= 2, let q = p.first, q == "\"" || q == "'", p.last == q {
            p = String(p.dropFirst().dropLast())
        }
        if p == "~" || p.hasPrefix("~/"), let home = getenv("HOME") {
            p = String(cString: home) + p.dropFirst()
        }
        return p
    }

    static func usage(_ name: String) -> String {
        table.first(where: { $0.name == name })?.usage ?? ":" + name
    }

    static func helpText() -> String {
        let width = table.map(\.usage.count).max() ?? 0
        var out = "Commands (a line that starts with ':'; anything else is Lua):\n"
        for e in table {
            out += "  " + e.usage + String(repeating: " ", count: width - e.usage.count + 2) + e.help + "\n"
        }
        out += "Keys: Tab completes, Up/Down walk the history (and the lines of a recalled chunk),\n"
        out += "Ctrl-R searches the history, "
        out += "Ctrl-C stops running code or clears the input,\n"
        out += "Ctrl-\\ pauses running code at a paused> prompt (:help there lists what works),\n"
        out += "Ctrl-D on an empty line exits (so do `exit` and `quit` alone on a line).\n"
        return out
    }
}

struct CommandError: Error, Equatable {
    let message: String
}

extension String {
    func trimmingTrailingSpace() -> String {
        var s = self
        while let last = s.last, last == " " || last == "\t" || last == "\r" { s.removeLast() }
        return s
    }
}
