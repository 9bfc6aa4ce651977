// LuaArithmetic: lua's number arithmetic on plain Int64 and Double (manual §3.4.1), defined once
// for the runtime (LuaNumber forwards here) and for the frontend's constant folding.
//
// Invariants: integer arithmetic wraps around (two's complement); `//` and `%` round the quotient
// towards minus infinity, so a nonzero remainder has the divisor's sign (integers and floats);
// a shift by 64 or more bits either way gives 0, and a negative count shifts the other way;
// float to integer conversion is exact only. Integer `//` and `%` by zero are errors that the
// caller raises before calling here.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum LuaArithmetic {
    /// Integer floor division `a // b` (b != 0; mininteger // -1 wraps to mininteger).
    @inlinable public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        assert(b != 0, "integer division by zero is raised by the caller")
        if b == -1 { return 0 &- a }
        var q = a / b
        if (a % b != 0) && ((a ^ b) < 0) { q -= 1 }
        return q
    }

    /// Integer modulo `a % b` with the sign of b (b != 0).
    @inlinable public static func mod(_ a: Int64, _ b: Int64) -> Int64 {
        assert(b != 0, "integer modulo by zero is raised by the caller")
        if b == -1 { return 0 }
        let r = a % b
        if r != 0 && (r ^ b) < 0 { return r + b }
        return r
    }

    /// Float modulo `a % b` with the sign of b (C's fmod, corrected towards minus infinity).
    @inlinable public static func fmod(_ a: Double, _ b: Double) -> Double {
        #if canImport(Glibc)
        var m = Glibc.fmod(a, b)
        #else
        var m = Darwin.fmod(a, b)
        #endif
        if m != 0 && (m > 0) != (b > 0) { m += b }
        return m
    }

    /// Float floor division `a // b`.
    @inlinable public static func floatFloorDiv(_ a: Double, _ b: Double) -> Double {
        (a / b).rounded(.down)
    }

    /// `a ^ b` (always a float); squaring, the common case, skips the library call.
    @inlinable public static func pow(_ a: Double, _ b: Double) -> Double {
        #if canImport(Glibc)
        b == 2 ? a * a : Glibc.pow(a, b)
        #else
        b == 2 ? a * a : Darwin.pow(a, b)
        #endif
    }

    /// `x << n` (a negative n shifts right); logical shifts, 0 once |n| >= 64.
    @inlinable public static func shiftLeft(_ x: Int64, _ n: Int64) -> Int64 {
        if n <= -64 || n >= 64 { return 0 }
        if n >= 0 { return Int64(bitPattern: UInt64(bitPattern: x) << UInt64(n)) }
        return Int64(bitPattern: UInt64(bitPattern: x) >> UInt64(-n))
    }

    /// `x >> n`: `x << -n` (for n == mininteger, -n wraps to itself, which still shifts out all bits).
    @inlinable public static func shiftRight(_ x: Int64, _ n: Int64) -> Int64 {
        shiftLeft(x, 0 &- n)
    }

    /// The integer a float equals exactly, or nil (fraction, out of range, NaN): lua's F2Ieq.
    @inlinable @inline(__always) public static func exactInteger(_ d: Double) -> Int64? {
        if d >= -9223372036854775808.0 && d < 9223372036854775808.0 {
            let i = Int64(d)
            if Double(i) == d { return i }
        }
        return nil
    }
}
