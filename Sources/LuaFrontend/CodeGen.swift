// Expression descriptors and the code generator's core: putting expression values where they
// are needed (a register, a constant operand, a jump), stores, and conditional jumps.
//
// Invariants: an ExpDesc in a temporary register owns that register until freeExp; registers
// are freed in stack order; `t`/`f` are the jump lists taken when the expression is true/false.
import LuaBytecode

enum ExpKind {
    case void                       // no value (an empty expression list)
    case `nil`, `true`, `false`
    case k(Int)                     // constant index
    case kflt(Double)
    case kint(Int64)
    case kstr(StringID)             // a string literal or name (id in the lexer's StringTable)
    case nonReloc(Int)              // value is in this register
    case local(reg: Int, vidx: Int) // a local variable (vidx: index in the function's locals)
    case upval(Int)
    case const(Int)                 // a compile-time constant: index in parser.actVars
    case indexed(t: Int, key: Int)  // R[t][R[key]]
    case indexUp(t: Int, key: Int)  // U[t][K[key]], K[key] a short string
    case indexInt(t: Int, key: Int) // R[t][key], key a small non-negative integer
    case indexStr(t: Int, key: Int) // R[t][K[key]], K[key] a short string
    case jmp(Int)                   // a comparison: the pc of its jump
    case reloc(Int)                 // result of instruction pc, whose A is not yet chosen
    case call(Int)                  // a call instruction at pc
    case vararg(Int)                // a varArg instruction at pc
}

struct ExpDesc {
    var kind: ExpKind
    var t = noJump
    var f = noJump
    init(_ kind: ExpKind) { self.kind = kind }
    var hasJumps: Bool { t != noJump || f != noJump }
    var isMultiResult: Bool {
        switch kind {
        case .call, .vararg: return true
        default: return false
        }
    }
    /// The numeric value of a numeral constant without jumps.
    var numeral: Constant? {
        if hasJumps { return nil }
        switch kind {
        case .kint(let i): return .integer(i)
        case .kflt(let d): return .number(d)
        default: return nil
        }
    }
}

extension FuncState {
    // MARK: registers of expressions

    func freeExp(_ e: ExpDesc) {
        if case .nonReloc(let r) = e.kind { freeRegister(r) }
    }

    func freeExps(_ e1: ExpDesc, _ e2: ExpDesc) {
        var r1 = -1, r2 = -1
        if case .nonReloc(let r) = e1.kind { r1 = r }
        if case .nonReloc(let r) = e2.kind { r2 = r }
        freeRegs(r1, r2)
    }

    func freeRegs(_ r1: Int, _ r2: Int) {
        if r1 > r2 {
            if r1 >= 0 { freeRegister(r1) }
            if r2 >= 0 { freeRegister(r2) }
        } else {
            if r2 >= 0 { freeRegister(r2) }
            if r1 >= 0 { freeRegister(r1) }
        }
    }

    // MARK: multiple results

    func setReturns(_ e: inout ExpDesc, _ nresults: Int) throws {
        switch e.kind {
        case .call(let pc):
            setField(pc, c: nresults + 1)
        case .vararg(let pc):
            setField(pc, a: freeReg, c: nresults + 1)
            try reserveRegs(1)
        default:
            assertionFailure("setReturns on a single-value expression")
        }
    }

    func setMultRet(_ e: inout ExpDesc) throws { try setReturns(&e, -1) }

    func setOneRet(_ e: inout ExpDesc) {
        switch e.kind {
        case .call(let pc):
            e.kind = .nonReloc(code[pc].a)
        case .vararg(let pc):
            setField(pc, c: 2)
            e.kind = .reloc(pc)
        default:
            break
        }
    }

    // MARK: discharging

    func const2exp(_ v: ExpDesc, into e: inout ExpDesc) { e.kind = v.kind }

    func dischargeVars(_ e: inout ExpDesc) {
        switch e.kind {
        case .const(let vidx):
            e.kind = parser.actVars[vidx].constant!.kind
        case .local(let reg, _):
            e.kind = .nonReloc(reg)
        case .upval(let idx):
            e.kind = .reloc(emitABC(.getUpval, 0, idx, 0))
        case .indexUp(let t, let key):
            e.kind = .reloc(emitABC(.getTabUp, 0, t, key))
        case .indexInt(let t, let key):
            freeRegister(t)
            e.kind = .reloc(emitABC(.getI, 0, t, key))
        case .indexStr(let t, let key):
            freeRegister(t)
            e.kind = .reloc(emitABC(.getField, 0, t, key))
        case .indexed(let t, let key):
            freeRegs(t, key)
            e.kind = .reloc(emitABC(.getTable, 0, t, key))
        case .vararg, .call:
            setOneRet(&e)
        default:
            break
        }
    }

    func discharge2reg(_ e: inout ExpDesc, _ reg: Int) {
        dischargeVars(&e)
        switch e.kind {
        case .nil: loadNil(reg, 1)
        case .false: emitABC(.loadFalse, reg, 0, 0)
        case .true: emitABC(.loadTrue, reg, 0, 0)
        case .kstr(let s): loadK(reg, stringK(s))
        case .k(let i): loadK(reg, i)
        case .kflt(let d): loadFloat(reg, d)
        case .kint(let i): loadInt(reg, i)
        case .reloc(let pc): setField(pc, a: reg)
        case .nonReloc(let r):
            if r != reg { emitABC(.move, reg, r, 0) }
        case .jmp:
            return
        default:
            assertionFailure("discharge2reg: unexpected expression kind")
            return
        }
        e.kind = .nonReloc(reg)
    }

    func discharge2anyreg(_ e: inout ExpDesc) throws {
        if case .nonReloc = e.kind { return }
        try reserveRegs(1)
        discharge2reg(&e, freeReg - 1)
    }

    private func codeLoadBool(_ reg: Int, _ op: Opcode) -> Int {
        _ = label()
        return emitABC(op, reg, 0, 0)
    }

    /// Puts the value of `e` (jumps included) into register `reg`.
    func exp2reg(_ e: inout ExpDesc, _ reg: Int) throws {
        discharge2reg(&e, reg)
        if case .jmp(let pc) = e.kind { try concatJumps(&e.t, pc) }
        if e.hasJumps {
            var pf = noJump, pt = noJump
            if needValue(e.t) || needValue(e.f) {
                var fj = noJump
                if case .jmp = e.kind {} else { fj = jump() }
                pf = codeLoadBool(reg, .lFalseSkip)
                pt = codeLoadBool(reg, .loadTrue)
                try patchToHere(fj)
            }
            let final = label()
            try patchListAux(e.f, final, reg, pf)
            try patchListAux(e.t, final, reg, pt)
        }
        e.f = noJump; e.t = noJump
        e.kind = .nonReloc(reg)
    }

    func exp2nextreg(_ e: inout ExpDesc) throws {
        dischargeVars(&e)
        freeExp(e)
        try reserveRegs(1)
        try exp2reg(&e, freeReg - 1)
    }

    @discardableResult
    func exp2anyreg(_ e: inout ExpDesc) throws -> Int {
        dischargeVars(&e)
        if case .nonReloc(let r) = e.kind {
            if !e.hasJumps { return r }
            if r >= registerLevel() {
                try exp2reg(&e, r)
                return r
            }
        }
        try exp2nextreg(&e)
        guard case .nonReloc(let r) = e.kind else { fatalError("unreachable") }
        return r
    }

    func exp2anyregup(_ e: inout ExpDesc) throws {
        if case .upval = e.kind, !e.hasJumps { return }
        try exp2anyreg(&e)
    }

    func exp2val(_ e: inout ExpDesc) throws {
        if e.hasJumps { try exp2anyreg(&e) } else { dischargeVars(&e) }
    }

    /// Turns `e` into a constant operand (index <= maxIndexRK) if it can be one.
    func exp2K(_ e: inout ExpDesc) -> Bool {
        if e.hasJumps { return false }
        let info: Int
        switch e.kind {
        case .true: info = addK(.boolean(true))
        case .false: info = addK(.boolean(false))
        case .nil: info = addK(.nil)
        case .kint(let i): info = addK(.integer(i))
        case .kflt(let d): info = addK(.number(d))
        case .kstr(let s): info = stringK(s)
        case .k(let i): info = i
        default: return false
        }
        if info <= FrontendLimits.maxIndexRK {
            e.kind = .k(info)
            return true
        }
        return false
    }

    /// A constant operand if possible, else a register. Returns true for a constant.
    func exp2RK(_ e: inout ExpDesc) throws -> Bool {
        if exp2K(&e) { return true }
        try exp2anyreg(&e)
        return false
    }

    func regOf(_ e: ExpDesc) -> Int {
        switch e.kind {
        case .nonReloc(let r): return r
        case .k(let i): return i
        default: fatalError("operand is not in a register or constant")
        }
    }

    func codeABRK(_ op: Opcode, _ a: Int, _ b: Int, _ ec: inout ExpDesc) throws {
        let isK = try exp2RK(&ec)
        emitABC(op, a, b, regOf(ec), k: isK)
    }

    // MARK: stores and indexing

    func storeVar(_ v: ExpDesc, _ ex: inout ExpDesc) throws {
        switch v.kind {
        case .local(let reg, _):
            freeExp(ex)
            try exp2reg(&ex, reg)
            return
        case .upval(let idx):
            let e = try exp2anyreg(&ex)
            emitABC(.setUpval, e, idx, 0)
        case .indexUp(let t, let key):
            try codeABRK(.setTabUp, t, key, &ex)
        case .indexInt(let t, let key):
            try codeABRK(.setI, t, key, &ex)
        case .indexStr(let t, let key):
            try codeABRK(.setField, t, key, &ex)
        case .indexed(let t, let key):
            try codeABRK(.setTable, t, key, &ex)
        default:
            assertionFailure("storeVar: not an assignable expression")
        }
        freeExp(ex)
    }

    /// `e:key(...)`: the method and the object in two consecutive registers.
    func selfOp(_ e: inout ExpDesc, _ key: inout ExpDesc) throws {
        try exp2anyreg(&e)
        let ereg = regOf(e)
        freeExp(e)
        let base = freeReg
        e.kind = .nonReloc(base)
        try reserveRegs(2)
        try codeABRK(.self, base, ereg, &key)
        freeExp(key)
    }

    func isShortStringK(_ e: ExpDesc) -> Int? {
        guard !e.hasJumps, case .k(let i) = e.kind, i <= FrontendLimits.maxIndexRK,
              isShortString[i] else { return nil }
        return i
    }

    /// `t[k]`: t is already in a register or is an upvalue.
    func indexed(_ t: inout ExpDesc, _ k: inout ExpDesc) throws {
        if case .kstr(let s) = k.kind, !k.hasJumps { k.kind = .k(stringK(s)) }
        if case .upval = t.kind, isShortStringK(k) == nil {
            // A comparison key (`_ENV[a < b]`) is a pending jump: it becomes a value first, or the
            // table's load would land between the jump and its target and be skipped.
            if case .jmp = k.kind { _ = try exp2anyreg(&k) }
            try exp2anyreg(&t)
        }
        if case .upval(let u) = t.kind {
            t.kind = .indexUp(t: u, key: isShortStringK(k)!)
            return
        }
        let treg: Int
        switch t.kind {
        case .local(let reg, _): treg = reg
        case .nonReloc(let reg): treg = reg
        default: fatalError("indexed: table not in a register")
        }
        if let ki = isShortStringK(k) {
            t.kind = .indexStr(t: treg, key: ki)
        } else if !k.hasJumps, case .kint(let v) = k.kind, v >= 0, v <= Int64(Instruction.maxC) {
            t.kind = .indexInt(t: treg, key: Int(v))
        } else {
            let kr = try exp2anyreg(&k)
            t.kind = .indexed(t: treg, key: kr)
        }
    }

    // MARK: conditional jumps

    func condJump(_ op: Opcode, _ a: Int, _ b: Int, _ c: Int, _ k: Bool) -> Int {
        emitABC(op, a, b, c, k: k)
        return jump()
    }

    func negateCondition(_ pc: Int) {
        let cpc = controlPC(pc)
        let i = code[cpc]
        assert(i.opcode.isTest && i.opcode != .testSet && i.opcode != .test)
        code[cpc] = .abc(i.opcode, i.a, i.b, i.c, k: !i.k)
    }

    func jumpOnCond(_ e: inout ExpDesc, _ cond: Bool) throws -> Int {
        if case .reloc(let pc) = e.kind, code[pc].opcode == .not, pc == code.count - 1 {
            let b = code[pc].b
            code.removeLast(); lineInfo.removeLast()
            return condJump(.test, b, 0, 0, !cond)
        }
        try discharge2anyreg(&e)
        freeExp(e)
        return condJump(.testSet, noReg, regOf(e), 0, cond)
    }

    /// Falls through when `e` is true, jumps (list e.f) when false.
    func goIfTrue(_ e: inout ExpDesc) throws {
        dischargeVars(&e)
        var pc: Int
        switch e.kind {
        case .jmp(let j):
            negateCondition(j)
            pc = j
        case .k, .kflt, .kint, .kstr, .true:
            pc = noJump
        default:
            pc = try jumpOnCond(&e, false)
        }
        try concatJumps(&e.f, pc)
        try patchToHere(e.t)
        e.t = noJump
    }

    /// Falls through when `e` is false, jumps (list e.t) when true.
    func goIfFalse(_ e: inout ExpDesc) throws {
        dischargeVars(&e)
        var pc: Int
        switch e.kind {
        case .jmp(let j): pc = j
        case .nil, .false: pc = noJump
        default: pc = try jumpOnCond(&e, true)
        }
        try concatJumps(&e.t, pc)
        try patchToHere(e.f)
        e.f = noJump
    }
}
