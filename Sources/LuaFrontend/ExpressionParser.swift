// The expression parser: operators by precedence climbing, primary and suffixed expressions,
// calls, table constructors and function bodies.
//
// Invariants: every recursive entry (subexpression) goes through enterLevel, so nesting is
// bounded by FrontendLimits.maxSyntaxLevels; a call leaves freeReg at its base + 1.
import LuaBytecode

extension Parser {
    func unaryOperator(_ k: TokenKind) -> UnOpr? {
        switch k {
        case .kNot: return .not
        case .char(UInt8(ascii: "-")): return .minus
        case .char(UInt8(ascii: "~")): return .bnot
        case .char(UInt8(ascii: "#")): return .len
        default: return nil
        }
    }

    func binaryOperator(_ k: TokenKind) -> BinOpr? {
        switch k {
        case .char(UInt8(ascii: "+")): return .add
        case .char(UInt8(ascii: "-")): return .sub
        case .char(UInt8(ascii: "*")): return .mul
        case .char(UInt8(ascii: "%")): return .mod
        case .char(UInt8(ascii: "^")): return .pow
        case .char(UInt8(ascii: "/")): return .div
        case .idiv: return .idiv
        case .char(UInt8(ascii: "&")): return .band
        case .char(UInt8(ascii: "|")): return .bor
        case .char(UInt8(ascii: "~")): return .bxor
        case .shl: return .shl
        case .shr: return .shr
        case .concat: return .concat
        case .ne: return .ne
        case .eq: return .eq
        case .char(UInt8(ascii: "<")): return .lt
        case .le: return .le
        case .char(UInt8(ascii: ">")): return .gt
        case .ge: return .ge
        case .kAnd: return .and
        case .kOr: return .or
        default: return nil
        }
    }

    func expr(_ v: inout ExpDesc) throws {
        _ = try subexpr(&v, 0)
    }

    /// Parses operators whose left priority is above `limit`; returns the first one that is not.
    func subexpr(_ v: inout ExpDesc, _ limit: Int) throws -> BinOpr? {
        try enterLevel()
        let f = fs!  // a function body inside the expression restores fs when it ends
        if let uop = unaryOperator(tok) {
            let line = lex.line
            try next()
            _ = try subexpr(&v, BinOpr.unaryPriority)
            try f.prefix(uop, &v, line: line)
        } else {
            try simpleexp(&v)
        }
        var op = binaryOperator(tok)
        while let o = op, o.priority.left > limit {
            let line = lex.line
            try next()
            try f.infix(o, &v)
            var v2 = ExpDesc(.void)
            let nextOp = try subexpr(&v2, o.priority.right)
            try f.posfix(o, &v, &v2, line: line)
            op = nextOp
        }
        leaveLevel()
        return op
    }

    func simpleexp(_ v: inout ExpDesc) throws {
        switch tok {
        case .float: v = ExpDesc(.kflt(lex.token.float))
        case .int: v = ExpDesc(.kint(lex.token.int))
        case .string: v = ExpDesc(.kstr(lex.token.str))
        case .kNil: v = ExpDesc(.nil)
        case .kTrue: v = ExpDesc(.true)
        case .kFalse: v = ExpDesc(.false)
        case .dots:
            if !fs.isVararg { throw syntaxError("cannot use '...' outside a vararg function") }
            v = ExpDesc(.vararg(fs.emitABC(.varArg, 0, 0, 1)))
        case .char(UInt8(ascii: "{")):
            try constructor(&v)
            return
        case .kFunction:
            try next()
            try body(&v, isMethod: false, line: lex.line)
            return
        default:
            try suffixedexp(&v)
            return
        }
        try next()
    }

    func primaryexp(_ v: inout ExpDesc) throws {
        switch tok {
        case .name:
            v = try singleVar(try checkName())
        case .char(UInt8(ascii: "(")):
            let line = lex.line
            try next()
            try expr(&v)
            try checkMatch(.char(UInt8(ascii: ")")), .char(UInt8(ascii: "(")), line)
            fs.dischargeVars(&v)
        default:
            throw syntaxError("unexpected symbol")
        }
    }

    func suffixedexp(_ v: inout ExpDesc) throws {
        try primaryexp(&v)
        while true {
            switch tok {
            case .char(UInt8(ascii: ".")):
                try fieldsel(&v)
            case .char(UInt8(ascii: "[")):
                try fs.exp2anyregup(&v)
                var key = ExpDesc(.void)
                try yindex(&key)
                try fs.indexed(&v, &key)
            case .char(UInt8(ascii: ":")):
                try next()
                var key = ExpDesc(.kstr(try checkName()))
                try fs.selfOp(&v, &key)
                try funcargs(&v)
            case .char(UInt8(ascii: "(")), .string, .char(UInt8(ascii: "{")):
                try fs.exp2nextreg(&v)
                try funcargs(&v)
            default:
                return
            }
        }
    }

    func fieldsel(_ v: inout ExpDesc) throws {
        try fs.exp2anyregup(&v)
        try next()  // skip '.' or ':'
        var key = ExpDesc(.kstr(try checkName()))
        try fs.indexed(&v, &key)
    }

    func yindex(_ v: inout ExpDesc) throws {
        try next()  // skip '['
        try expr(&v)
        try fs.exp2val(&v)
        try checkNext(.char(UInt8(ascii: "]")))
    }

    /// The arguments of a call. The call instruction, and so a "call a nil value" error, takes
    /// the line of the token that opens the arguments, as in Lua 5.4.8 (5.4.4 took the line where
    /// the whole suffixed expression began).
    func funcargs(_ f: inout ExpDesc) throws {
        let fst = fs!  // the function being compiled (the same after a nested body)
        let line = lex.line
        var args = ExpDesc(.void)
        switch tok {
        case .char(UInt8(ascii: "(")):
            try next()
            if tok != .char(UInt8(ascii: ")")) {
                _ = try exprList(&args)
                if args.isMultiResult { try fst.setMultRet(&args) }
            }
            try checkMatch(.char(UInt8(ascii: ")")), .char(UInt8(ascii: "(")), line)
        case .char(UInt8(ascii: "{")):
            try constructor(&args)
        case .string:
            args = ExpDesc(.kstr(lex.token.str))
            try next()
        default:
            throw syntaxError("function arguments expected")
        }
        guard case .nonReloc(let base) = f.kind else { fatalError("funcargs: function not in a register") }
        let nparams: Int
        if args.isMultiResult {
            nparams = -1
        } else {
            if case .void = args.kind {} else { try fst.exp2nextreg(&args) }
            nparams = fst.freeReg - (base + 1)
        }
        f = ExpDesc(.call(fst.emitABC(.call, base, nparams + 1, 2)))
        fst.fixLine(line)
        fst.freeReg = base + 1
    }

    /// expr {',' expr}; all but the last are in consecutive registers. Returns the count.
    func exprList(_ v: inout ExpDesc) throws -> Int {
        var n = 1
        try expr(&v)
        while try testNext(.char(UInt8(ascii: ","))) {
            try fs.exp2nextreg(&v)
            try expr(&v)
            n += 1
        }
        return n
    }

    // MARK: table constructors

    private struct ConstructorState {
        var table: Int
        var pending = ExpDesc(.void)  // last list item read, not yet in a register
        var hashCount = 0
        var arrayCount = 0            // list items already stored
        var toStore = 0               // list items waiting for a setList
    }

    func constructor(_ t: inout ExpDesc) throws {
        let fst = fs!  // the function being compiled (the same after a nested body)
        let line = lex.line
        let pc = fst.emitABC(.newTable, 0, 0, 0)
        fst.emit(.ax(.extraArg, 0))  // the array size's high part, known at the end
        var cc = ConstructorState(table: fst.freeReg)
        t = ExpDesc(.nonReloc(fst.freeReg))
        try fst.reserveRegs(1)
        try checkNext(.char(UInt8(ascii: "{")))
        repeat {
            if tok == .char(UInt8(ascii: "}")) { break }
            try closeListField(&cc)
            try field(&cc, t)
        } while try testNext(.char(UInt8(ascii: ","))) || testNext(.char(UInt8(ascii: ";")))
        try checkMatch(.char(UInt8(ascii: "}")), .char(UInt8(ascii: "{")), line)
        try lastListField(&cc)
        // The array part is sized for every list item (C + extraArg * 256), so a long list fills
        // it without growing; the hash hint is a power of two.
        let hashHint = cc.hashCount == 0 ? 0 : ceilLog2(cc.hashCount) + 1
        let extra = cc.arrayCount / (Instruction.maxC + 1)
        if extra > Instruction.maxAx { throw syntaxError("constructor too long") }
        fst.code[pc] = .abc(.newTable, cc.table, min(hashHint, Instruction.maxB),
                           cc.arrayCount % (Instruction.maxC + 1), k: extra > 0)
        fst.code[pc + 1] = .ax(.extraArg, extra)
    }

    private func ceilLog2(_ x: Int) -> Int {
        var l = 0
        var v = x - 1
        while v > 0 { l += 1; v >>= 1 }
        return l
    }

    private func field(_ cc: inout ConstructorState, _ t: ExpDesc) throws {
        switch tok {
        case .name:
            if try lex.lookahead() != .char(UInt8(ascii: "=")) {
                try listField(&cc)
            } else {
                try recField(&cc, t)
            }
        case .char(UInt8(ascii: "[")):
            try recField(&cc, t)
        default:
            try listField(&cc)
        }
    }

    private func listField(_ cc: inout ConstructorState) throws {
        try expr(&cc.pending)
        cc.toStore += 1
    }

    private func recField(_ cc: inout ConstructorState, _ t: ExpDesc) throws {
        let fst = fs!  // the function being compiled (the same after a nested body)
        let reg = fst.freeReg
        var key = ExpDesc(.void)
        if tok == .name {
            key = ExpDesc(.kstr(try checkName()))
        } else {
            try yindex(&key)
        }
        cc.hashCount += 1
        try checkNext(.char(UInt8(ascii: "=")))
        var tab = t
        try fst.indexed(&tab, &key)
        var val = ExpDesc(.void)
        try expr(&val)
        try fst.storeVar(tab, &val)
        fst.freeReg = reg
    }

    private func closeListField(_ cc: inout ConstructorState) throws {
        if case .void = cc.pending.kind { return }
        try fs.exp2nextreg(&cc.pending)
        cc.pending = ExpDesc(.void)
        if cc.toStore == FrontendLimits.fieldsPerFlush {
            try setList(cc.table, cc.arrayCount, cc.toStore)
            cc.arrayCount += cc.toStore
            cc.toStore = 0
        }
    }

    private func lastListField(_ cc: inout ConstructorState) throws {
        if cc.toStore == 0 { return }
        if cc.pending.isMultiResult {
            try fs.setMultRet(&cc.pending)
            try setList(cc.table, cc.arrayCount, -1)
            cc.arrayCount -= 1
        } else {
            if case .void = cc.pending.kind {} else { try fs.exp2nextreg(&cc.pending) }
            try setList(cc.table, cc.arrayCount, cc.toStore)
        }
        cc.arrayCount += cc.toStore
    }

    /// R[base][stored+i] := R[base+i] for the `toStore` pending items (-1: up to top).
    func setList(_ base: Int, _ stored: Int, _ toStore: Int) throws {
        let fst = fs!  // the function being compiled (the same after a nested body)
        let b = toStore == -1 ? 0 : toStore
        if stored <= Instruction.maxC {
            fst.emitABC(.setList, base, b, stored)
        } else {
            let extra = stored / (Instruction.maxC + 1)
            if extra > Instruction.maxAx { throw syntaxError("constructor too long") }
            fst.emitABC(.setList, base, b, stored % (Instruction.maxC + 1), k: true)
            fst.emit(.ax(.extraArg, extra))
        }
        fst.freeReg = base + 1
    }

    // MARK: functions

    func body(_ e: inout ExpDesc, isMethod: Bool, line: Int) throws {
        let child = FuncState(parser: self, parent: fs)
        child.lineDefined = line
        open(child)
        try checkNext(.char(UInt8(ascii: "(")))
        if isMethod {
            try newLocal(StringTable.Fixed.selfName)
            adjustLocalVars(1)
        }
        try parameterList()
        try checkNext(.char(UInt8(ascii: ")")))
        try statementList()
        let lastLine = lex.line
        try checkMatch(.kEnd, .kFunction, line)
        let proto = try close(lastLine: lastLine)
        let parent = fs!
        parent.children.append(proto)
        if parent.children.count - 1 > Instruction.maxBx { throw syntaxError("too many functions") }
        e = ExpDesc(.reloc(parent.emitABx(.closure, 0, parent.children.count - 1)))
        try parent.exp2nextreg(&e)
    }

    func parameterList() throws {
        let fst = fs!  // the function being compiled (the same after a nested body)
        var nparams = 0
        var isVararg = false
        if tok != .char(UInt8(ascii: ")")) {
            repeat {
                switch tok {
                case .name:
                    try newLocal(try checkName())
                    nparams += 1
                case .dots:
                    try next()
                    isVararg = true
                default:
                    throw syntaxError("<name> or '...' expected")
                }
            } while try !isVararg && testNext(.char(UInt8(ascii: ",")))
        }
        adjustLocalVars(nparams)
        fst.numParams = fst.activeVarCount
        if isVararg {
            fst.isVararg = true
            fst.emitABC(.varArgPrep, fst.numParams, 0, 0)
        }
        try fst.reserveRegs(fst.activeVarCount)
    }
}
