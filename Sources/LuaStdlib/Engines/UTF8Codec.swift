// UTF8Codec: the byte-level work of the utf8 library (manual §6.5): encoding, decoding with the
// strict and lax rules, and character stepping.
//
// Invariants:
//  - Lax decoding accepts lua's extended sequences of up to 6 bytes (code points < 2^31);
//    strict decoding also refuses surrogates and values above 0x10FFFF. Both refuse overlong
//    forms and truncated sequences; a byte past the end of the string reads as 0 (never valid
//    as a continuation), like the NUL that ends every Lua string.

public enum UTF8Codec {
    public static let maxLax: UInt32 = 0x7FFF_FFFF
    public static let maxStrict: UInt32 = 0x10_FFFF
    /// utf8.charpattern: "[\0-\x7F\xC2-\xFD][\x80-\xBF]*".
    public static let charPattern: [UInt8] = [91, 0, 45, 127, 194, 45, 253, 93, 91, 128, 45, 191, 93, 42]

    @inline(__always) public static func isContinuation(_ c: UInt8) -> Bool { c & 0xC0 == 0x80 }

    /// Encode one code point (<= maxLax) with as many bytes as it needs.
    public static func encode(_ x: UInt32, into out: inout [UInt8]) {
        assert(x <= maxLax)
        if x < 0x80 {
            out.append(UInt8(x))
            return
        }
        var tail: [UInt8] = []
        var v = x
        var firstMax: UInt32 = 0x3F  // payload bits that still fit in the lead byte
        while v > firstMax {
            tail.append(0x80 | UInt8(v & 0x3F))
            v >>= 6
            firstMax >>= 1
        }
        let leadMarker = UInt8(truncatingIfNeeded: ~((firstMax << 1) | 1))  // 110..., 1110..., ...
        out.append(leadMarker | UInt8(v))
        out.append(contentsOf: tail.reversed())
    }

    /// Decode the sequence at `i`; returns the code point and the offset after it, or nil.
    public static func decode(_ s: UnsafeBufferPointer<UInt8>, _ i: Int, strict: Bool) -> (UInt32, Int)? {
        @inline(__always) func at(_ k: Int) -> UInt8 { k < s.count ? s[k] : 0 }
        let c = at(i)
        if c < 0x80 { return (UInt32(c), i + 1) }
        // Number of continuation bytes from the lead byte's high bits.
        var n = 0
        var mask: UInt8 = 0x40
        while c & mask != 0 && n < 6 {
            n += 1
            mask >>= 1
        }
        if n == 0 || n > 5 { return nil }  // a stray continuation byte, or 0xFE/0xFF
        var res = UInt32(c & (mask &- 1))
        for k in 1...n {
            let cc = at(i + k)
            if !isContinuation(cc) { return nil }
            res = (res << 6) | UInt32(cc & 0x3F)
        }
        let minimum: [UInt32] = [0, 0x80, 0x800, 0x1_0000, 0x20_0000, 0x400_0000]
        if res < minimum[n] || res > maxLax { return nil }
        if strict && (res > maxStrict || (0xD800...0xDFFF).contains(res)) { return nil }
        return (res, i + n + 1)
    }

    /// utf8.offset on 0-based positions: the start of the n-th character counted from `i`
    /// (n == 0: the start of the character containing i). Returns nil when there is none.
    /// Throws when `i` is a continuation byte and n != 0.
    public static func offset(_ s: UnsafeBufferPointer<UInt8>, _ n: Int, from i: Int) throws -> Int? {
        @inline(__always) func cont(_ k: Int) -> Bool { k < s.count && isContinuation(s[k]) }
        var p = i
        var n = n
        if n == 0 {
            while p > 0 && cont(p) { p -= 1 }
            return p
        }
        if cont(p) { throw LibraryError("initial position is a continuation byte") }
        if n < 0 {
            while n < 0 && p > 0 {
                repeat { p -= 1 } while p > 0 && cont(p)
                n += 1
            }
        } else {
            n -= 1
            while n > 0 && p < s.count {
                repeat { p += 1 } while cont(p)
                n -= 1
            }
        }
        return n == 0 ? p : nil
    }
}
