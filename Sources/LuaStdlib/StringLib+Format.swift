// StringLib+Format: string.format, pack, unpack and packsize: argument adapters over `Args`
// for the StringFormat and StringPack engines.
//
// Invariants: the adapters raise lua's argument errors themselves (through VMError), so the
// engines never see a Lua value; `%s` uses tostring (with __tostring / __name).

import LuaRuntime

/// Format and pack arguments read from the native frame.
struct ArgsAdapter: FormatArguments {
    let a: Args

    func checkPresent(_ index: Int) throws {
        if a.isNone(index) { throw a.argError(index, "no value") }
    }
    func integer(_ index: Int) throws -> Int64 { try a.checkInteger(index) }
    func number(_ index: Int) throws -> Double { try a.checkNumber(index) }
    func string(_ index: Int) throws -> [UInt8] {
        if a.isNone(index) { throw a.argError(index, "no value") }
        var out: [UInt8] = []
        try appendString(index, to: &out)
        return out
    }
    func appendString(_ index: Int, to out: inout [UInt8]) throws {
        let v = a[index]
        if a.vm.isPlainText(v) {
            if v.isString { out.append(contentsOf: LString.buffer(v.str)); return }
            if v.isInteger { appendDecimal(&out, v.i); return }
            out.append(contentsOf: LString.buffer(a.vm.numberToString(v))); return
        }
        out.append(contentsOf: LString.buffer(try a.vm.tostring(v)))
    }
    func literal(_ index: Int) throws -> FormatLiteral {
        let v = a[index]
        switch v.tag {
        case Tag.nil_: return .nil
        case Tag.false_: return .boolean(false)
        case Tag.true_: return .boolean(true)
        case Tag.integer: return .integer(v.i)
        case Tag.float: return .float(v.f)
        case Tag.string: return .string(LString.byteArray(v.str))
        default: return .other
        }
    }
    func pointer(_ index: Int) throws -> UInt? {
        let v = a[index]
        if v.isCollectable || v.tag == Tag.lightUserdata { return UInt(v.payload) }
        if v.tag == Tag.lightNative { return a.vm.nativeAddress(v) }
        return nil
    }
}

/// string.pack reads strings with luaL_checklstring, not tostring.
/// lua5.4 reports a missing pack argument as "got nil" (the slot after the last argument is nil).
struct PackAdapter: PackArguments {
    let a: Args
    func missing(_ index: Int, _ what: String) throws {
        if a.isNone(index) { throw a.argError(index, "\(what) expected, got nil") }
    }
    func integer(_ index: Int) throws -> Int64 { try missing(index, "number"); return try a.checkInteger(index) }
    func number(_ index: Int) throws -> Double { try missing(index, "number"); return try a.checkNumber(index) }
    func string(_ index: Int) throws -> [UInt8] { try missing(index, "string"); return try a.checkString(index) }
}

/// Decimal digits of an integer (tostring of an integer, without a String).
@inline(__always)
func appendDecimal(_ out: inout [UInt8], _ v: Int64) {
    if v < 0 { out.append(UInt8(ascii: "-")) }
    var m = v.magnitude
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buf in
        var n = 0
        repeat {
            buf[n] = UInt8(48 + m % 10)
            n += 1
            m /= 10
        } while m != 0
        while n > 0 { n -= 1; out.append(buf[n]) }
    }
}

extension StringLib {
    static func format(_ a: Args) throws(VMError) -> Int {
        let fmt = try a.checkBytes(1)
        var args = ArgsAdapter(a: a)
        let out = try bridged(a) { try StringFormat.format(fmt, &args) }
        return a.ret(a.vm.str(out))
    }

    static func pack(_ a: Args) throws(VMError) -> Int {
        let fmt = try a.checkBytes(1)
        var args = PackAdapter(a: a)
        let out = try bridged(a) { try StringPack.pack(fmt, &args) }
        return a.ret(a.vm.str(out))
    }

    static func packsize(_ a: Args) throws(VMError) -> Int {
        let fmt = try a.checkBytes(1)
        let n = try bridged(a) { try StringPack.packsize(fmt) }
        return a.ret(.integer(n))
    }

    static func unpack(_ a: Args) throws(VMError) -> Int {
        let fmt = try a.checkBytes(1)
        let data = try a.checkBytes(2)
        let pos = startPosition(try a.optInteger(3, 1), data.count) - 1
        let (values, next) = try bridged(a) { try StringPack.unpack(fmt, data, from: pos) }
        try a.vm.ensureStack(values.count + 1)
        for v in values {
            switch v {
            case .integer(let i): a.vm.push(.integer(i))
            case .float(let d): a.vm.push(.number(d))
            case .string(let s): a.vm.push(a.vm.str(s))
            }
        }
        a.vm.push(.integer(next + 1))
        return values.count + 1
    }
}
