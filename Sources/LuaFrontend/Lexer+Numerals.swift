// Numerals: lua's lexical rules for what a numeral spans, and its conversion to a value.
//
// A numeral spans digits, hex digits, '.', exponent letters with a sign, and one touching
// letter (which forces "malformed number"). Decimal integers that overflow become floats;
// hexadecimal integers wrap around modulo 2^64.

extension Lexer {
    mutating func readNumeral() throws -> Token {
        var expo: (UInt8, UInt8) = (UInt8(ascii: "e"), UInt8(ascii: "E"))
        if current == UInt8(ascii: "0"), let n = peekByte(1), n == UInt8(ascii: "x") || n == UInt8(ascii: "X") {
            saveAndNext(); saveAndNext()
            expo = (UInt8(ascii: "p"), UInt8(ascii: "P"))
        }
        while let c = current {
            if c == expo.0 || c == expo.1 {
                saveAndNext()
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { saveAndNext() }
            } else if Lexer.hexValue(c) != nil || c == UInt8(ascii: ".") {
                saveAndNext()
            } else {
                break
            }
        }
        if let c = current, Lexer.isAlpha(c) { saveAndNext() }
        guard let tok = Lexer.convertNumeral(buffer) else {
            throw lexError("malformed number", .float)
        }
        var t = tok
        t.raw = buffer
        return t
    }

    /// Converts a complete numeral (no sign, no surrounding space) to an int or float token.
    static func convertNumeral(_ s: [UInt8]) -> Token? {
        if s.count >= 2, s[0] == UInt8(ascii: "0"), s[1] == UInt8(ascii: "x") || s[1] == UInt8(ascii: "X") {
            return convertHex(Array(s[2...]))
        }
        var isFloat = false
        for c in s where !isDigit(c) {
            if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
                || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                isFloat = true
            } else {
                return nil
            }
        }
        if !isFloat {
            var v: Int64 = 0
            var overflow = false
            for c in s {
                let (m, o1) = v.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(c - 48))
                if o1 || o2 { overflow = true; break }
                v = a
            }
            if !overflow { return Token(kind: .int, int: v) }
        }
        // Validate the decimal float grammar: digits [. digits] [e [sign] digits], some digit.
        var i = 0
        var mantDigits = 0
        while i < s.count, isDigit(s[i]) { i += 1; mantDigits += 1 }
        if i < s.count, s[i] == UInt8(ascii: ".") {
            i += 1
            while i < s.count, isDigit(s[i]) { i += 1; mantDigits += 1 }
        }
        if mantDigits == 0 { return nil }
        if i < s.count, s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E") {
            i += 1
            if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
            var expDigits = 0
            while i < s.count, isDigit(s[i]) { i += 1; expDigits += 1 }
            if expDigits == 0 { return nil }
        }
        if i != s.count { return nil }
        guard let d = Double(String(decoding: s, as: UTF8.self)) else { return nil }
        return Token(kind: .float, float: d)
    }

    /// Hex numeral after "0x": integer (wrapping) unless it has a '.' or a 'p' exponent.
    static func convertHex(_ s: [UInt8]) -> Token? {
        var i = 0
        var mant: UInt64 = 0        // wrapping value, for integers
        var fmant: UInt64 = 0       // leading significant bits, for floats
        var fexp = 0                // binary exponent adjustment for fmant
        var digits = 0
        var seenDot = false
        var isFloat = false
        var sticky = false
        while i < s.count {
            let c = s[i]
            if c == UInt8(ascii: ".") {
                if seenDot { return nil }
                seenDot = true; isFloat = true
            } else if let d = hexValue(c) {
                digits += 1
                mant = mant &* 16 &+ UInt64(d)
                if fmant >> 58 == 0 {
                    fmant = fmant * 16 + UInt64(d)
                    if seenDot { fexp -= 4 }
                } else {
                    if d != 0 { sticky = true }
                    if !seenDot { fexp += 4 }
                }
            } else {
                break
            }
            i += 1
        }
        if digits == 0 { return nil }
        if i < s.count {
            guard s[i] == UInt8(ascii: "p") || s[i] == UInt8(ascii: "P") else { return nil }
            isFloat = true
            i += 1
            var neg = false
            if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
                neg = s[i] == UInt8(ascii: "-"); i += 1
            }
            var e = 0
            var expDigits = 0
            while i < s.count, isDigit(s[i]) {
                if e < 100_000 { e = e * 10 + Int(s[i] - 48) }
                i += 1; expDigits += 1
            }
            if expDigits == 0 || i != s.count { return nil }
            fexp += neg ? -e : e
        }
        if !isFloat { return Token(kind: .int, int: Int64(bitPattern: mant)) }
        if sticky { fmant |= 1 }
        let d = Double(sign: .plus, exponent: fexp, significand: Double(fmant))
        return Token(kind: .float, float: d)
    }
}
