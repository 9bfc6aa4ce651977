// TableLib+Sort: table.sort, binding SortAlgorithm to Lua tables and comparators.
//
// Invariants: every value the algorithm holds is also stored in one of eight stack slots
// reserved above the arguments (SortAlgorithm names the slot on each read), so a comparator or
// metamethod that triggers a collection cannot free a value in flight. The default comparator is
// lua's `<` (numbers and strings directly, __lt otherwise).

import LuaRuntime

extension TableLib {
    static let sortRootSlots = 8

    static func sort(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let t = try checkTable(a, 1, [.read, .write, .length])
        let n = try length(vm, t)
        if n <= 1 { return 0 }
        if n >= Int64(Int32.max) { throw a.argError(1, "array too big") }
        var cmp: Value? = nil
        if !a.isNoneOrNil(2) {
            if !a[2].isFunction { throw a.typeError(2, "function") }
            cmp = a[2]
        }
        if cmp == nil, isRaw(t), sortUniform(vm, t.tbl, Int(n)) { return 0 }
        // Root slots just above the arguments.
        try vm.ensureStack(sortRootSlots + 4)
        let rootBase = vm.current.pointee.top
        for _ in 0..<sortRootSlots { vm.push(.nil) }
        defer { vm.current.pointee.top = rootBase }
        // The closures capture `vm` strongly on purpose: an unowned(unsafe) capture is copied to
        // a strong reference (retain/release) around every call made through it.
                let access = SortAccess<Value>(
            get: { i, slot in
                let v = isRaw(t) ? LTable.getInt(t.tbl, Int64(i)) : try vm.getIndex(t, .integer(Int64(i)))
                vm.current.pointee.stack[rootBase + slot] = v
                return v
            },
            set: { i, v in
                if isRaw(t) { vm.rawSetInt(t.tbl, Int64(i), v) }
                else { try vm.setIndex(t, .integer(Int64(i)), v) }
            },
            less: { x, y in
                if let f = cmp { return try vm.call1(f, x, y).isTruthy }
                if x.isInteger && y.isInteger { return x.i < y.i }
                if x.isString && y.isString { return VM.compareStrings(x.str, y.str) < 0 }
                return try vm.lessThan(x, y)
            },
            interrupt: interruptClosure(vm))
        try bridged(a) { try SortAlgorithm.sort(Int(n), access) }
        return 0
    }

    /// table.sort without a comparator of a table without a metatable whose elements 1...n are
    /// all integers or all strings: sorted as a copy, then written back. Equal integers, and
    /// equal strings, cannot be told apart in Lua, so any correct sort leaves the table exactly
    /// as lua's algorithm does (not so for floats: 0.0 and -0.0 are equal but print apart, and
    /// NaN orders nothing). No Lua code runs and nothing is allocated in the table (its keys
    /// exist), so the strings stay rooted by the table throughout. False: the general path.
    static func sortUniform(_ vm: VM, _ t: UnsafeMutablePointer<LTable>, _ n: Int) -> Bool {
        guard n <= StdlibLimits.uniformSortMaxElements else { return false }
        switch LTable.getInt(t, 1).tag {
        case Tag.integer:
            var xs: [Int64] = []
            xs.reserveCapacity(n)
            for i in 1...n {
                let v = LTable.getInt(t, Int64(i))
                guard v.tag == Tag.integer else { return false }
                xs.append(v.i)
            }
            xs.sort()
            for (k, x) in xs.enumerated() { vm.rawSetInt(t, Int64(k + 1), .integer(x)) }
            return true
        case Tag.string:
            var xs: [UnsafeMutablePointer<LString>] = []
            xs.reserveCapacity(n)
            for i in 1...n {
                let v = LTable.getInt(t, Int64(i))
                guard v.tag == Tag.string else { return false }
                xs.append(v.str)
            }
            xs.sort { VM.compareStrings($0, $1) < 0 }
            for (k, x) in xs.enumerated() { vm.rawSetInt(t, Int64(k + 1), .string(x)) }
            return true
        default:
            return false
        }
    }
}
