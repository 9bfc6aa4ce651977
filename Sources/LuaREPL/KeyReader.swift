// The keys libedit reads: whole characters (UTF-8 decoded), bracketed pastes, the Ctrl-C check.
//
// Invariants:
//  - libedit's readline layer stores what `rl_getc_function` returns as one wide character, so
//    a multibyte character is decoded here and returned whole; libedit encodes the line back with
//    the editor's LC_CTYPE (EditorLocale), so the bytes typed are the bytes Lua gets.
//  - A bracketed paste (`ESC [200~ ... ESC [201~`) never reaches libedit's key bindings: a paste
//    without a newline is fed as quoted inserts (Tab is a tab, never completion); a paste with a
//    newline ends the line, and the reader hands the typed prefix plus the whole paste on as one
//    chunk (`takePaste`).
//  - `next` returns EOF whenever the interrupt bit is pending, checked before each wait.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CSigint

enum KeyReader {
    /// Characters (code points) to hand out before reading more bytes.
    nonisolated(unsafe) private static var queued: [Int32] = []
    /// A multi-line paste that ended the line; the reader appends it to what libedit returns.
    nonisolated(unsafe) private static var paste: String?
    /// Keys read since the prompt was shown (see EditLineReader.read).
    nonisolated(unsafe) static var keysTyped = 0

    static let pasteStart: [UInt8] = Array("\u{1b}[200~".utf8)
    static let pasteEnd: [UInt8] = Array("\u{1b}[201~".utf8)
    /// libedit's emacs binding for ed-quoted-insert: the next character is inserted as it is.
    static let quotedInsert: Int32 = 0x16

    /// Called at each prompt: nothing typed, nothing queued from an earlier line.
    static func reset() {
        keysTyped = 0
        queued = []
        paste = nil
    }

    /// The multi-line paste that ended the last line, if one did (consumed).
    static func takePaste() -> String? {
        defer { paste = nil }
        return paste
    }

    /// The next character for libedit, or EOF (end of input, or a Ctrl-C is pending).
    static func next() -> Int32 {
        if !queued.isEmpty { return queued.removeFirst() }
        if let key = MultiLineKeys.next() { return key }  // Up/Down inside a multi-line input
        guard let b = readByte(waitMilliseconds: nil) else { return EOF }
        keysTyped += 1
        if b == 0x1b { return escape() }
        if b < 0x80 || !EditorLocale.isUTF8 { return Int32(b) }
        return decode(first: b)
    }

    /// One byte from the terminal; nil at end of input, when a Ctrl-C is pending, or when
    /// `waitMilliseconds` passes with nothing to read (nil: wait as long as it takes).
    private static func readByte(waitMilliseconds: Int32?) -> UInt8? {
        // The signal may land while libedit is busy between two reads, where no read can return
        // EINTR: so the pending bit is checked before each wait, and the wait wakes up now and
        // then to look again. A read interrupted by another signal (SIGWINCH, SIGQUIT) is retried;
        // the time waited is the clock's, so an interrupted poll does not count as a whole slice.
        let started = monotonicMilliseconds()
        while true {
            if interruptPending() { return nil }
            let waited = Int32(clamping: monotonicMilliseconds() - started)
            let slice = min(REPLLimits.promptInterruptPollMilliseconds, waitMilliseconds.map { max($0 - waited, 0) } ?? Int32.max)
            var p = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            let r = poll(&p, 1, slice)
            if r == 0 || (r < 0 && errno == EINTR) {
                if let limit = waitMilliseconds, monotonicMilliseconds() - started >= Int(limit) { return nil }
                continue
            }
            var byte: UInt8 = 0
            let n = Glibc.read(0, &byte, 1)
            if n == 1 { return byte }
            if n < 0 && errno == EINTR { continue }
            return nil
        }
    }

    private static func monotonicMilliseconds() -> Int {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return ts.tv_sec * 1000 + ts.tv_nsec / 1_000_000
    }

    /// After an ESC: a bracketed paste, or an ordinary escape sequence handed on byte by byte.
    private static func escape() -> Int32 {
        var seen: [UInt8] = [0x1b]
        while seen.count < pasteStart.count, seen == Array(pasteStart.prefix(seen.count)) {
            guard let b = readByte(waitMilliseconds: REPLLimits.escapeSequenceWaitMilliseconds) else { break }
            seen.append(b)
        }
        if seen == pasteStart { return readPaste() }
        queued += seen.dropFirst().map { Int32($0) }
        return 0x1b
    }

    /// The bytes of a paste, up to its end marker (or until the terminal goes quiet).
    private static func readPaste() -> Int32 {
        var bytes: [UInt8] = []
        while !(bytes.count >= pasteEnd.count && bytes.suffix(pasteEnd.count).elementsEqual(pasteEnd)) {
            guard let b = readByte(waitMilliseconds: REPLLimits.pasteQuietMilliseconds) else {
                if interruptPending() { return EOF }
                break
            }
            bytes.append(b)
        }
        if bytes.count >= pasteEnd.count && bytes.suffix(pasteEnd.count).elementsEqual(pasteEnd) {
            bytes.removeLast(pasteEnd.count)
        }
        // Terminals send a pasted line break as CR (the Enter key's code): it is a newline.
        var text: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0d {
                text.append(0x0a)
                if i + 1 < bytes.count && bytes[i + 1] == 0x0a { i += 1 }
            } else {
                text.append(bytes[i])
            }
            i += 1
        }
        if text.contains(0x0a) {
            if text.last == 0x0a { text.removeLast() }
            paste = String(decoding: text, as: UTF8.self)
            return 0x0a  // ends the line: the reader joins it with the paste
        }
        for c in characters(text) {
            if c < 0x20 || c == 0x7f { queued.append(quotedInsert) }
            queued.append(c)
        }
        return queued.isEmpty ? next() : queued.removeFirst()
    }

    /// The characters of pasted bytes (UTF-8 decoded when the editor's locale is UTF-8).
    private static func characters(_ bytes: [UInt8]) -> [Int32] {
        guard EditorLocale.isUTF8 else { return bytes.map { Int32($0) } }
        return String(decoding: bytes, as: UTF8.self).unicodeScalars.map { Int32(bitPattern: $0.value) }
    }

    /// The rest of a UTF-8 character whose first byte is `first`; a malformed sequence is handed
    /// on as U+FFFD, as libedit cannot hold it.
    private static func decode(first: UInt8) -> Int32 {
        let length = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1
        var bytes = [first]
        while bytes.count < length {
            guard let b = readByte(waitMilliseconds: REPLLimits.escapeSequenceWaitMilliseconds) else { break }
            bytes.append(b)
            if b & 0xc0 != 0x80 { break }
        }
        let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        if scalars.count == 1 { return Int32(bitPattern: scalars[0].value) }
        // A byte that did not belong: hand it on after the replacement character.
        if let last = bytes.last, bytes.count > 1, last & 0xc0 != 0x80 {
            queued.append(Int32(last))
        }
        return 0xfffd
    }

    static func interruptPending() -> Bool {
        guard let s = vmrepl_get_active_state() else { return false }
        return vmstate_pending(s) & UInt32(VMSTATE_REQUEST_INTERRUPT) != 0
    }
}

/// The line editor's character type. lua5.4 runs in the C locale (string functions, os.setlocale's
/// answers and number formatting depend on it), and so does vmrepl's Lua: the process locale is
/// never changed. libedit alone needs the terminal's character set to decode and show multibyte
/// text, so the environment's LC_CTYPE is made the calling thread's locale (uselocale) only while
/// libedit runs, and the global C locale comes back before any Lua code does.
enum EditorLocale {
    nonisolated(unsafe) private static var handle: locale_t? = nil
    nonisolated(unsafe) private(set) static var isUTF8 = false

    /// Picks the locale once: the environment's LC_CTYPE (LC_ALL, LC_CTYPE, LANG); when that is a
    /// single-byte "C"/"POSIX", C.UTF-8, since terminals that send multibyte text send UTF-8.
    static func setUp() {
        if handle != nil { return }
        var h = newlocale(LC_CTYPE_MASK, "", nil)
        if let l = h, String(cString: nl_langinfo_l(nl_item(CODESET), l)) == "ANSI_X3.4-1968",
           let utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", nil) {
            freelocale(l)
            h = utf8
        }
        handle = h
        if let l = h { isUTF8 = String(cString: nl_langinfo_l(nl_item(CODESET), l)) == "UTF-8" }
    }

    /// Runs `body` with the editor's LC_CTYPE on this thread.
    static func with<T>(_ body: () -> T) -> T {
        guard let h = handle else { return body() }
        let old = uselocale(h)
        defer { uselocale(old) }
        return body()
    }
}
