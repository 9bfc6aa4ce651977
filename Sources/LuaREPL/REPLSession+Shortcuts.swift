// Words people type to leave or to get help, from other REPLs: `exit` and `quit` alone on a line
// leave (as in Python); node's `.exit` and `.help` get a hint.
//
// Invariants: only a whole line on the `>` prompt is looked at (spaces around allowed); `exit`
// or `quit` leaves only while no global of that name exists, so a program's own `quit` variable
// still shows its value; anything else is Lua.

import LuaEmbedding

enum ShortcutOutcome { case leave, handled }

extension REPLSession {
    func shortcut(_ line: String) -> ShortcutOutcome? {
        let word = line.trimmingCharacters(in: [" ", "\t", "\r"])
        switch word {
        case "exit", "quit":
            guard vm.typeName(vm.global(word)) == "nil" else { return nil }
            return .leave
        case ".exit", ".quit":
            reportMessage("(vmrepl's commands start with ':' — leave with :quit, `exit`, or Ctrl-D)")
            return .handled
        case ".help":
            reportMessage("(vmrepl's commands start with ':' — :help lists them)")
            return .handled
        default:
            return nil
        }
    }
}

extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return String(s)
    }
}
