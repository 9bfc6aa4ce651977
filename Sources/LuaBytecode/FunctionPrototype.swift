// The description of one compiled Lua function: what the frontend produces and the runtime loads.
//
// This is plain Swift data with no VM objects inside, so the frontend needs no runtime, the
// listing printer and string.dump can work from it, and the runtime turns it into its own
// heap-resident Proto (interning the string constants) when a chunk is loaded.
// Invariants: code.count == lineInfo.count; every child index in a `closure` instruction is
// < children.count; maxStackSize >= numParams and <= 255.

/// A compile-time constant. Strings are raw bytes: Lua strings are byte strings.
public enum Constant: Hashable, Sendable {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    /// Stored as the bit pattern so that 0.0 and -0.0 (and NaNs) stay distinct constants.
    case float(bits: UInt64)
    case string([UInt8])

    public static func number(_ d: Double) -> Constant { .float(bits: d.bitPattern) }
    public var floatValue: Double? {
        if case .float(let bits) = self { return Double(bitPattern: bits) }
        return nil
    }
}

/// Where a closure finds one of its upvalues when it is created.
public struct UpvalueDescriptor: Hashable, Sendable {
    /// true: the upvalue is the enclosing function's register `index`;
    /// false: it is the enclosing function's upvalue `index`.
    public var inStack: Bool
    public var index: Int
    /// The variable's name, for error messages and the debug library.
    public var name: String
    /// The variable is `<const>` / `<close>`: a compile-time fact kept for the debug library.
    public var kind: VariableKind

    public init(inStack: Bool, index: Int, name: String, kind: VariableKind = .regular) {
        self.inStack = inStack; self.index = index; self.name = name; self.kind = kind
    }
}

public enum VariableKind: UInt8, Hashable, Sendable {
    case regular, constant, toBeClosed, compileTimeConstant
}

/// A local variable's name and the pc range in which it is live (for debug.getlocal, messages).
public struct LocalVariableInfo: Hashable, Sendable {
    public var name: String
    /// First pc where the variable is active.
    public var startPC: Int
    /// First pc where it is dead.
    public var endPC: Int
    public init(name: String, startPC: Int, endPC: Int) {
        self.name = name; self.startPC = startPC; self.endPC = endPC
    }
}

public final class FunctionPrototype: @unchecked Sendable {
    /// The chunk name as lua shows it: "@file.lua", "=stdin", or the source string itself.
    public var source: String
    public var lineDefined: Int
    public var lastLineDefined: Int
    public var numParams: Int
    public var isVararg: Bool
    public var maxStackSize: Int
    public var code: [Instruction]
    /// The source line of each instruction (same count as `code`).
    public var lineInfo: [Int32]
    public var constants: [Constant]
    public var upvalues: [UpvalueDescriptor]
    public var children: [FunctionPrototype]
    public var localVariables: [LocalVariableInfo]

    public init(source: String, lineDefined: Int = 0, lastLineDefined: Int = 0, numParams: Int = 0,
                isVararg: Bool = false, maxStackSize: Int = 2, code: [Instruction] = [],
                lineInfo: [Int32] = [], constants: [Constant] = [],
                upvalues: [UpvalueDescriptor] = [], children: [FunctionPrototype] = [],
                localVariables: [LocalVariableInfo] = []) {
        self.source = source; self.lineDefined = lineDefined; self.lastLineDefined = lastLineDefined
        self.numParams = numParams; self.isVararg = isVararg; self.maxStackSize = maxStackSize
        self.code = code; self.lineInfo = lineInfo; self.constants = constants
        self.upvalues = upvalues; self.children = children; self.localVariables = localVariables
    }
}
