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
}
