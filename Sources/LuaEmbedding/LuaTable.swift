// LuaTable and LuaFunction: handles to a table or a function of a LuaVM, for Swift code.
//
// Invariants: a handle anchors its object (through LuaRef) for as long as a copy exists; equality
// and hashing are identity. Indexing, assignment, length and calls run metamethods as Lua code
// does, and may run Lua code; `raw` operations never do. Errors come back as LuaError. Use a
// handle on its VM's thread only (LuaVM's threading rule).

import LuaRuntime

/// A Lua table.
///
/// `try t["x"]`, `try t[1]` index it as Lua does (`__index` included); `try t.set("x", 1)`
/// assigns (`__newindex` included). Swift subscripts cannot throw when assigning, hence `set`.
public struct LuaTable: Hashable {
    /// The anchored value (for the lower-level LuaVM API).
    public let ref: LuaRef
    init(_ ref: LuaRef) { self.ref = ref }
    var vm: LuaVM { ref.vm }

    /// `t[key]`, with `__index`.
    public subscript(key: LuaValue) -> LuaValue {
        get throws(LuaError) { try vm.index(ref.value, key) }
    }
    /// `t[name]`, with `__index`.
    public subscript(name: String) -> LuaValue {
        get throws(LuaError) { try vm.index(ref.value, .string(name)) }
    }
    /// `t[i]`, with `__index`.
    public subscript(index: Int) -> LuaValue {
        get throws(LuaError) { try vm.index(ref.value, .integer(index)) }
    }

    /// `t[key] = value`, with `__newindex`. Fails for a nil or NaN key, as Lua does.
    public func set(_ key: LuaValue, _ value: LuaValue) throws(LuaError) {
        try vm.setIndex(ref.value, key, value)
    }

    /// `t[key]` without metamethods.
    public func rawGet(_ key: LuaValue) -> LuaValue {
        vm.lift(LTable.get(ref.value.tbl, vm.lower(key)))
    }
    /// `t[key] = value` without metamethods. Fails for a nil or NaN key.
    public func rawSet(_ key: LuaValue, _ value: LuaValue) throws(LuaError) {
        let k = vm.lower(key), v = vm.lower(value)
        do { try vm.core.rawSet(ref.value.tbl, k, v) } catch { throw vm.wrapError(error) }
    }

    /// `#t`: the `__len` metamethod's result, else a border. Fails if `__len` does not give an
    /// integer ("object length is not an integer").
    public func length() throws(LuaError) -> Int {
        let n = try vm.lengthOf(ref.value)
        guard let i = n.intValue else { throw LuaError("object length is not an integer") }
        return i
    }
    /// A border of the table (`rawlen`): no metamethod.
    public var rawLength: Int { Int(LTable.length(ref.value.tbl)) }

    /// Elements 1 through `rawLength`, without metamethods.
    public func array() -> [LuaValue] {
        let n = rawLength
        guard n > 0 else { return [] }
        return (1...n).map { vm.lift(LTable.get(ref.value.tbl, .integer(Int64($0)))) }
    }

    /// Every key-value pair, without metamethods.
    public func dictionary() -> [LuaValue: LuaValue] {
        var out: [LuaValue: LuaValue] = [:]
        for (k, v) in vm.rawPairs(ref.value.tbl) { out[vm.lift(k)] = vm.lift(v) }
        return out
    }

    /// The table's metatable, if it has one.
    public var metatable: LuaTable? {
        guard let mt = ref.value.tbl.pointee.metatable else { return nil }
        return LuaTable(vm.ref(.table(mt)))
    }

    public static func == (a: LuaTable, b: LuaTable) -> Bool { Value.rawEquals(a.ref.value, b.ref.value) }
    public func hash(into h: inout Hasher) { h.combine(ref.value.payload) }
}

/// A Lua function (written in Lua or registered from Swift).
///
/// `try f(1, "two")` or `try f.call(1, "two")` calls it and returns all its results.
public struct LuaFunction: Hashable {
    /// The anchored value (for the lower-level LuaVM API).
    public let ref: LuaRef
    init(_ ref: LuaRef) { self.ref = ref }

    /// Call with these arguments; returns every result (possibly none).
    @discardableResult
    public func call(_ args: LuaValue...) throws(LuaError) -> [LuaValue] {
        try ref.vm.invoke(ref.value, args)
    }
    /// `call` with the arguments as an array.
    @discardableResult
    public func call(arguments: [LuaValue]) throws(LuaError) -> [LuaValue] {
        try ref.vm.invoke(ref.value, arguments)
    }
    @discardableResult
    public func callAsFunction(_ args: LuaValue...) throws(LuaError) -> [LuaValue] {
        try ref.vm.invoke(ref.value, args)
    }

    public static func == (a: LuaFunction, b: LuaFunction) -> Bool { Value.rawEquals(a.ref.value, b.ref.value) }
    public func hash(into h: inout Hasher) { h.combine(ref.value.payload) }
}
