// OSLib+Time: os.time and os.date: broken-down time tables, mktime normalisation and strftime.
//
// Invariants: table fields are read with metamethods (lua's getfield), in the order year,
// month, day, hour, min, sec, isdst; a field's value must be an integer fitting a C int after
// its offset (1900 for year, 1 for month). strftime sees only validated conversions.

import LuaRuntime
#if canImport(Glibc)
import Glibc
#endif

extension OSLib {
    /// C99 strftime conversions lua5.4 accepts: single letters, then E- and O-modified ones.
    static let plainConversions = Set("aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%".utf8)
    static let eConversions = Set("cCxXyY".utf8)
    static let oConversions = Set("deHImMSuUVwWy".utf8)

    static func time(_ a: Args) throws(VMError) -> Int {
        if a.isNoneOrNil(1) { return a.ret(.integer(Int64(Glibc.time(nil)))) }
        let vm = a.vm
        let t = try a.checkType(1, Tag.table, "table")
        var tm = Glibc.tm()
        tm.tm_year = try field(vm, t, "year", -1, 1900)
        tm.tm_mon = try field(vm, t, "month", -1, 1)
        tm.tm_mday = try field(vm, t, "day", -1, 0)
        tm.tm_hour = try field(vm, t, "hour", 12, 0)
        tm.tm_min = try field(vm, t, "min", 0, 0)
        tm.tm_sec = try field(vm, t, "sec", 0, 0)
        let dst = try vm.getIndex(t, vm.str("isdst"))
        tm.tm_isdst = dst.isNil ? -1 : (dst.isTruthy ? 1 : 0)
        errno = 0
        let r = mktime(&tm)
        if r == -1 && errno != 0 {
            throw vm.error("time result cannot be represented in this installation")
        }
        try setFields(vm, t, tm)
        return a.ret(.integer(Int64(r)))
    }

    static func field(_ vm: VM, _ t: Value, _ key: String, _ def: Int32, _ delta: Int64) throws(VMError) -> Int32 {
        let v = try vm.getIndex(t, vm.str(key))
        guard let n = vm.toInteger(v), v.isNumber || v.isString else {
            if !v.isNil { throw vm.error("field '\(key)' is not an integer") }
            if def < 0 { throw vm.error("field '\(key)' missing in date table") }
            return def
        }
        let fits = n >= 0 ? n - delta <= Int64(Int32.max) : Int64(Int32.min) + delta <= n
        if !fits { throw vm.error("field '\(key)' is out-of-bound") }
        return Int32(n - delta)
    }

    static func setFields(_ vm: VM, _ t: Value, _ tm: Glibc.tm) throws(VMError) {
        let fields: [(String, Value)] = [
            ("year", .integer(Int64(tm.tm_year) + 1900)), ("month", .integer(Int64(tm.tm_mon) + 1)),
            ("day", .integer(Int64(tm.tm_mday))), ("hour", .integer(Int64(tm.tm_hour))),
            ("min", .integer(Int64(tm.tm_min))), ("sec", .integer(Int64(tm.tm_sec))),
            ("yday", .integer(Int64(tm.tm_yday) + 1)), ("wday", .integer(Int64(tm.tm_wday) + 1)),
        ]
        for (k, v) in fields { try vm.setIndex(t, vm.str(k), v) }
        if tm.tm_isdst >= 0 { try vm.setIndex(t, vm.str("isdst"), .bool(tm.tm_isdst != 0)) }
    }

    static func date(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        var fmt = a.isNoneOrNil(1) ? Array("%c".utf8) : try a.checkString(1)
        var t = time_t(Glibc.time(nil))
        if !a.isNoneOrNil(2) { t = time_t(try a.checkInteger(2)) }
        var utc = false
        if fmt.first == UInt8(ascii: "!") {
            utc = true
            fmt.removeFirst()
        }
        var tm = Glibc.tm()
        let ok = utc ? gmtime_r(&t, &tm) != nil : localtime_r(&t, &tm) != nil
        if !ok { throw vm.error("date result cannot be represented in this installation") }
        if fmt.starts(with: Array("*t".utf8)) {
            let r = vm.newTable(nhash: 9)
            vm.push(.table(r))
            try setFields(vm, .table(r), tm)
            return 1
        }
        var out: [UInt8] = []
        var i = 0
        while i < fmt.count {
            let c = fmt[i]
            i += 1
            if c != UInt8(ascii: "%") {
                out.append(c)
                continue
            }
            // Validate one conversion: %X, %EX or %OX.
            var spec: [UInt8] = [c]
            if i < fmt.count, fmt[i] == UInt8(ascii: "E") || fmt[i] == UInt8(ascii: "O") {
                let allowed = fmt[i] == UInt8(ascii: "E") ? eConversions : oConversions
                spec.append(fmt[i])
                if i + 1 < fmt.count && allowed.contains(fmt[i + 1]) {
                    spec.append(fmt[i + 1])
                    i += 2
                } else {
                    throw badSpecifier(a, fmt, from: i)
                }
            } else if i < fmt.count && plainConversions.contains(fmt[i]) {
                spec.append(fmt[i])
                i += 1
            } else {
                throw badSpecifier(a, fmt, from: i)
            }
            out += strftimeOne(spec, &tm)
        }
        return a.ret(vm.str(out))
    }

    /// lua's message quotes the rest of the format after the '%' (up to a NUL byte, as C text).
    static func badSpecifier(_ a: Args, _ fmt: [UInt8], from i: Int) -> VMError {
        let rest = fmt[i...].prefix { $0 != 0 }
        return a.argError(1, bytes: Array("invalid conversion specifier '%".utf8) + rest + [0x27])
    }

    static func strftimeOne(_ spec: [UInt8], _ tm: inout Glibc.tm) -> [UInt8] {
        var buf = [CChar](repeating: 0, count: 256)
        let f = spec.map { CChar(bitPattern: $0) } + [0]
        let n = strftime(&buf, buf.count, f, &tm)
        return buf[0..<n].map { UInt8(bitPattern: $0) }
    }
}
