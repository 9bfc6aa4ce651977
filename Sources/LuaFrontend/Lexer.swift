// The lexer: Lua 5.4 source bytes to tokens, with lua's error messages.
//
// Invariants: `current` is the byte at `pos` (or nil at the end); `buffer` holds the raw or
// decoded text of the token being scanned, which is what lexical errors show as "near '...'".
// Line counting treats \n, \r, \r\n and \n\r as one line break, like lua.

import LuaBytecode

struct Lexer {
    let src: [UInt8]
    let chunkName: String
    var pos = 0
    var line = 1
    var lastLine = 1
    var token = Token()
    var ahead: Token? = nil
    var aheadLine = 1
    var buffer: [UInt8] = []

    init(source: [UInt8], chunkName: String) {
        src = source
        self.chunkName = chunkName
        // In a file (chunk name "@..."), a first line starting with '#' (a shebang) is
        // skipped, as lua's file loader does; its newline stays so line numbers are right.
        if chunkName.hasPrefix("@"), src.first == UInt8(ascii: "#") {
            while pos < src.count && src[pos] != 10 && src[pos] != 13 { pos += 1 }
        }
    }

    @inline(__always) var current: UInt8? { pos < src.count ? src[pos] : nil }
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
        buffer.removeAll(keepingCapacity: true)
        while true {
            guard let c = current else { return Token(kind: .eof) }
            switch c {
            case 10, 13:
                try incLine()
            case 32, 9, 11, 12:
                pos += 1
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
                        continue
                    }
                    pos = save
                }
                while let d = current, !Lexer.isNewline(d) { pos += 1 }
            case UInt8(ascii: "["):
                let level = skipSeparator()
                if level >= 2 {
                    let s = try readLongString(level: level, isComment: false)
                    return Token(kind: .string, bytes: s, raw: buffer)
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
                let s = try readString(delimiter: c)
                return Token(kind: .string, bytes: s, raw: buffer)
            case UInt8(ascii: "."):
                saveAndNext()
                if current == UInt8(ascii: ".") {
                    saveAndNext()
                    if current == UInt8(ascii: ".") { pos += 1; return Token(kind: .dots) }
                    return Token(kind: .concat)
                }
                if let d = current, Lexer.isDigit(d) { return try readNumeral() }
                return Token(kind: .char(c))
            case 48...57:
                return try readNumeral()
            default:
                if Lexer.isAlpha(c) {
                    let start = pos
                    while let d = current, Lexer.isAlnum(d) { pos += 1 }
                    let word = Array(src[start..<pos])
                    buffer = word
                    if word.count <= 8, let k = TokenKind.reserved[String(decoding: word, as: UTF8.self)] {
                        return Token(kind: k)
                    }
                    return Token(kind: .name, bytes: word, raw: word)
                }
                pos += 1
                return Token(kind: .char(c))
            }
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

    mutating func readLongString(level: Int, isComment: Bool) throws -> [UInt8] {
        let startLine = line
        saveAndNext()  // the second '['
        if Lexer.isNewline(current) { try incLine() }
        var content: [UInt8] = []
        while true {
            guard let c = current else {
                let what = isComment ? "comment" : "string"
                throw lexError("unfinished long \(what) (starting at line \(startLine))", .eof)
            }
            switch c {
            case UInt8(ascii: "]"):
                let before = pos
                if skipSeparator() == level {
                    saveAndNext()
                    return content
                }
                content.append(contentsOf: src[before..<pos])
            case 10, 13:
                save(10); content.append(10)
                try incLine()
            default:
                if !isComment { save(c); content.append(c) }
                pos += 1
            }
        }
    }

    mutating func readString(delimiter: UInt8) throws -> [UInt8] {
        saveAndNext()
        var out: [UInt8] = []
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
                    buffer.removeLast(); buffer.append(10); out.append(10)
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
                    out.append(UInt8(v)); buffer.append(UInt8(v))
                    continue
                case UInt8(ascii: "z"):
                    buffer.removeLast()
                    pos += 1
                    while let d = current, Lexer.isSpace(d) {
                        if Lexer.isNewline(d) { try incLine() } else { pos += 1 }
                    }
                    continue
                case UInt8(ascii: "u"):
                    try readUTF8Escape(into: &out)
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
                        out.append(UInt8(v)); buffer.append(UInt8(v))
                        continue
                    }
                    throw escapeError("invalid escape sequence")
                }
                pos += 1
                buffer.removeLast()
                out.append(value!); buffer.append(value!)
            default:
                out.append(c); saveAndNext()
            }
        }
        saveAndNext()
        return out
    }

    /// An error inside an escape: the offending byte is shown too (unless at the end).
    mutating func escapeError(_ msg: String) -> SyntaxError {
        if current != nil { saveAndNext() }
        return lexError(msg, .string)
    }

    mutating func readUTF8Escape(into out: inout [UInt8]) throws {
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
        out += enc; buffer += enc
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
