// Numerals: lua's lexical rules for what a numeral spans, and its conversion to a value.
//
// A numeral spans digits, hex digits, '.', exponent letters with a sign, and one touching
// letter (which forces "malformed number"). Decimal integers that overflow become floats;
// hexadecimal integers wrap around modulo 2^64.

extension Lexer {
    /// Reads a numeral starting at `pos` (a digit, or a '.' before a digit).
    mutating func readNumeral() throws -> Token {
        let start = pos
        let n = src.count
        var expo: (UInt8, UInt8) = (UInt8(ascii: "e"), UInt8(ascii: "E"))
        if current == UInt8(ascii: "0"), let x = peekByte(1), x == UInt8(ascii: "x") || x == UInt8(ascii: "X") {
            pos += 2
            expo = (UInt8(ascii: "p"), UInt8(ascii: "P"))
        }
        while pos < n {
            let c = src[pos]
            if c == expo.0 || c == expo.1 {
                pos += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { pos += 1 }
            } else if Lexer.hexValue(c) != nil || c == UInt8(ascii: ".") {
                pos += 1
            } else {
                break
            }
        }
        if let c = current, Lexer.isAlpha(c) { pos += 1 }
        let text = UnsafeBufferPointer(rebasing: src[start..<pos])
        guard var t = Lexer.convertNumeral(text) else {
            buffer = Array(text)
            throw lexError("malformed number", .float)
        }
        t.start = start
        t.end = pos
        return t
    }

    /// Converts a complete numeral (no sign, no surrounding space) to an int or float token.
    static func convertNumeral(_ s: UnsafeBufferPointer<UInt8>) -> Token? {
        if s.count >= 2, s[0] == UInt8(ascii: "0"), s[1] == UInt8(ascii: "x") || s[1] == UInt8(ascii: "X") {
            return convertHex(UnsafeBufferPointer(rebasing: s[2...]))
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
        // Meanwhile collect the digits as an integer `mant` (while it stays exact) and the
        // decimal exponent, for the exact fast path below.
        var i = 0
        var mantDigits = 0
        var mant: UInt64 = 0
        var mantExact = true
        var exp10 = 0
        @inline(__always) func addDigit(_ c: UInt8) {
            if mant <= (1 << 53) / 10 { mant = mant * 10 + UInt64(c - 48) } else { mantExact = false }
        }
        while i < s.count, isDigit(s[i]) { addDigit(s[i]); i += 1; mantDigits += 1 }
        if i < s.count, s[i] == UInt8(ascii: ".") {
            i += 1
            while i < s.count, isDigit(s[i]) { addDigit(s[i]); exp10 -= 1; i += 1; mantDigits += 1 }
        }
        if mantDigits == 0 { return nil }
        if i < s.count, s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E") {
            i += 1
            guard let e = exponent(s, &i) else { return nil }
            exp10 += e
        }
        if i != s.count { return nil }
        // Exact fast path: an integer below 2^53 and a power of ten up to 1e22 are both exact
        // doubles, so one IEEE multiply or divide gives the correctly rounded value, the same
        // one a full decimal conversion gives.
        if mantExact && mant <= (1 << 53) && exp10 >= -22 && exp10 <= 22 {
            var p10 = 1.0
            for _ in 0..<abs(exp10) { p10 *= 10 }
            let d = exp10 < 0 ? Double(mant) / p10 : Double(mant) * p10
            return Token(kind: .float, float: d)
        }
        guard let d = Double(String(decoding: s, as: UTF8.self)) else { return nil }
        return Token(kind: .float, float: d)
    }

    /// The exponent after 'e' or 'p' at s[i]: an optional sign and at least one decimal digit
    /// (nil without one); its magnitude saturates at 100,000, far past any double's range.
    static func exponent(_ s: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Int? {
        var negative = false
        if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
            negative = s[i] == UInt8(ascii: "-"); i += 1
        }
        var e = 0
        let first = i
        while i < s.count, isDigit(s[i]) {
            if e < 100_000 { e = e * 10 + Int(s[i] - 48) }
            i += 1
        }
        if i == first { return nil }
        return negative ? -e : e
    }

    /// Hex numeral after "0x": integer (wrapping) unless it has a '.' or a 'p' exponent.
    static func convertHex(_ s: UnsafeBufferPointer<UInt8>) -> Token? {
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
            guard let e = exponent(s, &i), i == s.count else { return nil }
            fexp += e
        }
        if !isFloat { return Token(kind: .int, int: Int64(bitPattern: mant)) }
        if sticky { fmant |= 1 }
        let d = Double(sign: .plus, exponent: fexp, significand: Double(fmant))
        return Token(kind: .float, float: d)
    }
}
