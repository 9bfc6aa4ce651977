// StringLib: the string library's simple functions (manual §6.4) and its registration; the
// pattern functions, format and pack live in StringLib+Patterns.swift and StringLib+Format.swift.
//
// Invariants: strings are byte strings (no encoding); positions follow lua's rules (negative
// from the end, clipped); every loop that may run long (rep) checks for interrupts; results
// larger than StdlibLimits.maxStringSize raise "resulting string too large".

import LuaBytecode
import LuaRuntime
#if canImport(Glibc)
import Glibc
#endif

enum StringLib {
    static func open(_ vm: VM) {
        let lib = vm.register(library: "string") { lib in
            lib.add("len", len)
            lib.add("sub", sub)
            lib.add("upper", upper)
            lib.add("lower", lower)
            lib.add("rep", rep)
            lib.add("reverse", reverse)
            lib.add("byte", byte)
            lib.add("char", char)
            lib.add("format", format)
            lib.add("find", find)
            lib.add("match", match)
            lib.add("gmatch", gmatch)
            lib.add("gsub", gsub)
            lib.add("pack", pack)
            lib.add("unpack", unpack)
            lib.add("packsize", packsize)
            lib.add("dump", dump)
        }
        StringMeta.install(vm, lib)
    }

    /// string.dump: the function's prototype in the binary chunk format load accepts back.
    static func dump(_ a: Args) throws(VMError) -> Int {
        let f = a[1]
        if !f.isFunction { throw a.typeError(1, "function") }
        guard f.tag == Tag.luaClosure else { throw a.vm.error("unable to dump given function") }
        let bytes = ChunkDump.dump(a.vm.protoInfo(of: f.lclosure.pointee.proto), strip: a.toBool(2))
        return a.ret(a.vm.str(bytes))
    }

    static func len(_ a: Args) throws(VMError) -> Int {
        a.ret(.integer(try a.checkBytes(1).count))
    }

    static func sub(_ a: Args) throws(VMError) -> Int {
        let s = try a.checkBytes(1)
        let i = startPosition(try a.checkInteger(2), s.count)
        let j = endPosition(try a.optInteger(3, -1), s.count)
        if i > j { return a.ret(a.vm.str("")) }
        return a.ret(a.vm.substring(s, i - 1, j))
    }

    static func mapBytes(_ a: Args, _ f: (UInt8) -> UInt8) throws(VMError) -> Int {
        let s = try a.checkBytes(1)
        let n = s.count
        let vm = a.vm
        if n <= Limits.maxShortStringLength {
            var tmp = [UInt8](repeating: 0, count: n)
            for k in 0..<n { tmp[k] = f(s[k]) }
            return a.ret(vm.str(tmp))
        }
        let r = vm.allocString(n)
        let d = LString.bytes(r)
        for k in 0..<n { d[k] = f(s[k]) }
        return a.ret(.string(r))
    }

    static func upper(_ a: Args) throws(VMError) -> Int {
        try mapBytes(a) { c in c >= 97 && c <= 122 ? c - 32 : c }
    }

    static func lower(_ a: Args) throws(VMError) -> Int {
        try mapBytes(a) { c in c >= 65 && c <= 90 ? c + 32 : c }
    }

    static func reverse(_ a: Args) throws(VMError) -> Int {
        let s = try a.checkBytes(1)
        return a.ret(a.vm.str(Array(s.reversed())))
    }

    static func rep(_ a: Args) throws(VMError) -> Int {
        let s = try a.checkBytes(1)
        let n = try a.checkInteger(2)
        let sep = a.isNoneOrNil(3) ? UnsafeBufferPointer<UInt8>(start: nil, count: 0) : try a.checkBytes(3)
        if n <= 0 || (s.count == 0 && sep.count == 0) { return a.ret(a.vm.str("")) }
        let unit = s.count + sep.count
        if unit > 0 && n > Int64(StdlibLimits.maxStringSize / unit) {
            throw a.vm.error("resulting string too large")
        }
        let total = Int(n) * s.count + (Int(n) - 1) * sep.count
        let vm = a.vm
        if total <= Limits.maxShortStringLength {
            var out = [UInt8]()
            for k in 0..<Int(n) {
                out.append(contentsOf: s)
                if k + 1 < Int(n) { out.append(contentsOf: sep) }
            }
            return a.ret(vm.str(out))
        }
        // Long result: fill a fresh string in place (no intermediate copy).
        let r = vm.allocString(total)
        let d = LString.bytes(r)
        var at = 0
        for k in 0..<Int(n) {
            if s.count > 0 { (d + at).update(from: s.baseAddress!, count: s.count); at += s.count }
            if k + 1 < Int(n) && sep.count > 0 { (d + at).update(from: sep.baseAddress!, count: sep.count); at += sep.count }
            if k & 0xFFF == 0xFFF { try vm.checkInterrupt() }
        }
        assert(at == total)
        return a.ret(.string(r))
    }

    static func byte(_ a: Args) throws(VMError) -> Int {
        let s = try a.checkBytes(1)
        let i0 = try a.optInteger(2, 1)
        let i = startPosition(i0, s.count)
        // The end defaults to the start as given, before it is clamped: byte("hi", -3) is empty.
        let j = endPosition(a.isNoneOrNil(3) ? i0 : try a.checkInteger(3), s.count)
        if i > j { return 0 }
        if j - i >= Int(Int32.max) { throw a.vm.error("string slice too long") }
        let n = j - i + 1
        try a.reserve(n, "string slice too long")
        for k in (i - 1)..<j { a.vm.push(.integer(Int64(s[k]))) }
        return n
    }

    static func char(_ a: Args) throws(VMError) -> Int {
        var out = [UInt8](repeating: 0, count: a.count)
        for k in 0..<a.count {
            let c = try a.checkInteger(k + 1)
            if UInt64(bitPattern: c) > 255 { throw a.argError(k + 1, "value out of range") }
            out[k] = UInt8(c)
        }
        return a.ret(a.vm.str(out))
    }
}
