// Calls the builder takes in: a CALL whose profile names its callee (the interpreter stores the
// callee it saw last, Objects.swift `CallProfile`; the engine resolves it, JITEngine+Profile)
// becomes the callee's own work behind one guard of the callee's identity, with no call at all:
// an intrinsic (math.sqrt: one sqrtsd), or the body of a small Lua function.
//
// Invariants: nothing is emitted unless the whole call is taken in (the builder's state is put
// back otherwise, and the CALL is compiled as before). The guards of a taken call all exit to the
// CALL itself, with the caller's frame state, so a failure makes the call in the interpreter as if
// nothing had run. An inlined body needs no frame of its own: it is straight-line arithmetic with
// no effect and no runtime call (operand types known, or guarded on the callee's own feedback with
// an exit to the CALL: nothing has happened yet that the interpreter would not redo); nothing in
// it can raise, yield, call a hook or be seen by the debug library. Its call site keeps the limit
// check a function entry makes (the interrupt protocol: a pending request or hook stops before the
// call),
// and the callee's closure is not read (its body reads no upvalue), so any closure of the proto
// passes the guard. The engine keeps an inlined proto alive while code that guards on its address
// exists (a new proto at the same address would pass the guard).
import LuaBytecode
import LuaRuntime

/// Library functions compiled code computes itself: at a CALL, by the natives' qualified names;
/// at a generic for's TFORCALL, the iterators the base library registered (VM.nextIndex,
/// VM.ipairsIteratorIndex: Build/IRBuilder+Iterators.swift).
public enum Intrinsic: String, Sendable, CaseIterable {
    case sqrt = "math.sqrt"
    /// table.insert(t, v), two arguments, no result used: t[#t + 1] = v (tableAppend).
    case tableInsert = "table.insert"
    /// table.remove(t), one argument, at most one result used: t[#t], removed (tableRemoveLast).
    case tableRemove = "table.remove"
    /// string.byte(s [, i]), one result used: the byte at i (stringByte).
    case stringByte = "string.byte"
    case next = "next"
    case ipairsIterator = "ipairs iterator"

    /// Taken in at a CALL (the others at a TFORCALL).
    public var isCall: Bool {
        switch self {
        case .sqrt, .tableInsert, .tableRemove, .stringByte: return true
        case .next, .ipairsIterator: return false
        }
    }
}

/// A small Lua function a call site may take in.
public struct InlineCandidate: Sendable {
    public var name: String
    /// Its proto's address, for the identity guard.
    public var proto: UInt
    public var code: [Instruction]
    public var constants: [Constant]
    public var numParams: Int
    public var maxStackSize: Int
    /// The callee's own type feedback per pc: operands of unknown type are guarded on it.
    public var feedback: [UInt16]

    public init(name: String, proto: UInt, code: [Instruction], constants: [Constant],
                numParams: Int, maxStackSize: Int, feedback: [UInt16]) {
        self.name = name; self.proto = proto; self.code = code; self.constants = constants
        self.numParams = numParams; self.maxStackSize = maxStackSize; self.feedback = feedback
    }

    /// Whether a function of this size and kind may be taken in (the builder then decides on
    /// its instructions and its argument types: `inlinedBody`).
    public static func fits(_ code: [Instruction], isVararg: Bool) -> Bool {
        !isVararg && code.count <= JITLimits.maxInlinedBytecodes
    }
}

/// What a CALL's profile says it calls.
public enum CallTarget: Sendable {
    case intrinsic(Intrinsic, nativeIndex: Int)
    case lua(InlineCandidate)
}

extension FunctionBuilder {
    /// Take in the CALL at pc (its callee, arguments and results in registers): true when done.
    mutating func takeInCall(_ pc: Int, _ i: Instruction, _ target: CallTarget) -> Bool {
        // A fixed argument count, and a fixed result count (not the open results of `f(g(x))`).
        guard i.b != 0, i.c != 0 else { return false }
        let a = i.a, args = i.b - 1, wanted = i.c - 1
        let saved = self
        let callee = boxed(get(a))
        var results: [ValueID]
        switch target {
        case .intrinsic(let what, let index):
            emit(.guardFunction(.native(index: index, name: what.rawValue)), [callee], pc: pc)
            switch what {
            case .sqrt:
                // math.sqrt takes a number (an integer converts; a string would be coerced: the
                // guard sends that to the call).
                guard args >= 1 else { self = saved; return false }
                let x = get(a + 1)
                let xf: ValueID
                switch f.type(of: x) {
                case .float: xf = x
                case .int: xf = append(.intToFloat, [x])!
                case .value: xf = emit(.guardNumber, [x], pc: pc)!
                case .bool, .table, .string, .void: self = saved; return false
                }
                results = [append(.fsqrt, [xf])!]
            case .tableInsert:
                // The raw append of a table without a metatable; anything else (a metatable's
                // __len or __newindex, not a table, another argument count) is the call's.
                guard args == 2, wanted == 0 else { self = saved; return false }
                let t = table(a + 1, pc)
                emit(.tableAppend, [t, boxed(get(a + 2))], pc: pc)
                results = []
            case .tableRemove:
                // The last element's removal from a table without a metatable; a position
                // argument, a metatable or a non-table is the call's.
                guard args == 1, wanted <= 1 else { self = saved; return false }
                results = [emit(.tableRemoveLast, [table(a + 1, pc)], pc: pc)!]
            case .stringByte:
                // A string and an integer position (a number the library would coerce, a
                // float position, more positions: the call's).
                guard args == 1 || args == 2, wanted == 1 else { self = saved; return false }
                let s = string(a + 1, pc)
                let position = args == 2 ? int(a + 2, pc) : append(.constInt(1))!
                results = [append(.stringByte, [s, position])!]
            case .next, .ipairsIterator:
                self = saved  // iterators are taken in at a TFORCALL, not called
                return false
            }
        case .lua(let c):
            emit(.guardFunction(.lua(proto: c.proto, name: c.name)), [callee], pc: pc)
            emit(.checkLimit, [], pc: pc)
            let argValues = (0..<args).map { get(a + 1 + $0) }
            guard let r = inlinedBody(c, argValues, callPC: pc) else { self = saved; return false }
            results = r
        }
        if wanted > 0 {
            let nilValue = results.count < wanted ? append(.constNil) : nil
            for k in 0..<wanted { env[a + k] = k < results.count ? results[k] : nilValue }
        }
        return true
    }

    /// The values c returns for these arguments, computed in line; nil when its body needs
    /// anything but arithmetic on numbers. Guards exit to the CALL at callPC.
    mutating func inlinedBody(_ c: InlineCandidate, _ args: [ValueID], callPC: Int) -> [ValueID]? {
        var regs = [ValueID?](repeating: nil, count: max(c.maxStackSize, c.numParams))
        let missing = args.count < c.numParams ? append(.constNil) : nil
        for p in 0..<c.numParams { regs[p] = p < args.count ? args[p] : missing }
        func constant(_ k: Int) -> ValueID? {
            switch c.constants[k] {
            case .integer(let n): return append(.constInt(n))
            case .float(let bits): return append(.constFloat(Double(bitPattern: bits)))
            case .nil, .boolean, .string: return nil
            }
        }
        for (cpc, ins) in c.code.enumerated() {
            let a = ins.a
            func numeric(_ op: ArithOp, _ x: ValueID, _ y: ValueID?) -> ValueID? {
                var refined: [ValueID: ValueID] = [:]
                let r = self.numeric(op, x, y, feedback: c.feedback[cpc], exitPC: callPC, refined: &refined)
                // A guarded operand is that type in every register holding it from now on.
                for (n, v) in regs.enumerated() { if let v, let u = refined[v] { regs[n] = u } }
                return r
            }
            func reg(_ r: Int) -> ValueID? { r < regs.count ? regs[r] : nil }
            var result: ValueID?
            switch ins.opcode {
            case .move: result = reg(ins.b)
            case .loadI: result = append(.constInt(Int64(ins.sBx)))
            case .loadF: result = append(.constFloat(Double(ins.sBx)))
            case .loadK: result = constant(ins.bx)
            case .loadFalse: result = append(.constBool(false))
            case .loadTrue: result = append(.constBool(true))
            case .loadNil:
                let n = append(.constNil)!
                for r in a...(a + ins.b) where r < regs.count { regs[r] = n }
                continue
            case .addI: result = reg(ins.b).flatMap { numeric(.add, $0, append(.constInt(Int64(ins.sC)))!) }
            case .shrI: result = reg(ins.b).flatMap { numeric(.shr, $0, append(.constInt(Int64(ins.sC)))!) }
            case .shlI: result = reg(ins.b).flatMap { numeric(.shl, append(.constInt(Int64(ins.sC)))!, $0) }
            case .addK, .subK, .mulK, .divK, .powK, .bandK, .borK, .bxorK:
                if let x = reg(ins.b), let k = constant(ins.c) { result = numeric(Self.arithOp(ins.opcode)!, x, k) }
            case .add, .sub, .mul, .div, .pow, .band, .bor, .bxor, .shl, .shr:
                if let x = reg(ins.b), let y = reg(ins.c) { result = numeric(Self.arithOp(ins.opcode)!, x, y) }
            case .unm: result = reg(ins.b).flatMap { numeric(.unm, $0, nil) }
            case .bnot: result = reg(ins.b).flatMap { numeric(.bnot, $0, nil) }
            case .return0: return []
            case .return1: return reg(a).map { [$0] }
            case .return:
                guard ins.b >= 1, !ins.k else { return nil }
                var out: [ValueID] = []
                for r in a..<(a + ins.b - 1) {
                    guard let v = reg(r) else { return nil }
                    out.append(v)
                }
                return out
            case .loadKX, .lFalseSkip, .getUpval, .setUpval, .getTabUp, .getTable, .getI, .getField,
                 .setTabUp, .setTable, .setI, .setField, .newTable, .self, .modK, .idivK, .mod, .idiv,
                 .not, .len, .concat, .close, .tbc, .jmp, .eq, .lt, .le, .eqK, .eqI, .ltI, .leI, .gtI,
                 .geI, .test, .testSet, .call, .tailCall, .forLoop, .forPrep, .tForPrep, .tForCall,
                 .tForLoop, .setList, .closure, .varArg, .varArgPrep, .extraArg:
                return nil
            }
            guard let result, a < regs.count else { return nil }
            regs[a] = result
        }
        return nil  // no return reached
    }

    /// x op y on numbers, as Lua computes it (integers wrap; `/` and `^` and any float operand give
    /// a float). An operand of unknown type is guarded on the instruction's feedback (integers
    /// only, floats only, or both where the result is a float either way), with an exit to the
    /// instruction at exitPC; nil when that cannot be done.
    mutating func numeric(_ op: ArithOp, _ x: ValueID, _ y: ValueID?, feedback fb: UInt16, exitPC: Int,
                          refined: inout [ValueID: ValueID]) -> ValueID? {
        var operands = [x] + (y.map { [$0] } ?? [])
        let floatResult = op == .div || op == .pow || operands.contains { f.type(of: $0) == .float }
        for (n, v) in operands.enumerated() where f.type(of: v) == .value {
            switch fb {
            case Feedback.intBit: operands[n] = emit(.guardInt, [v], pc: exitPC)!; refined[v] = operands[n]
            case Feedback.floatBit: operands[n] = emit(.guardFloat, [v], pc: exitPC)!; refined[v] = operands[n]
            case Feedback.intBit | Feedback.floatBit where floatResult:
                operands[n] = emit(.guardNumber, [v], pc: exitPC)!  // converted: not the value itself
            default: return nil
            }
        }
        let types = operands.map { f.type(of: $0) }
        guard types.allSatisfy({ $0 == .int || $0 == .float }) else { return nil }
        switch op {
        case .band, .bor, .bxor, .shl, .shr, .bnot:
            // Floats with an integral value convert (a guard's work): integers only.
            guard types.allSatisfy({ $0 == .int }) else { return nil }
            return intOp(op, operands, -1)
        case .add, .sub, .mul, .unm:
            if types.allSatisfy({ $0 == .int }) { return intOp(op, operands, -1) }
            return floatOp(op, operands.map { f.type(of: $0) == .int ? append(.intToFloat, [$0])! : $0 })
        case .div, .pow:
            return floatOp(op, operands.map { f.type(of: $0) == .int ? append(.intToFloat, [$0])! : $0 })
        case .mod, .idiv, .len:
            return nil  // an integer divisor must be checked against zero; a float `//` needs SSE4.1
        }
    }

    static func arithOp(_ op: Opcode) -> ArithOp? {
        switch op {
        case .addK, .add: return .add
        case .subK, .sub: return .sub
        case .mulK, .mul: return .mul
        case .divK, .div: return .div
        case .powK, .pow: return .pow
        case .bandK, .band: return .band
        case .borK, .bor: return .bor
        case .bxorK, .bxor: return .bxor
        case .shl: return .shl
        case .shr: return .shr
        default: return nil
        }
    }
}
