// TableLib: table.concat insert move pack remove sort unpack (manual §6.6).
//
// Invariants: element access goes through __index/__newindex and lengths through __len where
// the manual says so; a table without a metatable takes the raw fast path, which is
// observably identical. Values held across calls into Lua (sort's comparator, metamethods)
// are kept in stack slots reserved by the function, never only in Swift locals (GC safety).

#if canImport(Glibc)
import Glibc
#endif
import LuaRuntime

enum TableLib {
    static func open(_ vm: VM) {
        vm.register(library: "table") { lib in
            lib.add("concat", concat)
            lib.add("insert", insert)
            lib.add("move", move)
            lib.add("pack", pack)
            lib.add("remove", remove)
            lib.add("sort", sort)
            lib.add("unpack", unpack)
        }
    }

    struct Need: OptionSet {
        let rawValue: Int
        static let read = Need(rawValue: 1)
        static let write = Need(rawValue: 2)
        static let length = Need(rawValue: 4)
    }

    /// lua's checktab: a table, or a value whose metatable provides what is needed.
    static func checkTable(_ a: Args, _ i: Int, _ need: Need) throws(VMError) -> Value {
        let v = a[i]
        if v.isTable { return v }
        if let mt = a.vm.metatable(of: v) {
            let vm = a.vm
            if (!need.contains(.read) || !vm.fastTM(mt, .index).isNil)
                && (!need.contains(.write) || !vm.fastTM(mt, .newindex).isNil)
                && (!need.contains(.length) || !vm.fastTM(mt, .len).isNil) {
                return v
            }
        }
        throw a.typeError(i, "table")
    }

    /// luaL_len: the length with __len, which must be an integer.
    static func length(_ vm: VM, _ v: Value) throws(VMError) -> Int64 {
        if v.isTable && v.tbl.pointee.metatable == nil { return LTable.length(v.tbl) }
        let n = try vm.length(v)
        if n.isInteger { return n.i }
        if n.isFloat, let i = Value.floatToInt(n.f) { return i }
        throw vm.error("object length is not an integer")
    }

    @inline(__always)
    static func isRaw(_ v: Value) -> Bool { v.isTable && v.tbl.pointee.metatable == nil }

    @inline(__always)
    static func get(_ vm: VM, _ t: Value, _ i: Int64) throws(VMError) -> Value {
        if isRaw(t) { return LTable.getInt(t.tbl, i) }
        return try vm.getIndex(t, .integer(i))
    }

    @inline(__always)
    static func set(_ vm: VM, _ t: Value, _ i: Int64, _ v: Value) throws(VMError) {
        if isRaw(t) { vm.rawSetInt(t.tbl, i, v); return }
        try vm.setIndex(t, .integer(i), v)
    }

    static func insert(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let t = try checkTable(a, 1, [.read, .write, .length])
        let e = try length(vm, t) &+ 1  // first empty slot
        switch a.count {
        case 2:
            try set(vm, t, e, a[2])
        case 3:
            let pos = try a.checkInteger(2)
            // 1 <= pos <= e, compared as unsigned like lua
            if UInt64(bitPattern: pos &- 1) >= UInt64(bitPattern: e) {
                throw a.argError(2, "position out of bounds")
            }
            var i = e
            while i > pos {
                try set(vm, t, i, try get(vm, t, i - 1))
                i -= 1
            }
            try set(vm, t, pos, a[3])
        default:
            throw vm.error("wrong number of arguments to 'insert'")
        }
        return 0
    }

    static func remove(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let t = try checkTable(a, 1, [.read, .write, .length])
        let size = try length(vm, t)
        var pos = try a.optInteger(2, size)
        if !a.isNone(2) && pos != size {
            // 1 <= pos <= size + 1
            if UInt64(bitPattern: pos &- 1) > UInt64(bitPattern: size) {
                throw a.argError(2, "position out of bounds")  // 5.4.8 names argument 2 (5.4.4 said 1)
            }
        }
        let removed = try get(vm, t, pos)
        vm.push(removed)  // keep it rooted while metamethods may run
        while pos < size {
            try set(vm, t, pos, try get(vm, t, pos + 1))
            pos += 1
        }
        try set(vm, t, pos, .nil)
        return 1
    }

    /// Copy n bytes: 4 to 8 (a list's typical element) as two overlapping 4-byte words, fewer
    /// byte by byte, more by memcpy (a call costs more than the copy of a short run).
    @inline(__always)
    static func copy(_ dst: UnsafeMutablePointer<UInt8>, _ src: UnsafePointer<UInt8>, _ n: Int) {
        if n > 8 {
            memcpy(dst, src, n)
        } else if n >= 4 {
            let a = UnsafeRawPointer(src).loadUnaligned(as: UInt32.self)
            let b = UnsafeRawPointer(src + n - 4).loadUnaligned(as: UInt32.self)
            UnsafeMutableRawPointer(dst).storeBytes(of: a, as: UInt32.self)
            UnsafeMutableRawPointer(dst + n - 4).storeBytes(of: b, as: UInt32.self)
        } else {
            for k in 0..<n { dst[k] = src[k] }
        }
    }

    /// table.concat of a table without a metatable whose elements i...j are strings and
    /// integers (the common case): the result's length is summed first, then the bytes are
    /// written once, straight into the new string (integers formatted in place); nil when an
    /// element is anything else (a float, or a value that raises), for the general path.
    static func concatRaw(_ vm: VM, _ t: UnsafeMutablePointer<LTable>, _ sep: UnsafeBufferPointer<UInt8>,
                          _ i: Int64, _ j: Int64) throws(VMError) -> UnsafeMutablePointer<LString>? {
        if i > j { return vm.newString(nil, 0) }
        let count = UInt64(bitPattern: j &- i)  // elements minus one
        guard count < UInt64(Int.max / 2) else { return nil }
        var total = 0
        var k = i
        while true {
            let v = LTable.getInt(t, k)
            if v.tag == Tag.string { total += v.str.pointee.length }
            else if v.tag == Tag.integer { total += LuaNumber.decimalLength(v.i) }
            else { return nil }
            if k == j { break }
            if k & 0x3FF == 0x3FF { try vm.checkInterrupt() }
            k += 1
        }
        let (withSeps, overflow) = total.addingReportingOverflow(sep.count &* Int(count))
        guard !overflow, sep.count == 0 || Int(count) <= Int.max / sep.count else { return nil }
        total = withSeps
        func fill(_ dst: UnsafeMutablePointer<UInt8>) {
            // An integer's text goes through a small buffer: LuaNumber.format wants 64 bytes of
            // room, which the string may not have past the offset.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 72) { digits in
                var off = 0
                var k = i
                while true {
                    let v = LTable.getInt(t, k)
                    if v.tag == Tag.integer {
                        let l = LuaNumber.format(v, into: digits.baseAddress!)
                        memcpy(dst + off, digits.baseAddress!, l)
                        off += l
                    } else {
                        let l = v.str.pointee.length
                        copy(dst + off, LString.bytes(v.str), l)
                        off += l
                    }
                    if k == j { break }
                    if sep.count > 0 { copy(dst + off, sep.baseAddress!, sep.count); off += sep.count }
                    k += 1
                }
                assert(off == total)
            }
        }
        if total <= Limits.maxShortStringLength {
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Limits.maxShortStringLength) { b in
                fill(b.baseAddress!)
                return vm.newString(b.baseAddress!, total)
            }
        }
        let r = vm.allocString(total)
        fill(LString.bytes(r))
        return r
    }

    static func move(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let f = try a.checkInteger(2)  // lua5.4 checks the positions before the tables
        let e = try a.checkInteger(3)
        let tpos = try a.checkInteger(4)
        let a1 = try checkTable(a, 1, [.read])
        let dest = a.isNoneOrNil(5) ? a1 : try checkTable(a, 5, [.write])
        if e >= f {
            if !(f > 0 || e < Int64.max &+ f) { throw a.argError(3, "too many elements to move") }
            let n = e - f  // number of elements minus 1
            if tpos > Int64.max - n { throw a.argError(4, "destination wrap around") }
            let sameTable = Value.rawEquals(a1, dest)
            if tpos > e || tpos <= f || !sameTable {
                for i in 0...n {
                    try set(vm, dest, tpos + i, try get(vm, a1, f + i))
                    if i & 0x3FF == 0x3FF { try vm.checkInterrupt() }
                }
            } else {
                var i = n
                while i >= 0 {
                    try set(vm, dest, tpos + i, try get(vm, a1, f + i))
                    if i & 0x3FF == 0x3FF { try vm.checkInterrupt() }
                    i -= 1
                }
            }
        }
        return a.ret(dest)
    }

    static func pack(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let t = vm.newTable(narray: a.count, nhash: 1)
        for i in 0..<a.count { vm.rawSetInt(t, Int64(i + 1), a[i + 1]) }
        vm.rawSetStr(t, vm.newString("n"), .integer(a.count))
        return a.ret(.table(t))
    }

    static func unpack(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let t = a[1]
        let i = try a.optInteger(2, 1)
        let j = a.isNoneOrNil(3) ? try length(vm, t) : try a.checkInteger(3)
        if i > j { return 0 }
        let n = UInt64(bitPattern: j &- i)
        if n >= UInt64(Int32.max) || n >= UInt64(vm.options.maxStackSlots) {
            throw vm.error("too many results to unpack")
        }
        let count = Int(n) + 1
        do { try vm.ensureStack(count) } catch { throw vm.error("too many results to unpack") }
        var k = i
        while true {
            vm.push(try get(vm, t, k))
            if k == j { break }
            k += 1
        }
        return count
    }

    static func concat(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let t = try checkTable(a, 1, [.read, .length])
        let sep = a.isNoneOrNil(2) ? UnsafeBufferPointer<UInt8>(start: nil, count: 0) : try a.checkBytes(2)
        let i = try a.optInteger(3, 1)
        let j = a.isNoneOrNil(4) ? try length(vm, t) : try a.checkInteger(4)
        if isRaw(t), let r = try concatRaw(vm, t.tbl, sep, i, j) { return a.ret(.string(r)) }
        var out: [UInt8] = []
        if i <= j {
            var k = i
            while true {
                let v = try get(vm, t, k)
                if v.isString {
                    out.append(contentsOf: LString.buffer(v.str))
                } else if v.isNumber {
                    out.append(contentsOf: LString.buffer(vm.numberToString(v)))
                } else {
                    throw vm.error("invalid value (\(vm.basicTypeName(v))) at index \(k) in table for 'concat'")
                }
                if k == j { break }
                out.append(contentsOf: sep)
                if k & 0x3FF == 0x3FF { try vm.checkInterrupt() }
                k += 1
            }
        }
        return a.ret(vm.str(out))
    }
}
