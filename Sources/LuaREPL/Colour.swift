// Colour in the session: prompts, errors, and the strings, numbers, booleans and nil of results.
//
// Invariants:
//  - Decided once per session, as Python 3.13 and node decide: NO_COLOR (set, not empty) turns it
//    off; else FORCE_COLOR (set, not empty, not "0" or "false") turns it on; else it is on when
//    stdout is a terminal whose TERM is not "dumb". Errors are coloured only when stderr is a
//    terminal too (or colour is forced).
//  - Off, every function returns its text unchanged: output is byte for byte what it was.
//  - Prompt colour is wrapped in readline's ignore markers (\u{1}...\u{2}) so the editor does not
//    count escape sequences as columns.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

struct Colour {
    let enabled: Bool
    let errorsEnabled: Bool

    static let off = Colour(enabled: false, errorsEnabled: false)

    static func fromEnvironment() -> Colour {
        func env(_ name: String) -> String? {
            guard let p = getenv(name) else { return nil }
            let s = String(cString: p)
            return s.isEmpty ? nil : s
        }
        if env("NO_COLOR") != nil { return .off }
        if let force = env("FORCE_COLOR"), force != "0", force != "false" {
            return Colour(enabled: true, errorsEnabled: true)
        }
        guard isatty(1) != 0, env("TERM") != "dumb" else { return .off }
        return Colour(enabled: true, errorsEnabled: isatty(2) != 0)
    }

    private func paint(_ code: String, _ text: String) -> String {
        enabled ? "\u{1b}[" + code + "m" + text + "\u{1b}[0m" : text
    }

    func string(_ text: String) -> String { paint("32", text) }   // green, as node and Python
    /// What goes before and after a string's bytes written as they are.
    var stringDelimiters: (String, String) { enabled ? ("\u{1b}[32m", "\u{1b}[0m") : ("", "") }
    func number(_ text: String) -> String { paint("33", text) }   // yellow
    func boolean(_ text: String) -> String { paint("33", text) }
    func `nil`(_ text: String) -> String { paint("90", text) }    // grey, like node's undefined
    func error(_ text: String) -> String {
        guard errorsEnabled else { return text }
        // Line by line, so each line of a traceback is coloured even where a terminal resets it.
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "\u{1b}[31m" + $0 + "\u{1b}[0m" }.joined(separator: "\n")
    }
    /// A prompt for libedit: bold magenta, as Python 3.13's, with the escapes marked invisible.
    /// The reset goes before the prompt's trailing spaces: libedit attaches an invisible sequence
    /// to the character after it, and drops one that ends the prompt.
    func prompt(_ text: String) -> String {
        guard enabled else { return text }
        var body = Substring(text), tail = ""
        while let last = body.last, last == " " { tail += " "; body = body.dropLast() }
        if tail.isEmpty { return text }  // nothing to carry the reset: left plain
        return "\u{1}\u{1b}[1;35m\u{2}" + body + "\u{1}\u{1b}[0m\u{2}" + tail
    }

    /// The columns `text` takes on a terminal: escape sequences take none.
    static func visibleWidth(_ text: String) -> Int {
        var n = 0
        var inEscape = false
        for u in text.unicodeScalars {
            if inEscape {
                if (0x40...0x7e).contains(u.value) && u != "[" { inEscape = false }
            } else if u == "\u{1b}" {
                inEscape = true
            } else if u.value >= 0x20 {
                n += 1
            }
        }
        return n
    }
}
