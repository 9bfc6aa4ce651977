// The Lua value: a 64-bit payload and a one-byte tag (16 bytes with padding).
//
// Invariants: tags are ordered so that falsiness is `tag <= Tag.false_` and "is a GC object" is
// `tag >= Tag.string` (all immediates sit below Tag.string); the payload of a GC value is the
// address of its object (never nil); a light native function's payload is its index in the VM's
// native function table; a light userdata's payload is its pointer bits (never dereferenced by
// the VM, never collected); floats are stored as their bit pattern. Tags stay below 16
// (type-metatable array, feedback bits). No Swift references live inside a Value (no ARC).
// The object accessors (str, tbl, ...) do not check the payload: callers test the tag first.

import LuaBytecode

public enum Tag {
    public static let nil_: UInt8 = 0
    public static let false_: UInt8 = 1
    public static let true_: UInt8 = 2
    public static let integer: UInt8 = 3
    public static let float: UInt8 = 4
    public static let lightNative: UInt8 = 5
    /// Light userdata: type() "userdata", compared by pointer, one type-wide metatable.
    public static let lightUserdata: UInt8 = 6
    // --- GC objects from here on ---
    public static let string: UInt8 = 7
    public static let table: UInt8 = 8
    public static let luaClosure: UInt8 = 9
    public static let nativeClosure: UInt8 = 10
    public static let userdata: UInt8 = 11
    public static let thread: UInt8 = 12
    /// Internal kinds (never in a Value visible to Lua).
    public static let proto: UInt8 = 13
    public static let upvalue: UInt8 = 14
}

@frozen public struct Value {
    public var payload: UInt64
    public var tag: UInt8

    @inlinable @inline(__always) public init(payload: UInt64, tag: UInt8) {
        self.payload = payload; self.tag = tag
    }

    // Computed and inlinable, not stored: another module's use is then two immediate stores,
    // not a call to a global's accessor (about 0.5% of richards' instructions).
    @inlinable public static var `nil`: Value { Value(payload: 0, tag: 0) }    // Tag.nil_
    @inlinable public static var `false`: Value { Value(payload: 0, tag: 1) }  // Tag.false_
    @inlinable public static var `true`: Value { Value(payload: 0, tag: 2) }   // Tag.true_

    @inlinable @inline(__always) public static func integer(_ i: Int64) -> Value {
        Value(payload: UInt64(bitPattern: i), tag: Tag.integer)
    }
    @inlinable @inline(__always) public static func integer(_ i: Int) -> Value {
        Value(payload: UInt64(bitPattern: Int64(i)), tag: Tag.integer)
    }
    @inlinable @inline(__always) public static func number(_ d: Double) -> Value {
        Value(payload: d.bitPattern, tag: Tag.float)
    }
    @inlinable @inline(__always) public static func bool(_ b: Bool) -> Value {
        Value(payload: 0, tag: b ? Tag.true_ : Tag.false_)
    }
    @inlinable @inline(__always) public static func object(_ p: UnsafeMutableRawPointer, _ tag: UInt8) -> Value {
        Value(payload: UInt64(UInt(bitPattern: p)), tag: tag)
    }
    @inlinable @inline(__always) public static func string(_ s: UnsafeMutablePointer<LString>) -> Value {
        object(UnsafeMutableRawPointer(s), Tag.string)
    }
    @inlinable @inline(__always) public static func table(_ t: UnsafeMutablePointer<LTable>) -> Value {
        object(UnsafeMutableRawPointer(t), Tag.table)
    }
    /// A light userdata holding `p` (an immediate: the VM never follows or frees it).
    @inlinable @inline(__always) public static func lightUserdata(_ p: UnsafeRawPointer) -> Value {
        Value(payload: UInt64(UInt(bitPattern: p)), tag: Tag.lightUserdata)
    }

    @inlinable @inline(__always) public var isNil: Bool { tag == Tag.nil_ }
    @inlinable @inline(__always) public var isFalsy: Bool { tag <= Tag.false_ }
    @inlinable @inline(__always) public var isTruthy: Bool { tag > Tag.false_ }
    @inlinable @inline(__always) public var isInteger: Bool { tag == Tag.integer }
    @inlinable @inline(__always) public var isFloat: Bool { tag == Tag.float }
    @inlinable @inline(__always) public var isNumber: Bool { tag == Tag.integer || tag == Tag.float }
    @inlinable @inline(__always) public var isString: Bool { tag == Tag.string }
    @inlinable @inline(__always) public var isTable: Bool { tag == Tag.table }
    @inlinable @inline(__always) public var isLightUserdata: Bool { tag == Tag.lightUserdata }
    @inlinable @inline(__always) public var isCollectable: Bool { tag >= Tag.string }
    @inlinable @inline(__always) public var isFunction: Bool {
        tag == Tag.luaClosure || tag == Tag.nativeClosure || tag == Tag.lightNative
    }

    @inlinable @inline(__always) public var i: Int64 { Int64(bitPattern: payload) }
    @inlinable @inline(__always) public var f: Double { Double(bitPattern: payload) }
    @inlinable @inline(__always) public var pointer: UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(bitPattern: UInt(truncatingIfNeeded: payload)).unsafelyUnwrapped
    }
    @inlinable @inline(__always) public var str: UnsafeMutablePointer<LString> {
        UnsafeMutablePointer<LString>(bitPattern: UInt(truncatingIfNeeded: payload)).unsafelyUnwrapped
    }
    @inlinable @inline(__always) public var tbl: UnsafeMutablePointer<LTable> {
        UnsafeMutablePointer<LTable>(bitPattern: UInt(truncatingIfNeeded: payload)).unsafelyUnwrapped
    }
    @inlinable @inline(__always) public var lclosure: UnsafeMutablePointer<LClosure> {
        UnsafeMutablePointer<LClosure>(bitPattern: UInt(truncatingIfNeeded: payload)).unsafelyUnwrapped
    }
    @inlinable @inline(__always) public var nclosure: UnsafeMutablePointer<NClosure> {
        UnsafeMutablePointer<NClosure>(bitPattern: UInt(truncatingIfNeeded: payload)).unsafelyUnwrapped
    }
    @inlinable @inline(__always) public var udata: UnsafeMutablePointer<LUserdata> {
        UnsafeMutablePointer<LUserdata>(bitPattern: UInt(truncatingIfNeeded: payload)).unsafelyUnwrapped
    }
    @inlinable @inline(__always) public var thread: UnsafeMutablePointer<LThread> {
        UnsafeMutablePointer<LThread>(bitPattern: UInt(truncatingIfNeeded: payload)).unsafelyUnwrapped
    }

    /// The number as a Double (integers converted), or nil if not a number.
    @inlinable @inline(__always) public var asDouble: Double? {
        if tag == Tag.float { return f }
        if tag == Tag.integer { return Double(i) }
        return nil
    }

    /// Raw equality (no metamethods): lua's rawequal.
    @inlinable public static func rawEquals(_ a: Value, _ b: Value) -> Bool {
        if a.tag == b.tag {
            if a.tag == Tag.float { return a.f == b.f }
            if a.payload == b.payload { return true }
            if a.tag == Tag.string { return LString.equalLong(a.str, b.str) }
            return false
        }
        if a.tag == Tag.integer && b.tag == Tag.float { return Double(a.i) == b.f && Value.floatIsExactInt(b.f, a.i) }
        if a.tag == Tag.float && b.tag == Tag.integer { return Double(b.i) == a.f && Value.floatIsExactInt(a.f, b.i) }
        return false
    }

    /// Whether float `d` equals integer `i` exactly (no rounding of i to double).
    @inlinable public static func floatIsExactInt(_ d: Double, _ i: Int64) -> Bool {
        guard let di = Value.floatToInt(d) else { return false }
        return di == i
    }

    /// Float to integer if it has an exact integer value in range (lua's "F2Ieq").
    @inlinable @inline(__always) public static func floatToInt(_ d: Double) -> Int64? {
        LuaArithmetic.exactInteger(d)
    }
}

/// Type names as `type()` returns them, indexed by tag.
public let typeNames: [String] = ["nil", "boolean", "boolean", "number", "number", "function",
                                  "userdata", "string", "table", "function", "function", "userdata", "thread",
                                  "proto", "upvalue"]
