// DecimalFormat: printf's %f, %e and %g of a double, computed exactly with 128-bit integers, so
// string.format and tostring need not go through C's printf for ordinary numbers.
//
// Invariants:
//  - What `format` writes is byte for byte what glibc's printf writes for the same conversion,
//    flags, width and precision: the exact binary value correctly rounded, a tie of the exact
//    value to even (the default rounding mode, which Lua never changes); inf/nan as "inf",
//    "-inf", "nan", "-nan" (upper case for E and G), padded with spaces even under '0'.
//  - Every intermediate is an exact integer. A finite x is m * 2^e (m odd, or 0); scaling by
//    10^s is a product or quotient with 5^|s| and a shift by e + s, rounded once, at the end.
//  - `format` returns nil when some intermediate would not fit 128 bits (large magnitudes with
//    a fixed precision, tiny ones with many digits, precisions past 37 for %e/%g but of zero) or
//    the width or precision has more than two digits; the caller then asks C's printf. nil is
//    never a guess: a result is exact or absent.
//  - It writes only the output's own bytes: at most max(width, precision + 8, 45) of them (%f's
//    "-0." and fraction, or a sign, 39 digits and a point; %e's sign, digit, point, fraction and
//    "e+308"; %g's forms are no longer), so never more than `maxLength`.

public enum DecimalFormat {
    /// printf's flags as bit masks (string.format keeps its flag sets in these bits).
    public static let flagMinus: UInt8 = 1, flagPlus: UInt8 = 2, flagSpace: UInt8 = 4
    public static let flagHash: UInt8 = 8, flagZero: UInt8 = 16

    /// The most bytes `format` writes: max(width, precision + 8, 45) with both at most 99.
    public static let maxLength = 128

    /// 5^k for k in 0...55 (5^55 < 2^128 <= 5^56).
    static let pow5: [UInt128] = {
        var t: [UInt128] = [1]
        while t.count <= 55 { t.append(t[t.count - 1] * 5) }
        return t
    }()

    /// 10^k for k in 0...38 (10^38 < 2^128 <= 10^39).
    static let pow10: [UInt128] = {
        var t: [UInt128] = [1]
        while t.count <= 38 { t.append(t[t.count - 1] * 10) }
        return t
    }()

    /// printf's `%[flags][width][.precision]conv` of `x` into `buf` (at least `maxLength` bytes),
    /// for conv in "feEgG"; precision -1 means none (6). Returns the length written, or nil when
    /// the exact value does not fit this path (see the invariants).
    public static func format(_ x: Double, conversion conv: UInt8, flags: UInt8, width: Int, precision: Int,
                              into buf: UnsafeMutablePointer<UInt8>) -> Int? {
        guard width <= 99, precision <= 99 else { return nil }
        let upper: Bool
        switch conv {
        case UInt8(ascii: "f"), UInt8(ascii: "e"), UInt8(ascii: "g"): upper = false
        case UInt8(ascii: "E"), UInt8(ascii: "G"): upper = true
        default: return nil
        }
        // The sign: printf shows the sign bit, so -0.0 and negatives that round to zero keep '-'.
        var n = 0
        if x.sign == .minus { buf[0] = UInt8(ascii: "-"); n = 1 }
        else if flags & flagPlus != 0 { buf[0] = UInt8(ascii: "+"); n = 1 }
        else if flags & flagSpace != 0 { buf[0] = UInt8(ascii: " "); n = 1 }
        let signLength = n
        if !x.isFinite {
            let word: (UInt8, UInt8, UInt8) = x.isNaN ? (110, 97, 110) : (105, 110, 102)  // "nan" / "inf"
            let caseBit: UInt8 = upper ? 0x20 : 0
            buf[n] = word.0 ^ caseBit; buf[n + 1] = word.1 ^ caseBit; buf[n + 2] = word.2 ^ caseBit
            return pad(buf, n + 3, signLength, width, flags & ~flagZero)
        }
        // x = m * 2^e with m odd (fewer bits to carry through the products), or m = 0.
        let bits = x.bitPattern
        let biased = Int(truncatingIfNeeded: (bits >> 52) & 0x7FF)
        var m = bits & ((1 << 52) - 1)
        var e = -1074
        if biased != 0 { m |= 1 << 52; e = biased - 1075 }
        if m != 0 { let tz = m.trailingZeroBitCount; m >>= tz; e += tz }
        let p = precision < 0 ? 6 : precision
        let hash = flags & flagHash != 0
        switch conv {
        case UInt8(ascii: "f"):
            guard let q = scaled(m, e, p) else { return nil }
            n = fixed(buf, n, q, p, hash)
        case UInt8(ascii: "e"), UInt8(ascii: "E"):
            guard let (q, x10, _) = scientific(m, e, p) else { return nil }
            n = mantissa(buf, n, q, p, hash)
            n = exponent(buf, n, x10, upper)
        default:  // g, G
            // P significant digits (0 means 1); the exponent X is that of %e with precision P-1,
            // after rounding. P > X >= -4 picks the %f form with precision P-1-X, whose scaled
            // value is the same q; else the %e form. Without '#', trailing zeros of the fraction
            // go, and the point with them.
            let sig = p == 0 ? 1 : p
            guard let (q, x10, carried) = scientific(m, e, sig - 1) else { return nil }
            let start = n
            if x10 < sig && x10 >= -4 {
                let fraction = sig - 1 - x10
                n = fixed(buf, n, q, fraction, hash)
                if !hash && fraction > 0 { n = stripFraction(buf, start, n) }
            } else if carried && x10 == sig {
                // glibc's own rule where rounding carries x (below 10^P) into the %e form: it
                // keeps the %f form's fraction, none, so "%#g" of 999999.5 is "1.e+06", not C's
                // "1.00000e+06" (without '#' the zeros go anyway). q is 10^(P-1): its digit is 1.
                n = mantissa(buf, n, 1, 0, hash)
                n = exponent(buf, n, x10, upper)
            } else {
                n = mantissa(buf, n, q, sig - 1, hash)
                if !hash && sig > 1 { n = stripFraction(buf, start, n) }
                n = exponent(buf, n, x10, upper)
            }
        }
        assert(n <= max(p + 8, 45), "DecimalFormat wrote past its bound")
        return pad(buf, n, signLength, width, flags)
    }

    /// round(m * 2^e * 10^s), a tie to even (floor(...) when not `nearest`), or nil when an
    /// intermediate passes 128 bits. 10^s = 5^s * 2^s, so only the power of five multiplies or
    /// divides; the twos join the shift.
    @inline(__always)
    static func scaled(_ m: UInt64, _ e: Int, _ s: Int, nearest: Bool = true) -> UInt128? {
        if m == 0 { return 0 }
        let shift = e + s
        if s >= 0 {
            guard s < pow5.count else { return nil }
            let (n, overflow) = UInt128(m).multipliedReportingOverflow(by: pow5[s])
            if overflow { return nil }
            if shift >= 0 {
                guard shift < 128 && n.leadingZeroBitCount >= shift else { return nil }
                return n << shift
            }
            return shiftRounded(n, -shift, nearest)
        }
        guard -s < pow5.count else { return nil }
        let d = pow5[-s]
        if shift >= 0 {
            guard shift < 128 && UInt128(m).leadingZeroBitCount >= shift else { return nil }
            return divideRounded(UInt128(m) << shift, d, nearest)
        }
        guard -shift < 128 && d.leadingZeroBitCount >= -shift else { return nil }
        return divideRounded(UInt128(m), d << -shift, nearest)
    }

    /// round(n / 2^k) for k >= 1, a tie to even (floor when not `nearest`).
    @inline(__always)
    static func shiftRounded(_ n: UInt128, _ k: Int, _ nearest: Bool) -> UInt128 {
        if k >= 128 {
            if !nearest { return 0 }
            // n < 2^128 <= 2^(k-1): below half unless k is 128 and n passes 2^127.
            let half = UInt128(1) << 127
            return k == 128 && n > half ? 1 : 0
        }
        let q = n >> k
        if !nearest { return q }
        let rest = n & ((UInt128(1) << k) - 1)
        let half = UInt128(1) << (k - 1)
        return rest > half || (rest == half && q & 1 == 1) ? q + 1 : q
    }

    /// round(n / d) for d >= 2, a tie to even (floor when not `nearest`). 64-bit division when
    /// both fit (the common case: a 128-bit division is a library call).
    @inline(__always)
    static func divideRounded(_ n: UInt128, _ d: UInt128, _ nearest: Bool) -> UInt128 {
        var q: UInt128, r: UInt128
        if n >> 64 == 0 && d >> 64 == 0 {
            let (q64, r64) = UInt64(truncatingIfNeeded: n).quotientAndRemainder(dividingBy: UInt64(truncatingIfNeeded: d))
            q = UInt128(q64); r = UInt128(r64)
        } else {
            (q, r) = n.quotientAndRemainder(dividingBy: d)
        }
        if !nearest { return q }
        let other = d - r  // r against d - r: the half without computing 2r (which could overflow)
        return r > other || (r == other && q & 1 == 1) ? q + 1 : q
    }

    /// %e's digits and exponent: q = round(x * 10^(p - X)) with 10^p <= q < 10^(p+1), X the
    /// decimal exponent after rounding (q = 0 and X = 0 for zero), and whether rounding carried
    /// into X (x < 10^X); nil when it does not fit.
    static func scientific(_ m: UInt64, _ e: Int, _ p: Int) -> (q: UInt128, x10: Int, carried: Bool)? {
        if m == 0 { return (0, 0, false) }
        guard p + 1 < pow10.count else { return nil }
        // floor(log10(2^b)) for 2^b <= x < 2^(b+1) is X or X - 1; 78913 / 2^18 is log10(2) close
        // enough for every binary exponent of a double. The loop corrects the guess either way,
        // so a result never depends on the estimate, only how soon it comes.
        let b = e + 63 - m.leadingZeroBitCount
        var x10 = (b * 78913) >> 18
        for _ in 0..<3 {
            guard let q = scaled(m, e, p - x10) else { return nil }
            if q < pow10[p] { x10 -= 1; continue }
            if q < pow10[p + 1] { return (q, x10, false) }
            if q == pow10[p + 1] {
                // Exactly 10^(p+1): x * 10^(p-X-1) is within 0.05 of 10^p, so that is the value
                // rounded at the next exponent. It is a carry when rounding went up to it, that is
                // when x is below 10^(X+1): the floor at the same scale (which fits, as the
                // rounded value did) is below 10^(p+1).
                let floor = scaled(m, e, p - x10, nearest: false)!
                return (pow10[p], x10 + 1, floor < pow10[p + 1])
            }
            x10 += 1
        }
        return nil
    }

    /// 10^k for k in 0...19, the powers of ten a UInt64 holds.
    static let pow10u64: [UInt64] = {
        var t: [UInt64] = [1]
        while t.count <= 19 { t.append(t[t.count - 1] * 10) }
        return t
    }()

    /// How many decimal digits v has (1 for zero). bits * 1233 / 4096 is floor(bits * log10 2)
    /// for every bit length up to 64: the count is that or one more.
    @inline(__always)
    static func digitCount(_ v: UInt64) -> Int {
        let w = v | 1  // the same count, and no zero
        let guess = ((64 - w.leadingZeroBitCount) * 1233) >> 12
        return guess + (w >= pow10u64[guess] ? 1 : 0)
    }

    /// The last `count` decimal digits of v, leading zeros included, written to end-count..<end.
    /// Two digits per division by 100 (a multiply); r * 103 >> 10 is r / 10 for every r < 100.
    @inline(__always)
    static func writeDigits(_ v: UInt64, _ end: UnsafeMutablePointer<UInt8>, _ count: Int) {
        var p = end
        var v = v
        var k = count
        while k >= 2 {
            let r = UInt32(truncatingIfNeeded: v % 100)
            v /= 100
            let tens = (r &* 103) >> 10
            p -= 2
            p[0] = 48 + UInt8(truncatingIfNeeded: tens)
            p[1] = 48 + UInt8(truncatingIfNeeded: r &- tens &* 10)
            k -= 2
        }
        if k == 1 { p[-1] = 48 + UInt8(truncatingIfNeeded: v % 10) }
    }

    /// The decimal digits of a q of any size, written backwards to end just before `end` (at
    /// most 39, the buffer has 40); returns how many.
    static func writeWideDigits(_ q: UInt128, _ end: UnsafeMutablePointer<UInt8>) -> Int {
        var p = end
        var v = q
        // Nineteen digits at a time while v needs 128 bits (a 128-bit division is a library call).
        while v >> 64 != 0 {
            let (hi, lo) = v.quotientAndRemainder(dividingBy: 10_000_000_000_000_000_000)
            p -= 19
            writeDigits(UInt64(truncatingIfNeeded: lo), p + 19, 19)
            v = hi
        }
        let w = UInt64(truncatingIfNeeded: v)
        let count = digitCount(w)
        writeDigits(w, p, count)
        return end - (p - count)
    }

    /// %f's body: q's digits with a point `fraction` places from the right ("0." and zeros in
    /// front when q has no more digits than that); the point also when '#' asks for it.
    @inline(__always)
    static func fixed(_ buf: UnsafeMutablePointer<UInt8>, _ at: Int, _ q: UInt128, _ fraction: Int, _ hash: Bool) -> Int {
        var n = at
        if q >> 64 == 0 && fraction < pow10u64.count {
            // The usual case: integer part and fraction split by one 64-bit division.
            let v = UInt64(truncatingIfNeeded: q)
            let unit = pow10u64[fraction]
            let whole = v / unit
            let count = digitCount(whole)
            writeDigits(whole, buf + n + count, count)
            n += count
            if fraction > 0 || hash { buf[n] = UInt8(ascii: "."); n += 1 }
            writeDigits(v - whole * unit, buf + n + fraction, fraction)
            return n + fraction
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { scratch in
            let end = scratch.baseAddress! + 40
            let count = writeWideDigits(q, end)
            let digits = end - count
            var k = 0
            if count <= fraction {
                buf[n] = 48; n += 1
            } else {
                while k < count - fraction { buf[n] = digits[k]; n += 1; k += 1 }
            }
            if fraction > 0 || hash { buf[n] = UInt8(ascii: "."); n += 1 }
            var zeros = fraction - count
            while zeros > 0 { buf[n] = 48; n += 1; zeros -= 1 }
            while k < count { buf[n] = digits[k]; n += 1; k += 1 }
            return n
        }
    }

    /// %e's mantissa: q has p + 1 digits (or is zero, whose digits are all zeros): the first, a
    /// point (when there is a fraction or '#'), the other p.
    @inline(__always)
    static func mantissa(_ buf: UnsafeMutablePointer<UInt8>, _ at: Int, _ q: UInt128, _ p: Int, _ hash: Bool) -> Int {
        var n = at
        if q >> 64 == 0 && p < pow10u64.count {
            let v = UInt64(truncatingIfNeeded: q)
            let unit = pow10u64[p]
            let first = v / unit
            assert(first < 10, "a mantissa has p + 1 digits")
            buf[n] = 48 + UInt8(truncatingIfNeeded: first); n += 1
            if p > 0 || hash { buf[n] = UInt8(ascii: "."); n += 1 }
            writeDigits(v - first * unit, buf + n + p, p)
            return n + p
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { scratch in
            let end = scratch.baseAddress! + 40
            let count = writeWideDigits(q, end)
            assert(count == p + 1 || q == 0, "a mantissa has p + 1 digits")
            let digits = end - count
            buf[n] = digits[0]; n += 1
            if p > 0 || hash { buf[n] = UInt8(ascii: "."); n += 1 }
            for k in 0..<p { buf[n] = k + 1 < count ? digits[k + 1] : 48; n += 1 }  // zeros for zero
            return n
        }
    }

    /// "e+XX": the exponent's sign and at least two digits.
    @inline(__always)
    static func exponent(_ buf: UnsafeMutablePointer<UInt8>, _ at: Int, _ x10: Int, _ upper: Bool) -> Int {
        var n = at
        buf[n] = upper ? UInt8(ascii: "E") : UInt8(ascii: "e")
        buf[n + 1] = x10 < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
        n += 2
        let a = x10.magnitude
        if a >= 100 { buf[n] = 48 + UInt8(truncatingIfNeeded: a / 100); n += 1 }
        buf[n] = 48 + UInt8(truncatingIfNeeded: a / 10 % 10)
        buf[n + 1] = 48 + UInt8(truncatingIfNeeded: a % 10)
        return n + 2
    }

    /// %g without '#': drop the fraction's trailing zeros, then the point if nothing follows it.
    /// The text from `start` has a point.
    @inline(__always)
    static func stripFraction(_ buf: UnsafeMutablePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var n = end
        while n > start && buf[n - 1] == 48 { n -= 1 }
        if n > start && buf[n - 1] == UInt8(ascii: ".") { n -= 1 }
        return n
    }

    /// Width: spaces on the left, on the right under '-', zeros after the sign under '0'.
    @inline(__always)
    static func pad(_ buf: UnsafeMutablePointer<UInt8>, _ n: Int, _ signLength: Int, _ width: Int, _ flags: UInt8) -> Int {
        if width <= n { return n }
        let fill = width - n
        if flags & flagMinus != 0 {
            for j in n..<width { buf[j] = 32 }
            return width
        }
        let from = flags & flagZero != 0 ? signLength : 0
        var j = n
        while j > from { j -= 1; buf[j + fill] = buf[j] }
        let c: UInt8 = flags & flagZero != 0 ? 48 : 32
        for k in from..<from + fill { buf[k] = c }
        return width
    }
}
