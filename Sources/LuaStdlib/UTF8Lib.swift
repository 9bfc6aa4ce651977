// UTF8Lib: the utf8 library (manual §6.5) over UTF8Codec: char, charpattern, codes, codepoint,
// len, offset, each with the optional `lax` flag.
//
// Invariants: positions are 1-based and relative like lua's (negative from the end); utf8.codes'
// iterator continues from the byte after the previous lead byte, skipping continuation bytes,
// and raises "invalid UTF-8 code" on a bad sequence and on a stray continuation byte (one right
// after a sequence, or at the start of the string: an argument error of codes), as Lua 5.4.8
// does (5.4.4 skipped stray continuation bytes).

import LuaRuntime

enum UTF8Lib {
    static func open(_ vm: VM) {
        let t = vm.register(library: "utf8") { lib in
            lib.add("char", char)
            lib.add("codes", codes)
            lib.add("codepoint", codepoint)
            lib.add("len", len)
            lib.add("offset", offset)
        }
        vm.rawSetStr(t, vm.newString("charpattern"), vm.str(UTF8Codec.charPattern))
    }

    /// lua's u_posrelat: negative positions count from the end; too negative gives 0.
    static func relative(_ pos: Int64, _ len: Int) -> Int64 {
        if pos >= 0 { return pos }
        if 0 &- pos > Int64(len) { return 0 }
        return Int64(len) + pos + 1
    }

    static func char(_ a: Args) throws(VMError) -> Int {
        var out: [UInt8] = []
        for i in stride(from: 1, through: a.count, by: 1) {
            let c = try a.checkInteger(i)
            if UInt64(bitPattern: c) > UInt64(UTF8Codec.maxLax) { throw a.argError(i, "value out of range") }
            UTF8Codec.encode(UInt32(c), into: &out)
        }
        return a.ret(a.vm.str(out))
    }

    static func codepoint(_ a: Args) throws(VMError) -> Int {
        let s = try a.checkBytes(1)
        let posi = relative(try a.optInteger(2, 1), s.count)
        let pose = relative(a.isNoneOrNil(3) ? posi : try a.checkInteger(3), s.count)
        let lax = a.toBool(4)
        if posi < 1 { throw a.argError(2, "out of bounds") }
        if pose > Int64(s.count) { throw a.argError(3, "out of bounds") }
        if posi > pose { return 0 }
        if pose - posi >= Int64(Int32.max) { throw a.vm.error("string slice too long") }
        try a.vm.ensureStack(Int(pose - posi) + 1)
        var n = 0
        var i = Int(posi) - 1
        let end = Int(pose)
        while i < end {
            guard let (c, next) = UTF8Codec.decode(s, i, strict: !lax) else {
                throw a.vm.error("invalid UTF-8 code")
            }
            a.vm.push(.integer(Int64(c)))
            n += 1
            i = next
        }
        return n
    }

    static func len(_ a: Args) throws(VMError) -> Int {
        let s = try a.checkBytes(1)
        var posi = relative(try a.optInteger(2, 1), s.count)
        var posj = relative(try a.optInteger(3, -1), s.count)
        let lax = a.toBool(4)
        posi -= 1
        if !(posi >= 0 && posi <= Int64(s.count)) { throw a.argError(2, "initial position out of bounds") }
        posj -= 1
        if !(posj < Int64(s.count)) { throw a.argError(3, "final position out of bounds") }
        var n: Int64 = 0
        var i = Int(posi)
        while Int64(i) <= posj {
            guard let (_, next) = UTF8Codec.decode(s, i, strict: !lax) else {
                return a.ret(.nil, .integer(i + 1))
            }
            i = next
            n += 1
            if n & 0xFFFF == 0 { try a.vm.checkInterrupt() }
        }
        return a.ret(.integer(n))
    }

    static func offset(_ a: Args) throws(VMError) -> Int {
        let s = try a.checkBytes(1)
        let n = try a.checkInteger(2)
        let def: Int64 = n >= 0 ? 1 : Int64(s.count) + 1
        var posi = relative(try a.optInteger(3, def), s.count)
        posi -= 1
        if !(posi >= 0 && posi <= Int64(s.count)) { throw a.argError(3, "position out of bounds") }
        let r = try bridged(a) { try UTF8Codec.offset(s, Int(n), from: Int(posi)) }
        guard let p = r else { return a.ret(.nil) }
        return a.ret(.integer(p + 1))
    }

    static func codes(_ a: Args) throws(VMError) -> Int {
        let s = try a.checkBytes(1)
        if let c = s.first, UTF8Codec.isContinuation(c) { throw a.argError(1, "invalid UTF-8 code") }
        let st = StdlibState.of(a.vm)
        let iter = Value(payload: UInt64(a.toBool(2) ? st.codesLax : st.codesStrict), tag: Tag.lightNative)
        return a.ret(iter, a[1], .integer(0))
    }

    static func codesStrict(_ a: Args) throws(VMError) -> Int { try codesStep(a, strict: true) }
    static func codesLax(_ a: Args) throws(VMError) -> Int { try codesStep(a, strict: false) }

    static func codesStep(_ a: Args, strict: Bool) throws(VMError) -> Int {
        let s = try a.checkBytes(1)
        let n = try a.checkInteger(2)
        if n < 0 { return 0 }  // (lua reads the control value as unsigned: past the end)
        var i = Int(truncatingIfNeeded: n)
        while i < s.count && UTF8Codec.isContinuation(s[i]) { i += 1 }
        if i >= s.count { return 0 }
        guard let (c, next) = UTF8Codec.decode(s, i, strict: strict),
              next >= s.count || !UTF8Codec.isContinuation(s[next]) else {
            throw a.vm.error("invalid UTF-8 code")
        }
        return a.ret(.integer(i + 1), .integer(Int64(c)))
    }
}
