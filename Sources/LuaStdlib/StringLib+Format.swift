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
    func appendString(_ index: Int, to out: inout FormatBuffer) throws {
        let v = a[index]
        if a.vm.isPlainText(v) {
            if v.isString { out.append(LString.buffer(v.str)); return }
            // A number's tostring text, written in place (no string object).
            out.reserve(64)
            out.count += LuaNumber.format(v, into: out.end)
            return
        }
        out.append(LString.buffer(try a.vm.tostring(v)))
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

extension StringLib {
    static func format(_ a: Args) throws(VMError) -> Int {
        let fmt = try a.checkBytes(1)
        var args = ArgsAdapter(a: a)
        // The result goes from the format buffer straight into a Lua string.
        let s = try bridged(a) {
            try FormatBuffer.with { out in
                try StringFormat.format(fmt, &args, into: &out)
                return a.vm.newString(out.base, out.count)
            }
        }
        return a.ret(.string(s))
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
