// The lexer: Lua 5.4 source bytes to tokens, with lua's error messages.
//
// Invariants: `current` is the byte at `pos` (or nil at the end); while a string or numeral is
// scanned `buffer` holds its raw or decoded text, which is what lexical errors show as
// "near '...'". Names and string contents are interned in `strings` as they are scanned.
// Line counting treats \n, \r, \r\n and \n\r as one line break, like lua.
// `src` is a private copy of the source owned by the lexer's parser, which frees it (release()).

import LuaBytecode

/// Character classes for the lexer's hot loops, as bit flags per byte.
enum CharClass {
    static var alpha: UInt8 { 1 }   // letters and '_'
    static var digit: UInt8 { 2 }
    static var alnum: UInt8 { 3 }
    static var blank: UInt8 { 4 }   // space, \t, \v, \f (not line breaks)
    /// Built once per process, never freed; only read after its thread-safe lazy initialisation.
    nonisolated(unsafe) static let table: UnsafePointer<UInt8> = {
        let t = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for c in 0..<256 {
            let b = UInt8(c)
            var f: UInt8 = 0
            if Lexer.isAlpha(b) { f |= alpha }
            if Lexer.isDigit(b) { f |= digit }
            if b == 32 || b == 9 || b == 11 || b == 12 { f |= blank }
            t[c] = f
        }
        return UnsafePointer(t)
    }()
}

struct Lexer {
    let src: UnsafeMutableBufferPointer<UInt8>
    let chunkName: String
    var pos = 0
    var line = 1
    var lastLine = 1
    var token = Token()
    var ahead: Token? = nil
    var aheadLine = 1
    var buffer: [UInt8] = []
    var strings = StringTable()
    /// CharClass.table, kept here so the hot loops read it without a lazy-global check.
    let classes = CharClass.table

    init(source: [UInt8], chunkName: String) {
        // 8 zero bytes of padding after the source: StringTable.internPadded reads a word.
        let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: source.count + 8)
        source.withUnsafeBufferPointer { b in
            if let base = b.baseAddress { copy.initialize(from: base, count: b.count) }
        }
        (copy + source.count).initialize(repeating: 0, count: 8)
        src = UnsafeMutableBufferPointer(start: copy, count: source.count)
        self.chunkName = chunkName
        // In a file (chunk name "@..."), a first line starting with '#' (a shebang) is
        // skipped, as lua's file loader does; its newline stays so line numbers are right.
        if chunkName.hasPrefix("@"), src.first == UInt8(ascii: "#") {
            while pos < src.count && src[pos] != 10 && src[pos] != 13 { pos += 1 }
        }
    }

    /// Frees the source copy; the lexer is not used afterwards.
    func release() {
        src.baseAddress!.deallocate()
        strings.release()
    }

    @inline(__always) var current: UInt8? { pos < src.count ? src[pos] : nil }
    /// The text lua shows for a name, string or numeral token in "near '...'".
    func rawText(_ t: Token) -> [UInt8] {
        switch t.kind {
        case .string:
            if t.longLevel == 0 {
                let d = src[t.start]
                return [d] + strings.bytes(t.str) + [d]
            }
            let eqs = [UInt8](repeating: UInt8(ascii: "="), count: t.longLevel - 2)
            return [UInt8(ascii: "[")] + eqs + [UInt8(ascii: "[")] + strings.bytes(t.str)
                + [UInt8(ascii: "]")] + eqs + [UInt8(ascii: "]")]
        default:
            return Array(src[t.start..<t.end])
        }
    }
    @inline(__always) func peekByte(_ o: Int) -> UInt8? { pos + o < src.count ? src[pos + o] : nil }

    // MARK: errors

    func errorText(_ msg: String, near: String?) -> String {
        var s = "\(chunkID(chunkName)):\(line): \(msg)"
        if let near { s += " near \(near)" }
        return s
    }

    /// A lexical error: shows the token scanned so far (or <eof> when the input ended).
    func lexError(_ msg: String, _ kind: TokenKind) -> SyntaxError {
        let near: String
        switch kind {
        case .name, .string, .float, .int: near = "'" + String(decoding: buffer, as: UTF8.self) + "'"
        default: near = kind == .eof ? "<eof>" : "'\(kind.text)'"
        }
        return SyntaxError(message: errorText(msg, near: near), isIncomplete: kind == .eof)
    }

    // MARK: driver

    mutating func next() throws {
        lastLine = line
        if let a = ahead {
            token = a
            ahead = nil
        } else {
            token = try scan()
        }
    }

    mutating func lookahead() throws -> TokenKind {
        if ahead == nil {
            let saved = token
            ahead = try scan()
            token = saved
        }
        return ahead!.kind
    }

    @inline(__always) mutating func save(_ c: UInt8) { buffer.append(c) }
    @inline(__always) mutating func saveAndNext() { buffer.append(src[pos]); pos += 1 }

    static func isNewline(_ c: UInt8?) -> Bool { c == 10 || c == 13 }
    static func isAlpha(_ c: UInt8) -> Bool {
        (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95
    }
    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    static func isAlnum(_ c: UInt8) -> Bool { isAlpha(c) || isDigit(c) }
    static func isSpace(_ c: UInt8) -> Bool { c == 32 || (c >= 9 && c <= 13) }
    static func hexValue(_ c: UInt8) -> Int? {
        if isDigit(c) { return Int(c - 48) }
        if c >= 97 && c <= 102 { return Int(c - 87) }
        if c >= 65 && c <= 70 { return Int(c - 55) }
        return nil
    }

    /// Skip one line break (\n, \r, \n\r or \r\n) and count it.
    mutating func incLine() throws {
        let old = src[pos]
        pos += 1
        if let c = current, Lexer.isNewline(c), c != old { pos += 1 }
        line += 1
        if line >= Int(Int32.max) { throw lexError("chunk has too many lines", .eof) }
    }

    mutating func scan() throws -> Token {
        if !buffer.isEmpty { buffer.removeAll(keepingCapacity: true) }
        while true {
            guard pos < src.count else { return Token(kind: .eof) }
            let c = src[pos]
            let cls = classes[Int(c)]
            if cls & CharClass.alpha != 0 {
                // a name or reserved word; the zero padding after the source ends the loop
                let start = pos
                pos += 1
                while classes[Int(src.baseAddress![pos])] & CharClass.alnum != 0 { pos += 1 }
                let id = strings.internPadded(src.baseAddress! + start, pos - start)
                if id < TokenKind.reservedCount { return Token(kind: TokenKind.reservedKind(id)) }
                return Token(kind: .name, str: id, start: start, end: pos)
            }
            if cls & CharClass.blank != 0 {
                pos += 1
                continue
            }
            if c == 10 || c == 13 {
                try incLine()
                continue
            }
            if let t = try scanSymbol(c) { return t }
        }
    }

    /// The rest of scan(): a symbol, string or numeral starting with `c`, or nil after
    /// skipping a comment.
    @inline(__always)
    mutating func scanSymbol(_ c: UInt8) throws -> Token? {
        switch c {
        case UInt8(ascii: "-"):
            if peekByte(1) != UInt8(ascii: "-") { pos += 1; return Token(kind: .char(c)) }
            pos += 2
            if current == UInt8(ascii: "[") {
                let save = pos
                let level = skipSeparator()
                buffer.removeAll(keepingCapacity: true)
                if level >= 2 {
                    _ = try readLongString(level: level, isComment: true)
                    buffer.removeAll(keepingCapacity: true)
                    return nil
                }
                pos = save
            }
            // a short comment: skip to the line break (the zero padding stops the scan at the end)
            let p = src.baseAddress!
            let n = src.count
            while true {
                let d = p[pos]
                if d == 10 || d == 13 || (d == 0 && pos >= n) { break }
                pos += 1
            }
            return nil
        case UInt8(ascii: "["):
            let level = skipSeparator()
            if level >= 2 {
                let s = try readLongString(level: level, isComment: false)
                return Token(kind: .string, str: s, longLevel: level)
            } else if level == 0 {
                throw lexError("invalid long string delimiter", .string)
            }
            return Token(kind: .char(c))
        case UInt8(ascii: "="):
            pos += 1
            if current == UInt8(ascii: "=") { pos += 1; return Token(kind: .eq) }
            return Token(kind: .char(c))
        case UInt8(ascii: "<"):
            pos += 1
            if current == UInt8(ascii: "=") { pos += 1; return Token(kind: .le) }
            if current == UInt8(ascii: "<") { pos += 1; return Token(kind: .shl) }
            return Token(kind: .char(c))
        case UInt8(ascii: ">"):
            pos += 1
            if current == UInt8(ascii: "=") { pos += 1; return Token(kind: .ge) }
            if current == UInt8(ascii: ">") { pos += 1; return Token(kind: .shr) }
            return Token(kind: .char(c))
        case UInt8(ascii: "/"):
            pos += 1
            if current == UInt8(ascii: "/") { pos += 1; return Token(kind: .idiv) }
            return Token(kind: .char(c))
        case UInt8(ascii: "~"):
            pos += 1
            if current == UInt8(ascii: "=") { pos += 1; return Token(kind: .ne) }
            return Token(kind: .char(c))
        case UInt8(ascii: ":"):
            pos += 1
            if current == UInt8(ascii: ":") { pos += 1; return Token(kind: .dbcolon) }
            return Token(kind: .char(c))
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            let start = pos
            // Fast path: no escape and no line break before the closing delimiter, so the
            // contents are the source bytes (rawText rebuilds what `buffer` would hold).
            var i = pos + 1
            let n = src.count
            while i < n {
                let d = src[i]
                if d == c || d == UInt8(ascii: "\\") || d == 10 || d == 13 { break }
                i += 1
            }
            if i < n && src[i] == c {
                let s = strings.internPadded(src.baseAddress! + start + 1, i - start - 1)
                pos = i + 1
                return Token(kind: .string, str: s, start: start)
            }
            let s = try readString(delimiter: c)
            return Token(kind: .string, str: s, start: start)
        case UInt8(ascii: "."):
            if let d = peekByte(1), Lexer.isDigit(d) { return try readNumeral() }
            pos += 1
            if current == UInt8(ascii: ".") {
                pos += 1
                if current == UInt8(ascii: ".") { pos += 1; return Token(kind: .dots) }
                return Token(kind: .concat)
            }
            return Token(kind: .char(c))
        case 48...57:
            return try readNumeral()
        default:
            pos += 1
            return Token(kind: .char(c))
        }
    }

    /// At '[' or ']': reads `[===` and returns level+2 when well formed, 1 for a lone bracket,
    /// 0 for `[=` not followed by another bracket (an error for strings).
    mutating func skipSeparator() -> Int {
        let s = src[pos]
        saveAndNext()
        var count = 0
        while current == UInt8(ascii: "=") { saveAndNext(); count += 1 }
        if current == s { return count + 2 }
        return count == 0 ? 1 : 0
    }

    /// Reads a long string or comment after its opening bracket (already in `buffer`); for a
    /// string, returns the id of its contents, which sit in `buffer` between the brackets.
    mutating func readLongString(level: Int, isComment: Bool) throws -> StringID {
        let startLine = line
        saveAndNext()  // the second '['
        if Lexer.isNewline(current) { try incLine() }
        while true {
            guard let c = current else {
                let what = isComment ? "comment" : "string"
                throw lexError("unfinished long \(what) (starting at line \(startLine))", .eof)
            }
            switch c {
            case UInt8(ascii: "]"):
                if skipSeparator() == level {
                    saveAndNext()
                    if isComment { return 0 }
                    assert(buffer.count >= 2 * level)
                    return internBuffer(from: level, to: buffer.count - level)
                }
            case 10, 13:
                save(10)
                try incLine()
            default:
                if !isComment { save(c) }
                pos += 1
            }
        }
    }

    /// Interns buffer[from..<to].
    mutating func internBuffer(from: Int, to: Int) -> StringID {
        buffer.withUnsafeBufferPointer { b in strings.intern(b.baseAddress! + from, to - from) }
    }

    /// Reads a quoted string; returns the id of its contents (escapes decoded). Afterwards
    /// `buffer` is the delimiter, the contents and the delimiter.
    mutating func readString(delimiter: UInt8) throws -> StringID {
        assert(buffer.isEmpty)
        saveAndNext()
        while current != delimiter {
            guard let c = current else { throw lexError("unfinished string", .eof) }
            switch c {
            case 10, 13:
                throw lexError("unfinished string", .string)
            case UInt8(ascii: "\\"):
                saveAndNext()
                guard let e = current else { continue }  // reports "unfinished string"
                var value: UInt8? = nil
                switch e {
                case UInt8(ascii: "a"): value = 7
                case UInt8(ascii: "b"): value = 8
                case UInt8(ascii: "f"): value = 12
                case UInt8(ascii: "n"): value = 10
                case UInt8(ascii: "r"): value = 13
                case UInt8(ascii: "t"): value = 9
                case UInt8(ascii: "v"): value = 11
                case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): value = e
                case 10, 13:
                    try incLine()
                    buffer.removeLast(); buffer.append(10)
                    continue
                case UInt8(ascii: "x"):
                    saveAndNext()
                    var v = 0
                    for _ in 0..<2 {
                        guard let h = current, let d = Lexer.hexValue(h) else {
                            throw escapeError("hexadecimal digit expected")
                        }
                        saveAndNext()
                        v = v * 16 + d
                    }
                    buffer.removeLast(4)
                    buffer.append(UInt8(v))
                    continue
                case UInt8(ascii: "z"):
                    buffer.removeLast()
                    pos += 1
                    while let d = current, Lexer.isSpace(d) {
                        if Lexer.isNewline(d) { try incLine() } else { pos += 1 }
                    }
                    continue
                case UInt8(ascii: "u"):
                    try readUTF8Escape()
                    continue
                default:
                    if Lexer.isDigit(e) {
                        var v = 0
                        var n = 0
                        while n < 3, let d = current, Lexer.isDigit(d) {
                            v = v * 10 + Int(d - 48); saveAndNext(); n += 1
                        }
                        if v > 255 { throw escapeError("decimal escape too large") }
                        buffer.removeLast(n + 1)
                        buffer.append(UInt8(v))
                        continue
                    }
                    throw escapeError("invalid escape sequence")
                }
                pos += 1
                buffer.removeLast()
                buffer.append(value!)
            default:
                saveAndNext()
            }
        }
        saveAndNext()
        return internBuffer(from: 1, to: buffer.count - 1)
    }

    /// An error inside an escape: the offending byte is shown too (unless at the end).
    mutating func escapeError(_ msg: String) -> SyntaxError {
        if current != nil { saveAndNext() }
        return lexError(msg, .string)
    }

    mutating func readUTF8Escape() throws {
        saveAndNext()  // 'u'
        if current != UInt8(ascii: "{") { throw escapeError("missing '{'") }
        saveAndNext()
        guard let h0 = current, var v = Lexer.hexValue(h0).map(UInt64.init) else {
            throw escapeError("hexadecimal digit expected")
        }
        saveAndNext()
        var digits = 1
        while let h = current, let d = Lexer.hexValue(h) {
            digits += 1
            v = v * 16 + UInt64(d)
            if v > 0x7FFF_FFFF { throw escapeError("UTF-8 value too large") }
            saveAndNext()
        }
        if current != UInt8(ascii: "}") { throw escapeError("missing '}'") }
        pos += 1
        buffer.removeLast(digits + 3)  // \u{ and the digits
        let enc = Lexer.utf8Encode(UInt32(v))
        buffer += enc
    }

    /// UTF-8 encoding of up to 31-bit values (the original 6-byte form, as lua allows).
    static func utf8Encode(_ x: UInt32) -> [UInt8] {
        if x < 0x80 { return [UInt8(x)] }
        var bytes: [UInt8] = []
        var x = x
        var mfb: UInt32 = 0x3f  // maximum that fits in the first byte
        repeat {
            bytes.append(UInt8(0x80 | (x & 0x3f)))
            x >>= 6
            mfb >>= 1
        } while x > mfb
        bytes.append(UInt8((~mfb << 1) & 0xFF | x))
        return bytes.reversed()
    }
}
