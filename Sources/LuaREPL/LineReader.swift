// Where input lines come from: libedit on a terminal, plain buffered lines otherwise.
//
// Invariants:
//  - `read` returns `.interrupted` only when a SIGINT arrived while waiting for the line (the
//    interrupt bit is pending in the active VMState); the caller clears it before running code.
//  - The plain reader never prints a prompt and never touches the terminal.
//  - libedit runs with rl_catch_signals = 1: on Ctrl-C it restores the terminal, passes the
//    signal on to our handler (which posts the request) and `readline` returns NULL.
//  - Bracketed paste is on only while libedit reads a line (not while Lua code runs), and
//    libedit runs in the editor's LC_CTYPE only (EditorLocale in KeyReader.swift).

#if canImport(Glibc)
@preconcurrency import Glibc
#endif
@preconcurrency import CEditLine
import CSigint

enum ReadResult: Equatable {
    case line(String)
    /// Ctrl-C while waiting; `discardedInput`: keys had been typed on the line it cleared.
    case interrupted(discardedInput: Bool)
    case endOfInput
}

protocol LineReader: AnyObject {
    /// `prompt` is ignored by readers that do not show one.
    func read(prompt: String) -> ReadResult
    /// Record an entered chunk (multi-line chunks whole).
    func remember(_ entry: String)
    /// True when the reader edits lines on a terminal (prompts, banner, completion).
    var interactive: Bool { get }
}

private func interruptPending() -> Bool { KeyReader.interruptPending() }

/// libedit through its readline-compatible API.
final class EditLineReader: LineReader {
    private let history: HistoryFile
    private var last: String?
    /// The terminal is asked to mark pastes (ESC [200~ ... ESC [201~) while a line is read.
    private var bracketedPaste = false
    var interactive: Bool { true }

    init(history: HistoryFile, completer: Completer) {
        self.history = history
        rl_readline_name = UnsafePointer(strdup("vmrepl"))
        rl_catch_signals = 1
        EditLineReader.installKeyReader()  // before rl_initialize, which looks at rl_getc_function
        EditorLocale.setUp()
        bracketedPaste = (getenv("TERM").map { String(cString: $0) } ?? "dumb") != "dumb"
        EditorLocale.with {
            _ = rl_initialize()
            MultiLineKeys.install()
            using_history()
            stifle_history(Int32(history.limit))
            for entry in history.load() {
                add_history(entry)
                last = entry
            }
        }
        Completer.install(completer)
    }

    private static func installKeyReader() {
        // A Ctrl-C ends the line (readline returns NULL); characters and pastes: KeyReader.
        rl_getc_function = { _ in KeyReader.next() }
    }

    func read(prompt: String) -> ReadResult {
        KeyReader.reset()
        if bracketedPaste { StandardStreams.writeOutput("\u{1b}[?2004h") }
        StandardStreams.flushOutput()
        let p = EditorLocale.with { readline(prompt) }
        if bracketedPaste { StandardStreams.writeOutput("\u{1b}[?2004l") }
        guard let p else {
            return interruptPending() ? .interrupted(discardedInput: KeyReader.keysTyped > 0) : .endOfInput
        }
        defer { free(p) }
        let typed = String(cString: p)
        guard let paste = KeyReader.takePaste() else { return .line(typed) }
        // The line ended with a multi-line paste: show it where libedit left the prompt line
        // (one line up), then hand the whole text on as one chunk.
        let line = typed + paste
        StandardStreams.writeOutput("\u{1b}[A\r\u{1b}[J" + prompt + line + "\n")
        return .line(line)
    }

    func remember(_ entry: String) {
        guard !entry.allSatisfy({ $0 == " " || $0 == "\t" }), entry != last else { return }
        last = entry
        EditorLocale.with { _ = add_history(entry) }
        history.append(entry)
    }
}

/// Lines from a pipe or file: no prompt, no editing, no history.
final class PlainLineReader: LineReader {
    private var buf: UnsafeMutablePointer<CChar>? = nil
    private var cap = 0
    var interactive: Bool { false }

    deinit { free(buf) }

    func read(prompt: String) -> ReadResult {
        StandardStreams.flushOutput()
        while true {
            errno = 0
            let n = getline(&buf, &cap, stdin)
            if n >= 0, let buf {
                var line = String(cString: buf)
                if line.hasSuffix("\n") { line.removeLast() }
                if line.hasSuffix("\r") { line.removeLast() }
                return .line(line)
            }
            if ferror(stdin) != 0 && errno == EINTR {
                clearerr(stdin)
                if interruptPending() { return .interrupted(discardedInput: false) }
                continue
            }
            return .endOfInput
        }
    }

    func remember(_ entry: String) {}
}
