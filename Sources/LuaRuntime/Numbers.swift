// Number semantics: conversions between strings, integers and floats, and the arithmetic
// primitives whose rules the manual fixes (floor division and modulo, shifts, comparisons).
//
// Invariants: integer arithmetic wraps around (two's complement); `//` and `%` floor; float to
// integer conversion is exact-only unless a rounding mode is asked for; strings convert like
// lua_stringtonumber (decimal/hex integers, decimal/hex floats, surrounding spaces; no inf/nan);
// a float's text is "%.14g" exactly as printf writes it (DecimalFormat, else printf itself).

import LuaBytecode
#if canImport(Glibc)
import Glibc
#endif

public enum LuaNumber {
    /// "%.14g", plus ".0" when the result looks like an integer (lua's tostring of floats).
    public static func formatFloat(_ d: Double) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { b in
            let n = format(.number(d), into: b.baseAddress!)
            return String(decoding: UnsafeBufferPointer(start: b.baseAddress, count: n), as: UTF8.self)
        }
    }

    public static func format(_ v: Value) -> String {
        v.tag == Tag.integer ? String(v.i) : formatFloat(v.f)
    }

    /// The length of an integer's decimal text (with its sign), as `format(_:into:)` writes it.
    @inlinable public static func decimalLength(_ i: Int64) -> Int {
        var m = i.magnitude
        var n = i < 0 ? 2 : 1
        while m >= 10 { m /= 10; n += 1 }
        return n
    }

    /// Write a number's tostring text into `buf` (at least 64 bytes); returns its length.
    public static func format(_ v: Value, into buf: UnsafeMutablePointer<UInt8>) -> Int {
        if v.tag == Tag.integer {
            var x = v.i
            if x == Int64.min {
                let s = "-9223372036854775808"
                for (j, c) in s.utf8.enumerated() { buf[j] = c }
                return s.utf8.count
            }
            let neg = x < 0
            if neg { x = -x }
            // Count the digits, then write them backwards in place (no temporary buffer).
            var digits = 1
            var y = x
            while y >= 10 { y /= 10; digits += 1 }
            let o = neg ? 1 : 0
            if neg { buf[0] = 45 }
            var j = o + digits - 1
            repeat { buf[j] = UInt8(truncatingIfNeeded: 48 + x % 10); x /= 10; j -= 1 } while x > 0
            return o + digits
        }
        // DecimalFormat's exact path (at most 45 bytes for %.14g, so ".0" fits in 64); C's printf
        // for the magnitudes it leaves (beyond about 1e38, below about 1e-19).
        var n: Int
        if let k = DecimalFormat.format(v.f, conversion: UInt8(ascii: "g"), flags: 0, width: 0, precision: 14, into: buf) {
            n = k
        } else {
            n = Int(withVaList([v.f]) { vsnprintf(UnsafeMutableRawPointer(buf).assumingMemoryBound(to: CChar.self), 64, "%.14g", $0) })
        }
        var looksInt = true
        for j in 0..<n where buf[j] == UInt8(ascii: ".") || buf[j] == UInt8(ascii: "e") || buf[j] == UInt8(ascii: "n") || buf[j] == UInt8(ascii: "i") {
            looksInt = false
        }
        if looksInt { buf[n] = UInt8(ascii: "."); buf[n + 1] = UInt8(ascii: "0"); n += 2 }
        return n
    }

    // The arithmetic primitives are defined once, in LuaArithmetic (shared with constant folding).
    @inlinable public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { LuaArithmetic.floorDiv(a, b) }
    @inlinable public static func mod(_ a: Int64, _ b: Int64) -> Int64 { LuaArithmetic.mod(a, b) }
    @inlinable public static func fmod(_ a: Double, _ b: Double) -> Double { LuaArithmetic.fmod(a, b) }
    @inlinable public static func shiftLeft(_ x: Int64, _ y: Int64) -> Int64 { LuaArithmetic.shiftLeft(x, y) }

    /// Float to integer with floor (mode 1) / ceil (mode 2) / exact (mode 0).
    public static func floatToInt(_ d: Double, mode: Int) -> Int64? {
        var f = d
        if mode == 1 { f = f.rounded(.down) } else if mode == 2 { f = f.rounded(.up) }
        return Value.floatToInt(f)
    }

    /// lua_stringtonumber on raw bytes.
    public static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Value? {
        var s = 0, e = b.count
        func isSpace(_ c: UInt8) -> Bool { c == 32 || (c >= 9 && c <= 13) }
        while s < e && isSpace(b[s]) { s += 1 }
        while e > s && isSpace(b[e - 1]) { e -= 1 }
        if s == e { return nil }
        if let i = parseInteger(b, s, e) { return .integer(i) }
        // Floats: reject inf/nan spellings (lua rejects 'n'/'N'), then strtod on a NUL-terminated copy.
        for i in s..<e where b[i] == UInt8(ascii: "n") || b[i] == UInt8(ascii: "N") || b[i] == 0 { return nil }
        var tmp = [CChar](repeating: 0, count: e - s + 1)
        for i in s..<e { tmp[i - s] = CChar(bitPattern: b[i]) }
        var endp: UnsafeMutablePointer<CChar>? = nil
        let d = tmp.withUnsafeMutableBufferPointer { p -> Double in
            let r = strtod(p.baseAddress!, &endp)
            if endp != p.baseAddress! + (e - s) { endp = nil }
            return r
        }
        if endp == nil { return nil }
        return .number(d)
    }

    public static func parse(_ bytes: [UInt8]) -> Value? {
        bytes.withUnsafeBufferPointer { parse($0) }
    }

    static func parseInteger(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        var i = start
        var neg = false
        if b[i] == UInt8(ascii: "-") { neg = true; i += 1 } else if b[i] == UInt8(ascii: "+") { i += 1 }
        if i >= end { return nil }
        var a: UInt64 = 0
        if i + 1 < end && b[i] == UInt8(ascii: "0") && (b[i + 1] | 0x20) == UInt8(ascii: "x") {
            i += 2
            if i >= end { return nil }
            while i < end {
                guard let d = hexDigit(b[i]) else { return nil }
                a = a &* 16 &+ UInt64(d)   // hex integers wrap around
                i += 1
            }
        } else {
            while i < end {
                let c = b[i]
                guard c >= 48 && c <= 57 else { return nil }
                let d = UInt64(c - 48)
                // Overflow: not an integer (the caller reads it as a float).
                let limit: UInt64 = neg ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
                let (m, o1) = a.multipliedReportingOverflow(by: 10)
                let (r, o2) = m.addingReportingOverflow(d)
                if o1 || o2 || r > limit { return nil }
                a = r
                i += 1
            }
        }
        let v = Int64(bitPattern: a)
        return neg ? 0 &- v : v
    }

    public static func hexDigit(_ c: UInt8) -> Int? {
        switch c {
        case 48...57: return Int(c - 48)
        case 97...102: return Int(c - 87)
        case 65...70: return Int(c - 55)
        default: return nil
        }
    }
}

extension VM {
    /// Number coercion for arithmetic: numbers as they are, strings converted, else nil.
    @inline(__always)
    public func toNumber(_ v: Value) -> Value? {
        if v.isNumber { return v }
        if v.isString { return LuaNumber.parse(LString.buffer(v.str)) }
        return nil
    }

    /// Integer coercion (exact floats, numeric strings), else nil.
    public func toInteger(_ v: Value) -> Int64? {
        if v.tag == Tag.integer { return v.i }
        if v.tag == Tag.float { return Value.floatToInt(v.f) }
        if v.isString, let n = LuaNumber.parse(LString.buffer(v.str)) { return toInteger(n) }
        return nil
    }

    /// A number's string form as a new Lua string (for concat and tostring).
    public func numberToString(_ v: Value) -> UnsafeMutablePointer<LString> {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 72) { b in
            let n = LuaNumber.format(v, into: b.baseAddress!)
            return newString(b.baseAddress!, n)
        }
    }
}
