// The statement parser: blocks, control structures, declarations, assignments and returns.
//
// Invariants: after each statement freeReg is back at the register level of the active
// locals; loops are blocks with isLoop set, whose exit is the pending "break" label.
import LuaBytecode

extension Parser {
    func statementList() throws {
        while !Parser.isBlockFollow(tok, withUntil: true) {
            if tok == .kReturn {
                try statement()
                return
            }
            try statement()
        }
    }

    func block() throws {
        enterBlock(isLoop: false)
        try statementList()
        try leaveBlock()
    }

    func statement() throws {
        let fst = fs!  // the function being compiled (the same after a nested body)
        let line = lex.line
        try enterLevel()
        switch tok {
        case .char(UInt8(ascii: ";")):
            try next()
        case .kIf:
            try ifStatement(line)
        case .kWhile:
            try whileStatement(line)
        case .kDo:
            try next()
            try block()
            try checkMatch(.kEnd, .kDo, line)
        case .kFor:
            try forStatement(line)
        case .kRepeat:
            try repeatStatement(line)
        case .kFunction:
            try functionStatement(line)
        case .kLocal:
            try next()
            if try testNext(.kFunction) { try localFunction() } else { try localStatement() }
        case .dbcolon:
            try next()
            try labelStatement(try checkName(), line: line)
        case .kReturn:
            try next()
            try returnStatement()
        case .kBreak:
            try next()
            newGoto(StringTable.Fixed.breakLabel, line: line, pc: fst.jump())
        case .kGoto:
            try next()
            try gotoStatement(line)
        default:
            try expressionStatement()
        }
        assert(fst.maxStackSize >= fst.freeReg && fst.freeReg >= fst.registerLevel())
        fst.freeReg = fst.registerLevel()
        leaveLevel()
    }

    // MARK: control structures

    /// Reads a condition; returns the jump list taken when it is false.
    func condition() throws -> Int {
        var v = ExpDesc(.void)
        try expr(&v)
        if case .nil = v.kind { v.kind = .false }
        try fs.goIfTrue(&v)
        return v.f
    }

    func testThenBlock(_ escapes: inout Int) throws {
        let fst = fs!  // the function being compiled (the same after a nested body)
        try next()  // skip 'if' or 'elseif'
        var v = ExpDesc(.void)
        try expr(&v)
        try checkNext(.kThen)
        let falseExit: Int
        if tok == .kBreak {
            // 'if cond then break': the condition jumps straight out of the loop
            let line = lex.line
            try fst.goIfFalse(&v)
            try next()
            enterBlock(isLoop: false)
            newGoto(StringTable.Fixed.breakLabel, line: line, pc: v.t)
            while try testNext(.char(UInt8(ascii: ";"))) {}
            if Parser.isBlockFollow(tok, withUntil: false) {
                try leaveBlock()
                return
            }
            falseExit = fst.jump()
        } else {
            try fst.goIfTrue(&v)
            enterBlock(isLoop: false)
            falseExit = v.f
        }
        try statementList()
        try leaveBlock()
        if tok == .kElse || tok == .kElseif {
            try fst.concatJumps(&escapes, fst.jump())
        }
        try fst.patchToHere(falseExit)
    }

    func ifStatement(_ line: Int) throws {
        var escapes = noJump
        try testThenBlock(&escapes)
        while tok == .kElseif { try testThenBlock(&escapes) }
        if try testNext(.kElse) { try block() }
        try checkMatch(.kEnd, .kIf, line)
        try fs.patchToHere(escapes)
    }

    func whileStatement(_ line: Int) throws {
        let fst = fs!  // the function being compiled (the same after a nested body)
        try next()
        let start = fst.label()
        let exit = try condition()
        enterBlock(isLoop: true)
        try checkNext(.kDo)
        try block()
        try fst.patchList(fst.jump(), start)
        try checkMatch(.kEnd, .kWhile, line)
        try leaveBlock()
        try fst.patchToHere(exit)
    }

    func repeatStatement(_ line: Int) throws {
        let fst = fs!  // the function being compiled (the same after a nested body)
        let start = fst.label()
        enterBlock(isLoop: true)
        enterBlock(isLoop: false)
        let scopeIndex = fst.blocks.count - 1
        try next()
        try statementList()
        try checkMatch(.kUntil, .kRepeat, line)
        var exit = try condition()  // the until-expression sees the body's locals
        let scope = fst.blocks[scopeIndex]
        try leaveBlock()
        if scope.hasUpvalue {
            // the repetition path must close the body's captured variables too
            let normalExit = fst.jump()
            try fst.patchToHere(exit)
            fst.emitABC(.close, fst.registerLevel(scope.activeVars), 0, 0)
            exit = fst.jump()
            try fst.patchToHere(normalExit)
        }
        try fst.patchList(exit, start)
        try leaveBlock()
    }

    func forStatement(_ line: Int) throws {
        enterBlock(isLoop: true)
        try next()
        let name = try checkName()
        switch tok {
        case .char(UInt8(ascii: "=")):
            try numericFor(name, line)
        case .char(UInt8(ascii: ",")), .kIn:
            try genericFor(name)
        default:
            throw syntaxError("'=' or 'in' expected")
        }
        try checkMatch(.kEnd, .kFor, line)
        try leaveBlock()
    }

    private func forExpression() throws {
        var e = ExpDesc(.void)
        try expr(&e)
        try fs.exp2nextreg(&e)
    }

    func numericFor(_ name: StringID, _ line: Int) throws {
        let fst = fs!  // the function being compiled (the same after a nested body)
        let base = fst.freeReg
        try newLocal(StringTable.Fixed.forState)
        try newLocal(StringTable.Fixed.forState)
        try newLocal(StringTable.Fixed.forState)
        try newLocal(name)
        try checkNext(.char(UInt8(ascii: "=")))
        try forExpression()
        try checkNext(.char(UInt8(ascii: ",")))
        try forExpression()
        if try testNext(.char(UInt8(ascii: ","))) {
            try forExpression()
        } else {
            fst.loadInt(fst.freeReg, 1)
            try fst.reserveRegs(1)
        }
        adjustLocalVars(3)
        try forBody(base, line, 1, isGeneric: false)
    }

    func genericFor(_ firstName: StringID) throws {
        let base = fs.freeReg
        var nvars = 5
        for _ in 0..<4 { try newLocal(StringTable.Fixed.forState) }
        try newLocal(firstName)
        while try testNext(.char(UInt8(ascii: ","))) {
            try newLocal(try checkName())
            nvars += 1
        }
        try checkNext(.kIn)
        let line = lex.line
        var e = ExpDesc(.void)
        let n = try exprList(&e)
        try adjustAssign(4, n, &e)
        adjustLocalVars(4)
        markToBeClosed()
        try fs.checkStack(3)
        try forBody(base, line, nvars - 4, isGeneric: true)
    }

    private func fixForJump(_ pc: Int, _ dest: Int, back: Bool) throws {
        var off = dest - (pc + 1)
        if back { off = -off }
        if off < 0 || off > Instruction.maxBx { throw syntaxError("control structure too long") }
        let i = fs.code[pc]
        fs.code[pc] = .abx(i.opcode, i.a, off)
    }

    func forBody(_ base: Int, _ line: Int, _ nvars: Int, isGeneric: Bool) throws {
        let fst = fs!  // the function being compiled (the same after a nested body)
        try checkNext(.kDo)
        let prep = fst.emitABx(isGeneric ? .tForPrep : .forPrep, base, 0)
        enterBlock(isLoop: false)
        adjustLocalVars(nvars)
        try fst.reserveRegs(nvars)
        try block()
        try leaveBlock()
        try fixForJump(prep, fst.label(), back: false)
        if isGeneric {
            fst.emitABC(.tForCall, base, 0, nvars)
            fst.fixLine(line)
        }
        let endFor = fst.emitABx(isGeneric ? .tForLoop : .forLoop, base, 0)
        try fixForJump(endFor, prep + 1, back: true)
        fst.fixLine(line)
    }

    func markToBeClosed() {
        let top = fs.blocks.count - 1
        fs.blocks[top].hasUpvalue = true
        fs.blocks[top].insideTBC = true
        fs.needsClose = true
    }

    // MARK: labels and gotos

    func labelStatement(_ name: StringID, line: Int) throws {
        try checkNext(.dbcolon)
        while tok == .char(UInt8(ascii: ";")) || tok == .dbcolon { try statement() }
        if let l = findLabel(name) {
            throw semanticError("label '\(self.name(name))' already defined on line \(l.line)")
        }
        try createLabel(name, line: line, last: Parser.isBlockFollow(tok, withUntil: false))
    }

    func gotoStatement(_ line: Int) throws {
        let name = try checkName()
        if let l = findLabel(name) {
            // a backward jump: close what the jump leaves, then jump
            let level = fs.registerLevel(l.activeVars)
            if fs.registerLevel() > level { fs.emitABC(.close, level, 0, 0) }
            try fs.patchList(fs.jump(), l.pc)
        } else {
            newGoto(name, line: line, pc: fs.jump())
        }
    }

    // MARK: functions and locals

    func functionStatement(_ line: Int) throws {
        try next()
        var v = try singleVar(try checkName())
        var isMethod = false
        while tok == .char(UInt8(ascii: ".")) { try fieldsel(&v) }
        if tok == .char(UInt8(ascii: ":")) {
            isMethod = true
            try fieldsel(&v)
        }
        var b = ExpDesc(.void)
        try body(&b, isMethod: isMethod, line: line)
        try checkReadOnly(v)
        try fs.storeVar(v, &b)
        fs.fixLine(line)
    }

    func localFunction() throws {
        let fvar = fs.activeVarCount
        try newLocal(try checkName())
        adjustLocalVars(1)
        var b = ExpDesc(.void)
        try body(&b, isMethod: false, line: lex.line)
        // the variable's debug range starts after the closure exists
        let di = fs.localVar(fvar).debugIndex
        fs.localVars[di].startPC = fs.pc
    }

    func localAttribute() throws -> VariableKind {
        if try testNext(.char(UInt8(ascii: "<"))) {
            let attr = try checkName()
            try checkNext(.char(UInt8(ascii: ">")))
            if attr == StringTable.Fixed.const { return .constant }
            if attr == StringTable.Fixed.close { return .toBeClosed }
            throw semanticError("unknown attribute '\(name(attr))'")
        }
        return .regular
    }

    /// The compile-time value of `e`, if it has one.
    func constantValue(_ e: ExpDesc) -> ExpDesc? {
        if e.hasJumps { return nil }
        switch e.kind {
        case .true, .false, .nil, .kstr, .kint, .kflt: return ExpDesc(e.kind)
        case .const(let vidx): return actVars[vidx].constant
        default: return nil
        }
    }

    func localStatement() throws {
        let fst = fs!  // the function being compiled (the same after a nested body)
        var toClose = -1
        var nvars = 0
        var lastIndex = 0
        repeat {
            try newLocal(try checkName())
            lastIndex = actVars.count - 1
            let kind = try localAttribute()
            actVars[lastIndex].kind = kind
            if kind == .toBeClosed {
                if toClose != -1 { throw semanticError("multiple to-be-closed variables in local list") }
                toClose = fst.activeVarCount + nvars
            }
            nvars += 1
        } while try testNext(.char(UInt8(ascii: ",")))
        var e = ExpDesc(.void)
        var nexps = 0
        if try testNext(.char(UInt8(ascii: "="))) { nexps = try exprList(&e) }
        // At a session chunk's top level a const stays in a register: the session keeps it.
        if nvars == nexps, actVars[lastIndex].kind == .constant, !atSessionTopLevel, let k = constantValue(e) {
            actVars[lastIndex].kind = .compileTimeConstant
            actVars[lastIndex].constant = k
            adjustLocalVars(nvars - 1)
            fst.activeVarCount += 1
        } else {
            try adjustAssign(nvars, nexps, &e)
            adjustLocalVars(nvars)
        }
        if toClose != -1 {
            markToBeClosed()
            fst.emitABC(.tbc, fst.registerLevel(toClose), 0, 0)
        }
    }

    /// Makes `nexps` values fill `nvars` registers (extra results from a call, or nils).
    func adjustAssign(_ nvars: Int, _ nexps: Int, _ e: inout ExpDesc) throws {
        let fst = fs!  // the function being compiled (the same after a nested body)
        let needed = nvars - nexps
        if e.isMultiResult {
            try fst.setReturns(&e, max(needed + 1, 0))
        } else {
            if case .void = e.kind {} else { try fst.exp2nextreg(&e) }
            if needed > 0 { fst.loadNil(fst.freeReg, needed) }
        }
        if needed > 0 {
            try fst.reserveRegs(needed)
        } else {
            fst.freeReg += needed
        }
    }

    func returnStatement() throws {
        try emitSessionCapture()  // a session chunk's top-level locals, before the values
        let fst = fs!  // the function being compiled (the same after a nested body)
        var first = fst.registerLevel()
        var nret: Int
        if Parser.isBlockFollow(tok, withUntil: true) || tok == .char(UInt8(ascii: ";")) {
            nret = 0
        } else {
            var e = ExpDesc(.void)
            nret = try exprList(&e)
            if e.isMultiResult {
                try fst.setMultRet(&e)
                if case .call(let pc) = e.kind, nret == 1, !fst.block.insideTBC {
                    fst.setField(pc, op: .tailCall)
                }
                nret = -1
            } else if nret == 1 {
                first = try fst.exp2anyreg(&e)
            } else {
                try fst.exp2nextreg(&e)
                assert(nret == fst.freeReg - first)
            }
        }
        fst.ret(first, nret)
        _ = try testNext(.char(UInt8(ascii: ";")))
    }

    // MARK: assignments and calls

    func checkReadOnly(_ e: ExpDesc) throws {
        var name: String? = nil
        switch e.kind {
        case .const(let vidx): name = self.name(actVars[vidx].name)
        case .local(_, let vidx):
            let v = fs.localVar(vidx)
            if v.kind != .regular { name = self.name(v.name) }
        case .upval(let u):
            let up = fs.upvalues[u]
            if up.kind != .regular { name = self.name(up.name) }
        default: break
        }
        if let name { throw semanticError("attempt to assign to const variable '\(name)'") }
    }

    static func isVariable(_ e: ExpDesc) -> Bool {
        switch e.kind {
        case .local, .upval, .const, .indexed, .indexUp, .indexInt, .indexStr: return true
        default: return false
        }
    }

    static func isIndexed(_ e: ExpDesc) -> Bool {
        switch e.kind {
        case .indexed, .indexUp, .indexInt, .indexStr: return true
        default: return false
        }
    }

    /// In `a, b = ...` a table or key in an earlier target may be the variable `v` assigned
    /// later (targets are stored last first): copy it to a fresh register first.
    func checkConflict(_ targets: inout [ExpDesc], _ v: ExpDesc) throws {
        let extra = fs.freeReg
        var conflict = false
        for i in targets.indices {
            switch targets[i].kind {
            case .indexUp(let t, let key):
                if case .upval(let u) = v.kind, u == t {
                    conflict = true
                    targets[i].kind = .indexStr(t: extra, key: key)
                }
            case .indexInt(let t, let key):
                if case .local(let r, _) = v.kind, r == t {
                    conflict = true; targets[i].kind = .indexInt(t: extra, key: key)
                }
            case .indexStr(let t, let key):
                if case .local(let r, _) = v.kind, r == t {
                    conflict = true; targets[i].kind = .indexStr(t: extra, key: key)
                }
            case .indexed(var t, var key):
                if case .local(let r, _) = v.kind {
                    if r == t { conflict = true; t = extra }
                    if r == key { conflict = true; key = extra }
                }
                targets[i].kind = .indexed(t: t, key: key)
            default:
                break
            }
        }
        if conflict {
            if case .local(let r, _) = v.kind {
                fs.emitABC(.move, extra, r, 0)
            } else if case .upval(let u) = v.kind {
                fs.emitABC(.getUpval, extra, u, 0)
            }
            try fs.reserveRegs(1)
        }
    }

    func expressionStatement() throws {
        let fst = fs!  // the function being compiled (the same after a nested body)
        var v = ExpDesc(.void)
        try suffixedexp(&v)
        if tok == .char(UInt8(ascii: "=")) || tok == .char(UInt8(ascii: ",")) {
            var targets = [v]
            guard Parser.isVariable(v) else { throw syntaxError("syntax error") }
            try checkReadOnly(v)
            while try testNext(.char(UInt8(ascii: ","))) {
                var nv = ExpDesc(.void)
                try suffixedexp(&nv)
                guard Parser.isVariable(nv) else { throw syntaxError("syntax error") }
                try checkReadOnly(nv)
                if !Parser.isIndexed(nv) { try checkConflict(&targets, nv) }
                targets.append(nv)
                if targets.count > FrontendLimits.maxSyntaxLevels { try enterLevel() }
            }
            try checkNext(.char(UInt8(ascii: "=")))
            var e = ExpDesc(.void)
            let nexps = try exprList(&e)
            var last = targets.count - 1
            if nexps != targets.count {
                try adjustAssign(targets.count, nexps, &e)
            } else {
                fst.setOneRet(&e)
                try fst.storeVar(targets[last], &e)
                last -= 1
            }
            while last >= 0 {
                var top = ExpDesc(.nonReloc(fst.freeReg - 1))
                try fst.storeVar(targets[last], &top)
                last -= 1
            }
        } else {
            guard case .call(let pc) = v.kind else { throw syntaxError("syntax error") }
            fst.setField(pc, c: 1)
        }
    }
}
