// MathLib: the math library (manual §6.7) plus the functions lua5.4 keeps for 5.3 compatibility
// (pow, log10, ldexp, frexp, cosh, sinh, tanh).
//
// Invariants: integer arguments stay integers where lua keeps them (abs, max/min, fmod, floor and
// ceil of integers); floor/ceil/modf of a float give an integer when the result fits, else a
// float; integer arithmetic wraps (abs(mininteger) == mininteger); math.random follows lua 5.4's
// xoshiro256** exactly (RandomGenerator), so seeded sequences equal lua5.4's.

import LuaRuntime
#if canImport(Glibc)
import Glibc
#endif

enum MathLib {
    static func open(_ vm: VM) {
        let t = vm.register(library: "math") { lib in
            lib.add("abs", abs)
            lib.add("ceil", ceil)
            lib.add("floor", floor)
            lib.add("fmod", fmod)
            lib.add("modf", modf)
            lib.add("sqrt", f1(Glibc.sqrt))
            lib.add("sin", f1(Glibc.sin))
            lib.add("cos", f1(Glibc.cos))
            lib.add("tan", f1(Glibc.tan))
            lib.add("asin", f1(Glibc.asin))
            lib.add("acos", f1(Glibc.acos))
            lib.add("exp", f1(Glibc.exp))
            lib.add("atan", atan)
            lib.add("atan2", atan)
            lib.add("log", log)
            lib.add("max", { a throws(VMError) in try minmax(a, max: true) })
            lib.add("min", { a throws(VMError) in try minmax(a, max: false) })
            lib.add("tointeger", tointeger)
            lib.add("type", type)
            lib.add("ult", ult)
            lib.add("deg", f1 { $0 * (180.0 / Double.pi) })
            lib.add("rad", f1 { $0 * (Double.pi / 180.0) })
            lib.add("random", random)
            lib.add("randomseed", randomseed)
            // 5.3 compatibility
            lib.add("pow", { a throws(VMError) in
                let x = try a.checkNumber(1)
                return a.ret(.number(Glibc.pow(x, try a.checkNumber(2)))) })
            lib.add("log10", f1(Glibc.log10))
            lib.add("cosh", f1(Glibc.cosh))
            lib.add("sinh", f1(Glibc.sinh))
            lib.add("tanh", f1(Glibc.tanh))
            lib.add("ldexp", { a throws(VMError) in
                let m = try a.checkNumber(1)
                let e = try a.checkInteger(2)
                return a.ret(.number(Glibc.ldexp(m, Int32(truncatingIfNeeded: e)))) })
            // C's (int) cast
            lib.add("frexp", { a throws(VMError) in
                var e: Int32 = 0
                let m = Glibc.frexp(try a.checkNumber(1), &e)
                return a.ret(.number(m), .integer(Int64(e))) })
        }
        vm.rawSetStr(t, vm.newString("pi"), .number(Double.pi))
        vm.rawSetStr(t, vm.newString("huge"), .number(Double.infinity))
        vm.rawSetStr(t, vm.newString("maxinteger"), .integer(Int64.max))
        vm.rawSetStr(t, vm.newString("mininteger"), .integer(Int64.min))
    }

    /// A one-argument float function.
    static func f1(_ f: @escaping (Double) -> Double) -> NativeFunction {
        { a throws(VMError) in a.ret(.number(f(try a.checkNumber(1)))) }
    }

    /// A float result as an integer when it has an exact integer value in range.
    static func intIfExact(_ d: Double) -> Value {
        if let i = Value.floatToInt(d) { return .integer(i) }
        return .number(d)
    }

    static func abs(_ a: Args) throws(VMError) -> Int {
        let v = a[1]
        if v.isInteger { return a.ret(.integer(v.i < 0 ? 0 &- v.i : v.i)) }
        return a.ret(.number(Swift.abs(try a.checkNumber(1))))
    }

    static func floor(_ a: Args) throws(VMError) -> Int {
        let v = a[1]
        if v.isInteger { return a.ret(v) }
        return a.ret(intIfExact(Glibc.floor(try a.checkNumber(1))))
    }

    static func ceil(_ a: Args) throws(VMError) -> Int {
        let v = a[1]
        if v.isInteger { return a.ret(v) }
        return a.ret(intIfExact(Glibc.ceil(try a.checkNumber(1))))
    }

    static func fmod(_ a: Args) throws(VMError) -> Int {
        let x = a[1], y = a[2]
        if x.isInteger && y.isInteger {
            let d = y.i
            if d == 0 { throw a.argError(2, "zero") }
            if d == -1 { return a.ret(.integer(0)) }  // avoids overflow of mininteger % -1
            return a.ret(.integer(x.i % d))  // C remainder: sign of the dividend
        }
        let dy = try a.checkNumber(2)  // lua5.4 checks argument 2 first here
        return a.ret(.number(Glibc.fmod(try a.checkNumber(1), dy)))
    }

    static func modf(_ a: Args) throws(VMError) -> Int {
        let v = a[1]
        if v.isInteger { return a.ret(v, .number(0)) }
        let d = try a.checkNumber(1)
        let n = d < 0 ? Glibc.ceil(d) : Glibc.floor(d)
        let frac = n == d ? 0.0 : d - n
        return a.ret(intIfExact(n), .number(frac))
    }

    static func atan(_ a: Args) throws(VMError) -> Int {
        let y = try a.checkNumber(1)
        let x = try a.optNumber(2, 1)
        return a.ret(.number(Glibc.atan2(y, x)))
    }

    static func log(_ a: Args) throws(VMError) -> Int {
        let x = try a.checkNumber(1)
        if a.isNoneOrNil(2) { return a.ret(.number(Glibc.log(x))) }
        let b = try a.checkNumber(2)
        if b == 2 { return a.ret(.number(Glibc.log2(x))) }
        if b == 10 { return a.ret(.number(Glibc.log10(x))) }
        return a.ret(.number(Glibc.log(x) / Glibc.log(b)))
    }

    /// max/min compare with Lua's `<` (lua5.4 does not check that the arguments are numbers:
    /// strings compare as strings, mixed types raise "attempt to compare").
    static func minmax(_ a: Args, max: Bool) throws(VMError) -> Int {
        if a.count < 1 { throw a.argError(1, "value expected") }
        var best = 1
        for i in stride(from: 2, through: a.count, by: 1) {
            let x = a[best], y = a[i]
            let better: Bool
            if x.isNumber && y.isNumber { better = max ? LuaNumber.lt(x, y) : LuaNumber.lt(y, x) }
            else { better = max ? try a.vm.lessThan(x, y) : try a.vm.lessThan(y, x) }
            if better { best = i }
        }
        return a.ret(a[best])
    }

    static func tointeger(_ a: Args) throws(VMError) -> Int {
        if let i = a.vm.toInteger(a[1]) { return a.ret(.integer(i)) }
        try a.checkAny(1)
        return a.ret(.nil)
    }

    static func type(_ a: Args) throws(VMError) -> Int {
        try a.checkAny(1)
        let v = a[1]
        if v.isInteger { return a.ret(a.vm.str("integer")) }
        if v.isFloat { return a.ret(a.vm.str("float")) }
        return a.ret(.nil)
    }

    static func ult(_ a: Args) throws(VMError) -> Int {
        let x = try a.checkInteger(1), y = try a.checkInteger(2)
        return a.ret(.bool(UInt64(bitPattern: x) < UInt64(bitPattern: y)))
    }

    static func random(_ a: Args) throws(VMError) -> Int {
        let st = StdlibState.of(a.vm)
        let lo: Int64, up: Int64
        switch a.count {
        case 0:
            return a.ret(.number(st.random.nextFloat()))
        case 1:
            lo = 1
            up = try a.checkInteger(1)
            if up == 0 { return a.ret(.integer(Int64(bitPattern: st.random.next()))) }
        case 2:
            lo = try a.checkInteger(1)
            up = try a.checkInteger(2)
        default:
            throw a.vm.error("wrong number of arguments")
        }
        if lo > up { throw a.argError(1, "interval is empty") }
        return a.ret(.integer(st.random.nextInteger(lo, up)))
    }

    static func randomseed(_ a: Args) throws(VMError) -> Int {
        let st = StdlibState.of(a.vm)
        let n1: UInt64, n2: UInt64
        if a.isNone(1) {
            n1 = entropy()
            n2 = UInt64(bitPattern: Int64(a.vm.heapBytes))
        } else {
            n1 = UInt64(bitPattern: try a.checkInteger(1))
            n2 = UInt64(bitPattern: try a.optInteger(2, 0))
        }
        st.random.seed(n1, n2)
        return a.ret(.integer(Int64(bitPattern: n1)), .integer(Int64(bitPattern: n2)))
    }

    /// A seed from the clock, for unseeded generators.
    static func entropy() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return UInt64(bitPattern: Int64(ts.tv_sec)) ^ (UInt64(bitPattern: Int64(ts.tv_nsec)) << 20)
    }
}
