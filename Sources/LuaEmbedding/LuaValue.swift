// LuaValue: a Lua value as Swift code sees it: nil, booleans and numbers as Swift values, strings
// as Swift Strings, tables and functions as handles into their VM, the rest as opaque handles.
//
// Invariants: equality and hashing are Lua's raw equality (1 == 1.0; strings by their bytes;
// tables, functions, userdata and threads by identity), so a LuaValue is a faithful dictionary
// key for a table's contents. A handle keeps its object alive (anchored in its VM) while any copy
// of it exists, and belongs to one VM: handing it to another is a programming error (trap).
// Strings are decoded as UTF-8, an invalid byte becoming U+FFFD; exact bytes go through LuaRef.

import LuaRuntime

/// A Lua value.
///
/// Literals make values directly: `let v: LuaValue = 42`, `"text"`, `2.5`, `true`, `nil`.
/// Read one with the typed getters (`intValue`, `doubleValue`, `stringValue`, `boolValue`,
/// `tableValue`, `functionValue`) or by pattern matching.
public enum LuaValue: Hashable, CustomStringConvertible {
    case `nil`
    case boolean(Bool)
    /// A Lua integer (64-bit).
    case integer(Int)
    /// A Lua float.
    case number(Double)
    case string(String)
    case table(LuaTable)
    case function(LuaFunction)
    /// A full or light userdata (an opaque handle).
    case userdata(LuaRef)
    /// A coroutine (an opaque handle).
    case thread(LuaRef)

    /// Lua's type name: "nil", "boolean", "number", "string", "table", "function", "userdata",
    /// "thread".
    public var typeName: String {
        switch self {
        case .nil: return "nil"
        case .boolean: return "boolean"
        case .integer, .number: return "number"
        case .string: return "string"
        case .table: return "table"
        case .function: return "function"
        case .userdata: return "userdata"
        case .thread: return "thread"
        }
    }

    public var isNil: Bool { if case .nil = self { return true } else { return false } }
    /// Lua's truth: everything but nil and false.
    public var isTruthy: Bool {
        switch self {
        case .nil, .boolean(false): return false
        default: return true
        }
    }

    /// The boolean, if this is one.
    public var boolValue: Bool? { if case .boolean(let b) = self { return b } else { return nil } }
    /// The integer, or a float with an exact integer value (3.0 gives 3).
    public var intValue: Int? {
        switch self {
        case .integer(let i): return i
        case .number(let d): return Int(exactly: d)
        default: return nil
        }
    }
    /// The number as a Double (integers converted).
    public var doubleValue: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .number(let d): return d
        default: return nil
        }
    }
    /// The string, if this is one (numbers are not converted).
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var tableValue: LuaTable? { if case .table(let t) = self { return t } else { return nil } }
    public var functionValue: LuaFunction? { if case .function(let f) = self { return f } else { return nil } }

    /// The elements 1...n of a table (n its border, `#t` without metamethods); nil if not a table.
    public var arrayValue: [LuaValue]? { tableValue?.array() }
    /// Every key-value pair of a table (raw, as `next` walks it); nil if not a table.
    public var dictionaryValue: [LuaValue: LuaValue]? { tableValue?.dictionary() }

    /// Like Lua's tostring for nil, booleans, numbers and strings; "table: 0x..." for objects.
    public var description: String {
        switch self {
        case .nil: return "nil"
        case .boolean(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .number(let d): return LuaNumber.format(.number(d))
        case .string(let s): return s
        case .table(let t): return t.ref.vm.typeDescription(t.ref)
        case .function(let f): return f.ref.vm.typeDescription(f.ref)
        case .userdata(let r), .thread(let r): return r.vm.typeDescription(r)
        }
    }

    public static func == (a: LuaValue, b: LuaValue) -> Bool {
        switch (a, b) {
        case (.nil, .nil): return true
        case (.boolean(let x), .boolean(let y)): return x == y
        case (.integer(let x), .integer(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.integer(let i), .number(let d)), (.number(let d), .integer(let i)): return Int(exactly: d) == i
        case (.string(let x), .string(let y)): return x.utf8.elementsEqual(y.utf8)
        case (.table(let x), .table(let y)): return x == y
        case (.function(let x), .function(let y)): return x == y
        case (.userdata(let x), .userdata(let y)), (.thread(let x), .thread(let y)): return Value.rawEquals(x.value, y.value)
        default: return false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .nil: h.combine(0)
        case .boolean(let b): h.combine(1); h.combine(b)
        case .integer(let i): h.combine(2); h.combine(i)
        case .number(let d):
            // A float equal to an integer hashes as that integer (they are one key in Lua).
            if let i = Int(exactly: d) { h.combine(2); h.combine(i) } else { h.combine(3); h.combine(d) }
        case .string(let s): h.combine(4); for b in s.utf8 { h.combine(b) }
        case .table(let t): h.combine(5); h.combine(t.ref.value.payload)
        case .function(let f): h.combine(6); h.combine(f.ref.value.payload)
        case .userdata(let r), .thread(let r): h.combine(7); h.combine(r.value.payload)
        }
    }
}

extension LuaValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
                    ExpressibleByFloatLiteral, ExpressibleByStringLiteral {
    public init(nilLiteral: ()) { self = .nil }
    public init(booleanLiteral b: Bool) { self = .boolean(b) }
    public init(integerLiteral i: Int) { self = .integer(i) }
    public init(floatLiteral d: Double) { self = .number(d) }
    public init(stringLiteral s: String) { self = .string(s) }
}

extension LuaValue {
    public init(_ b: Bool) { self = .boolean(b) }
    public init(_ i: Int) { self = .integer(i) }
    public init(_ d: Double) { self = .number(d) }
    public init(_ s: String) { self = .string(s) }
    public init(_ t: LuaTable) { self = .table(t) }
    public init(_ f: LuaFunction) { self = .function(f) }
}
