// PatternClasses: the C locale's character classes (`%a`, `%d`, ...) as lookup tables, and
// ByteSet, a 256-bit set of bytes, for the pattern engine's loops over many subject bytes.
//
// Invariants:
//  - `table[c]` (c < 256) holds the classes byte c belongs to, one bit each (the `bit*` masks);
//    `table[256 + l]` holds, for a class letter l, the classes it accepts, with `complement` set
//    when l is upper case; it is 0 for every byte that is not a class letter (a `%` before such a
//    byte escapes it: it matches itself). So `%l` matches c exactly when
//    `(table[c] & k != 0) != (k & complement != 0)` for `k = table[256 + l]`, and k != 0.
//  - `sets[l & 31]` (4 words) is the ByteSet of lower-case class letter l; unused slots are empty.
//  - Every table is computed once, from the same definitions matchClassSlow uses, and never
//    changes; the engine keeps the base pointer in a register instead of switching on the letter
//    and testing ranges per byte.
//  - Classes follow the C locale (ASCII), as lua5.4 does by default.

enum PatternClasses {
    static let bitAlpha: UInt16 = 1 << 0
    static let bitDigit: UInt16 = 1 << 1
    static let bitLower: UInt16 = 1 << 2
    static let bitUpper: UInt16 = 1 << 3
    static let bitSpace: UInt16 = 1 << 4
    static let bitControl: UInt16 = 1 << 5
    static let bitPunct: UInt16 = 1 << 6
    static let bitHex: UInt16 = 1 << 7
    static let bitZero: UInt16 = 1 << 8
    /// Set in a class letter's entry when the letter is upper case (the class's complement).
    static let complement: UInt16 = 1 << 15

    /// The accepted classes of each lower-case class letter.
    static func mask(ofLetter l: UInt8) -> UInt16 {
        switch l {
        case UInt8(ascii: "a"): return bitAlpha
        case UInt8(ascii: "c"): return bitControl
        case UInt8(ascii: "d"): return bitDigit
        case UInt8(ascii: "g"): return bitAlpha | bitDigit | bitPunct
        case UInt8(ascii: "l"): return bitLower
        case UInt8(ascii: "p"): return bitPunct
        case UInt8(ascii: "s"): return bitSpace
        case UInt8(ascii: "u"): return bitUpper
        case UInt8(ascii: "w"): return bitAlpha | bitDigit
        case UInt8(ascii: "x"): return bitHex
        case UInt8(ascii: "z"): return bitZero  // deprecated, still accepted by lua5.4
        default: return 0
        }
    }

    /// The classes byte c belongs to, by the C locale's definitions.
    static func membership(_ c: UInt8) -> UInt16 {
        var m: UInt16 = 0
        let alpha = isAlpha(c), digit = isDigit(c)
        if alpha { m |= bitAlpha }
        if digit { m |= bitDigit }
        if c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") { m |= bitLower }
        if c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") { m |= bitUpper }
        if c == 32 || (c >= 9 && c <= 13) { m |= bitSpace }
        if c < 32 || c == 127 { m |= bitControl }
        if c > 32 && c < 127 && !alpha && !digit { m |= bitPunct }
        if digit || ((c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "f")) { m |= bitHex }
        if c == 0 { m |= bitZero }
        return m
    }

    /// Membership (256 entries), then class-letter masks (256 entries).
    nonisolated(unsafe) static let table: UnsafePointer<UInt16> = {
        let t = UnsafeMutablePointer<UInt16>.allocate(capacity: 512)
        for c in 0..<256 {
            t[c] = membership(UInt8(c))
            let l = UInt8(c)
            let lower = mask(ofLetter: l | 0x20)
            // Only letters name classes (l | 0x20 is a class letter only when l is a letter).
            t[256 + c] = isAlpha(l) && lower != 0 ? (l < UInt8(ascii: "a") ? lower | complement : lower) : 0
        }
        return UnsafePointer(t)
    }()

    /// ByteSets of the lower-case class letters, indexed by `letter & 31`.
    nonisolated(unsafe) static let sets: UnsafePointer<ByteSet> = {
        let t = UnsafeMutablePointer<ByteSet>.allocate(capacity: 32)
        t.initialize(repeating: ByteSet(), count: 32)
        for l in UInt8(ascii: "a")...UInt8(ascii: "z") {
            let k = mask(ofLetter: l)
            if k == 0 { continue }
            for c in 0..<256 where membership(UInt8(c)) & k != 0 { t[Int(l & 31)].insert(UInt8(c)) }
        }
        return UnsafePointer(t)
    }()
}

/// A set of bytes as 256 bits.
public struct ByteSet {
    var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0

    @inline(__always) func contains(_ c: UInt8) -> Bool {
        let w: UInt64
        switch c &>> 6 {
        case 0: w = w0
        case 1: w = w1
        case 2: w = w2
        default: w = w3
        }
        return (w &>> UInt64(c & 63)) & 1 != 0
    }

    /// Run `body` with the set's words in memory, for loops that test many bytes: indexing them
    /// costs one load per byte where `contains` picks a word by a switch.
    @inline(__always)
    func withWords<R>(_ body: (UnsafePointer<UInt64>) throws -> R) rethrows -> R {
        try withUnsafeBytes(of: self) { try body($0.baseAddress!.assumingMemoryBound(to: UInt64.self)) }
    }

    /// `contains` over the words `withWords` lends.
    @inline(__always) static func contains(_ words: UnsafePointer<UInt64>, _ c: UInt8) -> Bool {
        (words[Int(c &>> 6)] &>> UInt64(c & 63)) & 1 != 0
    }

    mutating func insert(_ c: UInt8) {
        let b: UInt64 = 1 &<< UInt64(c & 63)
        switch c &>> 6 {
        case 0: w0 |= b
        case 1: w1 |= b
        case 2: w2 |= b
        default: w3 |= b
        }
    }

    /// Insert every byte in lo...hi (nothing when lo > hi).
    mutating func insertRange(_ lo: UInt8, _ hi: UInt8) {
        if lo > hi { return }
        // Word by word: the bits of [lo, hi] that fall in word k.
        for k in Int(lo &>> 6)...Int(hi &>> 6) {
            let first = max(Int(lo), k * 64) - k * 64
            let last = min(Int(hi), k * 64 + 63) - k * 64
            let bits: UInt64 = (last == 63 ? ~0 : (1 &<< UInt64(last + 1)) &- 1) & ~((1 &<< UInt64(first)) &- 1)
            switch k {
            case 0: w0 |= bits
            case 1: w1 |= bits
            case 2: w2 |= bits
            default: w3 |= bits
            }
        }
    }

    mutating func formUnion(_ o: ByteSet) {
        w0 |= o.w0; w1 |= o.w1; w2 |= o.w2; w3 |= o.w3
    }

    mutating func complement() {
        w0 = ~w0; w1 = ~w1; w2 = ~w2; w3 = ~w3
    }
}
