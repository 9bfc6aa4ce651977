// IR value types: what a value is known to be, and hence where it can live (GP or XMM register,
// or a boxed 16-byte Lua value in its slot).
//
// Invariants: only `.value` is a boxed Lua value (tag + payload); `.int`, `.float`, `.bool` are
// unboxed and must be boxed back (BoxKind) wherever the interpreter, the GC or the debug library
// can look; `.table` and `.string` are raw object pointers whose Lua tag is implied by the type;
// `.void` is the type of ops that produce nothing and is never an operand.

public enum IRType: UInt8, Hashable, Sendable, CaseIterable {
    case void
    /// A boxed Lua value (any tag): 16 bytes, lives in its slot or in a register pair.
    case value
    /// An unboxed 64-bit integer (GP register).
    case int
    /// An unboxed double (XMM register).
    case float
    /// An unboxed boolean (a condition; GP register or flags).
    case bool
    /// A pointer to an LTable (tag known to be table).
    case table
    /// A pointer to an LString (tag known to be string).
    case string

    public var name: String {
        switch self {
        case .void: return "void"
        case .value: return "val"
        case .int: return "int"
        case .float: return "flt"
        case .bool: return "bool"
        case .table: return "tab"
        case .string: return "str"
        }
    }

    /// How a value of this type is written back into a Lua slot (nil for `.void`).
    public var boxKind: BoxKind? {
        switch self {
        case .void: return nil
        case .value: return .asIs
        case .int: return .int
        case .float: return .float
        case .bool: return .bool
        case .table: return .table
        case .string: return .string
        }
    }
}

/// How the exit routine (and any write-back) turns an SSA value into the 16-byte slot value.
public enum BoxKind: UInt8, Hashable, Sendable {
    /// Already a boxed value: copy it.
    case asIs
    /// Tag integer around the 64-bit payload.
    case int
    /// Tag float around the double's bits.
    case float
    /// true/false tag from the condition.
    case bool
    /// Tag table around the pointer.
    case table
    /// Tag string around the pointer.
    case string

    /// The type of a value unboxed by this kind's tag (`.value` for asIs).
    public var unboxedType: IRType {
        switch self {
        case .asIs: return .value
        case .int: return .int
        case .float: return .float
        case .bool: return .bool
        case .table: return .table
        case .string: return .string
        }
    }

    public var name: String {
        switch self {
        case .asIs: return "val"
        case .int: return "int"
        case .float: return "flt"
        case .bool: return "bool"
        case .table: return "tab"
        case .string: return "str"
        }
    }
}
