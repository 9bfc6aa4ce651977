// The IR's operations: one exhaustive enum, and one table (`info`) giving each op's operand types,
// result type, effect and whether it is a guard. Passes consult the table; no switch over ops has
// a `default:`, so a new op breaks the build wherever it needs a decision.
//
// Invariants: an op's immediates live in its case; its SSA operands live in `Instr.operands`, in
// the order and with the types `info.operands` lists (nil there: any non-void type). Every guard
// and every `.mayCallOut` op carries an exit (reason + frame state); no other op does.
import LuaBytecode

/// What executing an op may do besides producing its result. Ordered: each includes the ones before.
public enum Effect: UInt8, Comparable, Sendable {
    /// Depends on its operands only: may be folded, deduplicated, moved or removed when unused.
    case pure
    /// Reads memory that writes and calls can change (table parts, upvalues, frame slots).
    case readsHeap
    /// Writes memory the rest of the function can see.
    case writesHeap
    /// Calls into the runtime: may allocate (GC), raise, call Lua or yield. The frame state's
    /// values are written to their slots first.
    case mayCallOut
    public static func < (a: Effect, b: Effect) -> Bool { a.rawValue < b.rawValue }
}

/// Comparison conditions for icmp / fcmp / generic compares.
public enum Cond: UInt8, Hashable, Sendable {
    case eq, ne, lt, le, gt, ge
    public var name: String {
        switch self {
        case .eq: return "eq"
        case .ne: return "ne"
        case .lt: return "lt"
        case .le: return "le"
        case .gt: return "gt"
        case .ge: return "ge"
        }
    }
}

/// Lua arithmetic and bitwise operators, for the generic (runtime helper) arithmetic op.
public enum ArithOp: UInt8, Hashable, Sendable {
    case add, sub, mul, mod, pow, div, idiv, band, bor, bxor, shl, shr, unm, bnot, len
    public var name: String {
        switch self {
        case .add: return "add"
        case .sub: return "sub"
        case .mul: return "mul"
        case .mod: return "mod"
        case .pow: return "pow"
        case .div: return "div"
        case .idiv: return "idiv"
        case .band: return "band"
        case .bor: return "bor"
        case .bxor: return "bxor"
        case .shl: return "shl"
        case .shr: return "shr"
        case .unm: return "unm"
        case .bnot: return "bnot"
        case .len: return "len"
        }
    }
    public var isUnary: Bool {
        switch self {
        case .unm, .bnot, .len: return true
        case .add, .sub, .mul, .mod, .pow, .div, .idiv, .band, .bor, .bxor, .shl, .shr: return false
        }
    }
}

/// A function compiled code guards on at a call site it took in (Build/IRBuilder+Inline.swift).
public enum CalleeRef: Hashable, Sendable {
    /// A native: its index in the VM's table of natives, and its name for listings.
    case native(index: Int, name: String)
    /// A Lua function: its proto's address (kept alive by the code: JITEngine), and its name.
    case lua(proto: UInt, name: String)
    public var name: String {
        switch self {
        case .native(_, let n), .lua(_, let n): return n
        }
    }
}

public enum IROp: Hashable, Sendable {
    // Constants.
    case constInt(Int64)
    case constFloat(Double)
    case constBool(Bool)
    case constNil
    /// K[index] of the prototype as a boxed value (strings: the interned string).
    case constK(Int)

    // Frame slots and boxing (a value's home is its Lua slot).
    /// The boxed value in Lua register r.
    case loadReg(Int)
    /// Box the operand by its type and write it into register r.
    case storeReg(Int)
    /// Box an unboxed operand into a Lua value (tag + payload).
    case box(BoxKind)

    // Type guards: check a boxed value's tag and yield its payload, unboxed.
    case guardInt
    case guardFloat
    /// An integer or a float, as a float (mixed arithmetic feedback).
    case guardNumber
    /// Two numbers (boxed) of which at least one is a float, else exit: mixed int/float
    /// arithmetic then converts both and gives a float, as Lua does (two integers would give an
    /// integer).
    case guardMixed
    case guardTable
    case guardString
    /// Integer divisor of `//` or `%` is not zero; yields it.
    case guardNonZero
    /// The condition holds, else exit with the given reason.
    case guardTrue(DeoptReason)
    /// 1 <= key <= arraySize of the table; yields the zero-based index.
    case guardArrayBounds
    /// The stack top is below VMState's effective limit (the interrupt protocol's one compare).
    case checkLimit
    /// The boxed operand is the function the code took in at a call (an intrinsic's native, an
    /// inlined Lua function's proto), else exit (callTarget) before the call.
    case guardFunction(CalleeRef)

    // Guard coalescing (GuardCoalescing): a block's guards of one kind checked at once, by a
    // branch that never exits, and the unchecked forms of the guards it proved.
    /// Whether each operand's tag is its kind's (int, float, table or string; one kind per
    /// operand): the condition of its block's branch, to the copy without the type guards.
    case checkTags([BoxKind])
    /// Whether base + c lies in 1...arraySize of the table for every c in min...max, computed
    /// without wrapping (a sum that would wrap answers false): operands (table, base).
    case checkBounds(min: Int64, max: Int64)
    /// The payload of a boxed value whose tag a checkTags on the path to it proved (int, float,
    /// table or string): guardInt, guardFloat, guardTable, guardString with nothing to test.
    case unbox(BoxKind)
    /// key - 1 for a key that a checkBounds of the table on the path to it proved in bounds, with
    /// no runtime call in between (the array part cannot have shrunk): guardArrayBounds, unchecked.
    case arrayIndex

    // Integer arithmetic (wrapping, Lua 5.4 semantics).
    case iadd, isub, imul, ineg
    /// Floor division; the divisor is known nonzero (guardNonZero or a constant).
    case ifloordiv
    /// Floor modulo; the divisor is known nonzero.
    case imod
    /// Unsigned division (for-loop iteration counts); the divisor is known positive.
    case iudiv
    case band, bor, bxor, bnot
    /// Lua shifts: a count >= 64 either way gives 0, a negative count shifts the other way.
    case shl, shr

    // Float arithmetic.
    case fadd, fsub, fmul, fdiv, fmod, ffloordiv, fpow, fneg
    /// Square root (math.sqrt as an intrinsic).
    case fsqrt
    case intToFloat

    // Conditions.
    case icmp(Cond)
    /// Whether operand & mask is not zero (one `test` with an immediate): the back-edge of a
    /// strip-mined for loop (IRBuilder+Numeric.swift) asks it of the iteration count.
    case testBits(Int64)
    case fcmp(Cond)
    /// Lua truthiness of a boxed value (not nil and not false).
    case truthy
    case isNil
    case not

    // Tables, upvalues.
    /// Array part load at a zero-based index; exits when the slot is nil and the table has a
    /// metatable (__index could answer).
    case arrayLoad
    /// Array part store at a zero-based index; exits when the slot is nil and the table has a
    /// metatable (__newindex could answer).
    case arrayStore
    /// t[key] for an integer key in either part (a helper's lookup, for keys the array part does not
    /// hold: 0-based arrays, sparse tables); exits when the value is nil and the table has a metatable.
    case tableGetInt
    /// t[key] = v for an integer key (a helper, for keys the array part does not hold): an array
    /// slot (nil only without a metatable) or an existing non-nil hash entry is overwritten; a new
    /// key in a table without a metatable is added (the raw set, which may grow the table: an
    /// allocation, never a collection); anything else (__newindex could answer) exits.
    case tableSetInt
    /// t[s] for a string key in a register (GETTABLE), LTable.getStr; exits when the value is nil
    /// and the table has a metatable.
    case tableGetStr
    /// t[s] = v for a string key in a register (SETTABLE): an existing non-nil entry is
    /// overwritten whatever the metatable, a nil one when __newindex is known absent, and a new key
    /// added when the table has no metatable (the raw set: may grow the table); else exits.
    case tableSetStr
    /// table.remove(t) taken in, for a table without a metatable: the value at #t, which is then
    /// set to nil (t[0] when #t is 0, as the library does); exits when t has a metatable.
    case tableRemoveLast
    /// Hash-part lookup of the short string K[index]; exits when absent and the table has a metatable.
    case fieldLoad(Int)
    /// Overwrite the existing, non-nil field K[index]; exits when the key is absent or nil.
    case fieldStore(Int)
    /// The generic for over `next` (IRBuilder+Iterators.swift): the traversal position of the
    /// table's first entry after the key (LTable.nextPosition), -1 when none is left; exits when
    /// the key is not in the table (the interpreter's `next` raises the error).
    case tableNext
    /// The key, and the value, at a position tableNext answered (nil at -1): loads, no call.
    case entryKey, entryValue
    /// table.insert(t, v) taken in: t[#t + 1] = v for a table without a metatable (the library's
    /// raw path, which may grow the table but runs no collection); exits when t has a metatable.
    case tableAppend
    /// The value is the short string K[index] (interned: the same object), as EQK compares it;
    /// no metamethod answers an equality with a string.
    case eqShortString(Int)
    /// No open upvalue and no to-be-closed variable at or above register `level` of this frame:
    /// a RETURN that closes (k set; level 0) has nothing to do beyond a plain return, a CLOSE
    /// nothing at all.
    case noneToClose(Int)
    /// string.byte(s, i) taken in: the byte at lua's relative position i as an integer, nil when
    /// i is outside the string (a helper; strings never change, so it is pure).
    case stringByte
    /// The method K[index] of strings (`s:name(...)`'s SELF): the string metatable's `__index`
    /// table's field; when that is not a plain table holding a non-nil value, the interpreter's
    /// SELF answers (a `helperStatus` exit, planned: no speculation failed).
    case stringMethod(Int)
    case getUpval(Int)
    case setUpval(Int)

    // Generic operations: runtime helpers with Lua's full semantics (metamethods, errors).
    case arith(ArithOp)
    case compare(Cond)
    /// t[k] with __index.
    case getTable
    /// t[k] = v with __newindex.
    case setTable
    /// The call instruction at the frame state's pc, run by the runtime; results land in slots.
    case call
    /// Any instruction not compiled yet: the interpreter's semantics for the instruction at the
    /// frame state's pc, on the frame's slots.
    case interp(Opcode)
}

/// One row of the op table.
public struct OpInfo: Sendable {
    /// Operand types; nil accepts any non-void type.
    public var operands: [IRType?]
    public var result: IRType
    public var effect: Effect
    public var isGuard: Bool
    /// Guards and calls into the runtime need an exit (reason + frame state).
    public var needsExit: Bool { isGuard || effect == .mayCallOut }
    init(_ operands: [IRType?], _ result: IRType, _ effect: Effect = .pure, guard: Bool = false) {
        self.operands = operands; self.result = result; self.effect = effect; self.isGuard = `guard`
    }
}
