// Code for unary and binary operators, with constant folding.
//
// Invariants: folding happens only when the result is what the operation would give at run
// time and cannot raise an error (no integer division by zero, no bitwise op on a non-integral
// float) and is not a float zero or NaN (whose sign/identity a constant could get wrong).
// Operands are never swapped: the interpreter derives the metamethod from the opcode, so the
// operand order must be the source order (except comparisons, which lua itself rewrites).
import LuaBytecode

enum BinOpr: Int {
    // add...shr in the order of the opcodes add...shr (see arithOpcode).
    case add, sub, mul, mod, pow, div, idiv
    case band, bor, bxor, shl, shr
    case concat
    case eq, lt, le, ne, gt, ge
    case and, or
}

enum UnOpr { case minus, bnot, not, len }

extension BinOpr {
    /// Left and right priorities (the manual's precedence; '..' and '^' are right associative).
    var priority: (left: Int, right: Int) {
        switch self {
        case .add, .sub: return (10, 10)
        case .mul, .mod: return (11, 11)
        case .pow: return (14, 13)
        case .div, .idiv: return (11, 11)
        case .band: return (6, 6)
        case .bor: return (4, 4)
        case .bxor: return (5, 5)
        case .shl, .shr: return (7, 7)
        case .concat: return (9, 8)
        case .eq, .lt, .le, .ne, .gt, .ge: return (3, 3)
        case .and: return (2, 2)
        case .or: return (1, 1)
        }
    }
    static let unaryPriority = 12

    // The arithmetic operators add...shr are listed in the order of the opcodes add...shr and
    // addK...bxorK (Opcode.swift), so an operator's opcode is the family's first plus its offset.
    var arithOpcode: Opcode {
        precondition(rawValue <= BinOpr.shr.rawValue, "not an arithmetic operator")
        assert(Opcode.shr.rawValue - Opcode.add.rawValue == UInt8(BinOpr.shr.rawValue), "Opcode order changed")
        return Opcode(rawValue: Opcode.add.rawValue + UInt8(rawValue))!
    }
    /// The register-constant form (addK...bxorK); shifts have none.
    var constantOpcode: Opcode? {
        assert(Opcode.bxorK.rawValue - Opcode.addK.rawValue == UInt8(BinOpr.bxor.rawValue), "Opcode order changed")
        guard rawValue <= BinOpr.bxor.rawValue else { return nil }
        return Opcode(rawValue: Opcode.addK.rawValue + UInt8(rawValue))!
    }
}

// MARK: constant folding (lua's arithmetic, on compile-time numbers: LuaArithmetic, as at run time)

enum Fold {
    static func toInteger(_ c: Constant) -> Int64? {
        switch c {
        case .integer(let i): return i
        case .float: return LuaArithmetic.exactInteger(c.floatValue!)
        default: return nil
        }
    }
    static func toDouble(_ c: Constant) -> Double {
        switch c {
        case .integer(let i): return Double(i)
        default: return c.floatValue!
        }
    }

    /// The value of `a op b`, or nil when folding is not allowed.
    static func binary(_ op: BinOpr, _ a: Constant, _ b: Constant) -> Constant? {
        switch op {
        case .band, .bor, .bxor, .shl, .shr:
            guard let x = toInteger(a), let y = toInteger(b) else { return nil }
            switch op {
            case .band: return .integer(x & y)
            case .bor: return .integer(x | y)
            case .bxor: return .integer(x ^ y)
            case .shl: return .integer(LuaArithmetic.shiftLeft(x, y))
            default: return .integer(LuaArithmetic.shiftRight(x, y))
            }
        case .div, .idiv, .mod:
            if toDouble(b) == 0 { return nil }
        default:
            break
        }
        if case .integer(let x) = a, case .integer(let y) = b {
            switch op {
            case .add: return .integer(x &+ y)
            case .sub: return .integer(x &- y)
            case .mul: return .integer(x &* y)
            case .idiv: return .integer(LuaArithmetic.floorDiv(x, y))
            case .mod: return .integer(LuaArithmetic.mod(x, y))
            default: break
            }
        }
        let x = toDouble(a), y = toDouble(b)
        let r: Double
        switch op {
        case .add: r = x + y
        case .sub: r = x - y
        case .mul: r = x * y
        case .div: r = x / y
        case .pow: r = LuaArithmetic.pow(x, y)
        case .idiv: r = LuaArithmetic.floatFloorDiv(x, y)
        case .mod: r = LuaArithmetic.fmod(x, y)
        default: return nil
        }
        if r.isNaN || r == 0 { return nil }
        return .number(r)
    }

    static func unary(_ op: UnOpr, _ a: Constant) -> Constant? {
        switch op {
        case .minus:
            if case .integer(let i) = a { return .integer(0 &- i) }
            let r = -toDouble(a)
            if r.isNaN || r == 0 { return nil }
            return .number(r)
        case .bnot:
            guard let i = toInteger(a) else { return nil }
            return .integer(~i)
        case .not, .len:
            return nil
        }
    }
}

extension ExpDesc {
    mutating func setNumeral(_ c: Constant) {
        switch c {
        case .integer(let i): kind = .kint(i)
        default: kind = .kflt(c.floatValue!)
        }
    }
    /// An integer constant that fits a signed 8-bit operand.
    var smallInt: Int? {
        guard !hasJumps, case .kint(let i) = kind, Instruction.fitsSC(Int(truncatingIfNeeded: i)),
              i >= -127, i <= 128 else { return nil }
        return Int(i)
    }
    /// A number that fits a signed 8-bit operand (floats with integral values too) and whether it is a float.
    var smallNumber: (Int, Bool)? {
        if hasJumps { return nil }
        switch kind {
        case .kint(let i) where i >= -127 && i <= 128: return (Int(i), false)
        case .kflt(let d):
            if let i = Int64(exactly: d), i >= -127, i <= 128 { return (Int(i), true) }
            return nil
        default: return nil
        }
    }
}

extension FuncState {
    func prefix(_ op: UnOpr, _ e: inout ExpDesc, line: Int) throws {
        dischargeVars(&e)
        switch op {
        case .minus, .bnot:
            if let n = e.numeral, let r = Fold.unary(op, n) {
                e.setNumeral(r)
                return
            }
            try codeUnary(op == .minus ? .unm : .bnot, &e, line: line)
        case .len:
            try codeUnary(.len, &e, line: line)
        case .not:
            try codeNot(&e)
        }
    }

    private func codeUnary(_ op: Opcode, _ e: inout ExpDesc, line: Int) throws {
        let r = try exp2anyreg(&e)
        freeExp(e)
        e.kind = .reloc(emitABC(op, 0, r, 0))
        fixLine(line)
    }

    private func codeNot(_ e: inout ExpDesc) throws {
        switch e.kind {
        case .nil, .false:
            e.kind = .true
        case .k, .kflt, .kint, .kstr, .true:
            e.kind = .false
        case .jmp(let pc):
            negateCondition(pc)
        case .reloc, .nonReloc:
            try discharge2anyreg(&e)
            freeExp(e)
            e.kind = .reloc(emitABC(.not, 0, regOf(e), 0))
        default:
            fatalError("codeNot: undischarged expression")
        }
        swap(&e.f, &e.t)
        removeValues(e.f)
        removeValues(e.t)
    }

    /// Prepares the first operand before the second is parsed.
    func infix(_ op: BinOpr, _ v: inout ExpDesc) throws {
        dischargeVars(&v)
        switch op {
        case .and: try goIfTrue(&v)
        case .or: try goIfFalse(&v)
        case .concat: try exp2nextreg(&v)
        case .add, .sub, .mul, .div, .idiv, .mod, .pow, .band, .bor, .bxor, .shl, .shr:
            if v.numeral == nil { try exp2anyreg(&v) }
        case .eq, .ne:
            if v.numeral == nil { _ = try exp2RK(&v) }
        case .lt, .le, .gt, .ge:
            if v.numeral == nil { try exp2anyreg(&v) }
        }
    }

    /// Combines the two operands; the result is left in e1.
    func posfix(_ op: BinOpr, _ e1: inout ExpDesc, _ e2: inout ExpDesc, line: Int) throws {
        dischargeVars(&e2)
        if let a = e1.numeral, let b = e2.numeral, let r = Fold.binary(op, a, b) {
            e1.setNumeral(r)
            return
        }
        switch op {
        case .and:
            assert(e1.t == noJump)
            try concatJumps(&e2.f, e1.f)
            e1 = e2
        case .or:
            assert(e1.f == noJump)
            try concatJumps(&e2.t, e1.t)
            e1 = e2
        case .concat:
            try exp2nextreg(&e2)
            try codeConcat(&e1, &e2, line: line)
        case .add:
            if let imm = e2.smallInt {
                try codeImmediate(.addI, &e1, imm, line: line)
            } else {
                try codeArith(op, &e1, &e2, line: line)
            }
        case .sub, .mul, .div, .idiv, .mod, .pow:
            try codeArith(op, &e1, &e2, line: line)
        case .band, .bor, .bxor:
            if case .kint = e2.kind, !e2.hasJumps {
                try codeArith(op, &e1, &e2, line: line)
            } else {
                try codeBinaryRegs(op.arithOpcode, &e1, &e2, line: line)
            }
        case .shr:
            if let imm = e2.smallInt {
                try codeImmediate(.shrI, &e1, imm, line: line)
            } else {
                try codeBinaryRegs(.shr, &e1, &e2, line: line)
            }
        case .shl:
            if let imm = e1.smallInt {
                // imm << x: shlI keeps the immediate on the left.
                try codeImmediate(.shlI, &e2, imm, line: line)
                e1 = e2
            } else {
                try codeBinaryRegs(.shl, &e1, &e2, line: line)
            }
        case .eq, .ne:
            try codeEq(op == .eq, &e1, &e2)
        case .gt, .ge:
            // a > b is b < a; a >= b is b <= a (both operands are already evaluated)
            swap(&e1, &e2)
            try codeOrder(op == .gt ? .lt : .le, &e1, &e2)
        case .lt, .le:
            try codeOrder(op, &e1, &e2)
        }
    }

    private func codeImmediate(_ op: Opcode, _ e1: inout ExpDesc, _ imm: Int, line: Int) throws {
        let r = try exp2anyreg(&e1)
        freeExp(e1)
        e1.kind = .reloc(emitABC(op, 0, r, imm + Instruction.offsetSC))
        fixLine(line)
    }

    private func codeArith(_ op: BinOpr, _ e1: inout ExpDesc, _ e2: inout ExpDesc, line: Int) throws {
        if e2.numeral != nil, let kop = op.constantOpcode, exp2K(&e2) {
            let r1 = try exp2anyreg(&e1)
            freeExp(e1)
            e1.kind = .reloc(emitABC(kop, 0, r1, regOf(e2)))
            fixLine(line)
            return
        }
        try codeBinaryRegs(op.arithOpcode, &e1, &e2, line: line)
    }

    private func codeBinaryRegs(_ op: Opcode, _ e1: inout ExpDesc, _ e2: inout ExpDesc, line: Int) throws {
        let r2 = try exp2anyreg(&e2)
        let r1 = try exp2anyreg(&e1)
        freeExps(e1, e2)
        e1.kind = .reloc(emitABC(op, 0, r1, r2))
        fixLine(line)
    }

    private func codeConcat(_ e1: inout ExpDesc, _ e2: inout ExpDesc, line: Int) throws {
        let r1 = regOf(e1)
        if pc > lastTarget, let prev = code.last, prev.opcode == .concat, prev.a == r1 + 1 {
            freeExp(e2)
            code[pc - 1] = .abc(.concat, r1, prev.b + 1, 0)
        } else {
            emitABC(.concat, r1, 2, 0)
            freeExp(e2)
            fixLine(line)
        }
    }

    private func codeOrder(_ op: BinOpr, _ e1: inout ExpDesc, _ e2: inout ExpDesc) throws {
        let r1: Int, r2: Int, c: Int
        var opc: Opcode
        if let (im, isf) = e2.smallNumber {
            r1 = try exp2anyreg(&e1); r2 = im + Instruction.offsetSC; c = isf ? 1 : 0
            opc = op == .lt ? .ltI : .leI
        } else if let (im, isf) = e1.smallNumber {
            r1 = try exp2anyreg(&e2); r2 = im + Instruction.offsetSC; c = isf ? 1 : 0
            opc = op == .lt ? .gtI : .geI
        } else {
            r1 = try exp2anyreg(&e1); r2 = try exp2anyreg(&e2); c = 0
            opc = op == .lt ? .lt : .le
        }
        freeExps(e1, e2)
        e1.kind = .jmp(condJump(opc, r1, r2, c, true))
        e1.t = noJump; e1.f = noJump
    }

    private func codeEq(_ isEq: Bool, _ e1: inout ExpDesc, _ e2: inout ExpDesc) throws {
        if case .nonReloc = e1.kind {} else {
            // e1 is a constant or numeral: put the other operand first
            swap(&e1, &e2)
        }
        let r1 = try exp2anyreg(&e1)
        let r2: Int, c: Int
        let opc: Opcode
        if let (im, isf) = e2.smallNumber {
            opc = .eqI; r2 = im + Instruction.offsetSC; c = isf ? 1 : 0
        } else if try exp2RK(&e2) {
            opc = .eqK; r2 = regOf(e2); c = 0
        } else {
            opc = .eq; r2 = regOf(e2); c = 0
        }
        freeExps(e1, e2)
        e1.kind = .jmp(condJump(opc, r1, r2, c, isEq))
        e1.t = noJump; e1.f = noJump
    }
}
