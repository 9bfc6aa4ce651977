// Small reads of values for tools (the REPL's printers, the command line): exact bytes and
// integers, and errors made outside Lua code.
//
// Invariants: read-only, raw (no metamethod runs), never throw.

import LuaRuntime

extension LuaError {
    /// An error raised by the embedder itself (a command line check), with no traceback.
    public init(message: String) {
        self.init(message: message, traceback: "", isInterrupt: false, value: nil)
    }
}

extension LuaVM {
    /// A string's exact bytes (nil if not a string): unlike `tostring`, invalid UTF-8 is kept.
    public func stringBytes(_ v: LuaRef) -> [UInt8]? {
        v.value.isString ? LString.byteArray(v.value.str) : nil
    }

    /// An integer, or a float with an exact integer value, as an Int64 (as lua_tointegerx does);
    /// nil for anything else.
    public func integerValue(_ v: LuaRef) -> Int64? {
        if v.value.isInteger { return v.value.i }
        if v.value.isFloat, let i = Int64(exactly: v.value.f) { return i }
        return nil
    }

    /// Raw equality (no `__eq`): lua's rawequal.
    public func rawEqual(_ a: LuaRef, _ b: LuaRef) -> Bool { Value.rawEquals(a.value, b.value) }

    /// True for an integer-subtype number.
    public func isInteger(_ v: LuaRef) -> Bool { v.value.isInteger }

    /// A number as a Double (integers converted); nil for anything else.
    public func numberValue(_ v: LuaRef) -> Double? { v.value.asDouble }

    /// True when the value's metatable has the field `name` (read raw, nothing runs).
    public func hasMetafield(_ v: LuaRef, _ name: String) -> Bool {
        guard let mt = core.metatable(of: v.value) else { return false }
        return !LTable.get(mt, core.str(name)).isNil
    }
}
