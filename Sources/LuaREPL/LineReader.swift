// Where input lines come from: libedit on a terminal, plain buffered lines otherwise.
//
// Invariants:
//  - `read` returns `.interrupted` only when a SIGINT arrived while waiting for the line (the
//    interrupt bit is pending in the active VMState); the caller clears it before running code.
//  - The plain reader never prints a prompt and never touches the terminal.
//  - libedit runs with rl_catch_signals = 1: on Ctrl-C it restores the terminal, passes the
//    signal on to our handler (which posts the request) and `readline` returns NULL.

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

private func interruptPending() -> Bool {
    guard let s = vmrepl_get_active_state() else { return false }
    return vmstate_pending(s) & UInt32(VMSTATE_REQUEST_INTERRUPT) != 0
}

/// libedit through its readline-compatible API.
final class EditLineReader: LineReader {
    private let history: HistoryFile
    private var last: String?
    var interactive: Bool { true }

    init(history: HistoryFile, completer: Completer) {
        self.history = history
        rl_readline_name = UnsafePointer(strdup("vmrepl"))
        rl_catch_signals = 1
        EditLineReader.installKeyReader()  // before rl_initialize, which looks at rl_getc_function
        _ = rl_initialize()
        MultiLineKeys.install()
        using_history()
        stifle_history(Int32(history.limit))
        for entry in history.load() {
            add_history(entry)
            last = entry
        }
        Completer.install(completer)
    }

    private static func installKeyReader() {
        // A Ctrl-C ends the line (readline returns NULL). The signal may land while libedit is
        // busy between two reads, where no read can return EINTR: so the pending bit is checked
        // before each wait, and the wait wakes up now and then to look again. A read interrupted
        // by another signal (SIGWINCH when the window is resized) is simply retried.
        rl_getc_function = { _ in
            var byte: UInt8 = 0
            while true {
                if interruptPending() { return EOF }
                if let key = MultiLineKeys.next() { return key }
                var p = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
                let r = poll(&p, 1, REPLLimits.promptInterruptPollMilliseconds)
                if r == 0 || (r < 0 && errno == EINTR) { continue }
                let n = Glibc.read(0, &byte, 1)
                if n == 1 { EditLineReader.keysTyped += 1; return Int32(byte) }
                if n < 0 && errno == EINTR { continue }
                return EOF
            }
        }
    }

    /// Keys read since the prompt was shown: tells a Ctrl-C that cleared typed text from one on an
    /// empty line (libedit does not expose its line buffer after an interrupted read).
    nonisolated(unsafe) static var keysTyped = 0

    func read(prompt: String) -> ReadResult {
        StandardStreams.flushOutput()
        EditLineReader.keysTyped = 0
        guard let p = readline(prompt) else {
            return interruptPending() ? .interrupted(discardedInput: EditLineReader.keysTyped > 0) : .endOfInput
        }
        defer { free(p) }
        return .line(String(cString: p))
    }

    func remember(_ entry: String) {
        guard !entry.allSatisfy({ $0 == " " || $0 == "\t" }), entry != last else { return }
        last = entry
        add_history(entry)
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
