// The state of one function being compiled: its code, constants, registers, scopes and jumps.
//
// Invariants: code.count == lineInfo.count; freeReg >= the register level of the active locals;
// maxStackSize >= freeReg; a jump list is threaded through the sJ fields of its `jmp`s and ends
// with noJump. Jump offsets are relative to the instruction after the jump (lua's convention).
import LuaBytecode

let noJump = -1
/// "No register": a testSet whose value is not needed becomes a plain `test`.
let noReg = Instruction.maxA

/// A local variable of the function being compiled (or a compile-time constant).
struct VarDesc {
    var name: String
    var kind: VariableKind
    var register: Int = 0         // for regular, const and tbc variables
    var debugIndex: Int = -1      // index in FuncState.localVars (none for compile-time constants)
    var constant: ExpDesc? = nil  // value of a compile-time constant
}

/// A lexical block: its start level, and whether anything in it must be closed on exit.
final class BlockScope {
    let previous: BlockScope?
    let firstLabel: Int
    let firstGoto: Int
    let activeVars: Int
    var hasUpvalue = false
    let isLoop: Bool
    var insideTBC: Bool
    init(previous: BlockScope?, firstLabel: Int, firstGoto: Int, activeVars: Int, isLoop: Bool) {
        self.previous = previous; self.firstLabel = firstLabel; self.firstGoto = firstGoto
        self.activeVars = activeVars; self.isLoop = isLoop
        self.insideTBC = previous?.insideTBC ?? false
    }
}

/// A pending goto or a visible label.
struct LabelDesc {
    var name: String
    var pc: Int
    var line: Int
    var activeVars: Int
    var needsClose: Bool
    /// Set when the goto leaves the scope of a variable of a block it has left.
    var exitsScope = false
}

final class FuncState {
    let parent: FuncState?
    unowned let parser: Parser
    var code: [Instruction] = []
    var lineInfo: [Int32] = []
    var constants: [Constant] = []
    var constantIndex: [Constant: Int] = [:]
    var upvalues: [UpvalueDescriptor] = []
    var children: [FunctionPrototype] = []
    var localVars: [LocalVariableInfo] = []
    var block: BlockScope? = nil
    var lastTarget = 0
    var freeReg = 0
    var maxStackSize = 2
    var activeVarCount = 0     // active locals, compile-time constants included
    let firstLocal: Int        // index of this function's first local in parser.actVars
    let firstLabel: Int        // index of this function's first label in parser.labels
    var numParams = 0
    var isVararg = false
    var needsClose = false
    var lineDefined = 0

    init(parser: Parser, parent: FuncState?) {
        self.parser = parser
        self.parent = parent
        firstLocal = parser.actVars.count
        firstLabel = parser.labels.count
    }

    var pc: Int { code.count }

    // MARK: emitting

    @discardableResult
    func emit(_ i: Instruction) -> Int {
        code.append(i)
        lineInfo.append(Int32(truncatingIfNeeded: parser.lex.lastLine))
        return code.count - 1
    }
    @discardableResult
    func emitABC(_ op: Opcode, _ a: Int, _ b: Int, _ c: Int, k: Bool = false) -> Int {
        emit(.abc(op, a, b, c, k: k))
    }
    @discardableResult
    func emitABx(_ op: Opcode, _ a: Int, _ bx: Int) -> Int { emit(.abx(op, a, bx)) }
    @discardableResult
    func emitAsBx(_ op: Opcode, _ a: Int, _ sbx: Int) -> Int { emit(.asbx(op, a, sbx)) }

    /// The line of the last instruction becomes `line` (calls report their open paren's line).
    func fixLine(_ line: Int) { lineInfo[lineInfo.count - 1] = Int32(truncatingIfNeeded: line) }

    func setField(_ pc: Int, a: Int? = nil, b: Int? = nil, c: Int? = nil, k: Bool? = nil, op: Opcode? = nil) {
        let i = code[pc]
        code[pc] = .abc(op ?? i.opcode, a ?? i.a, b ?? i.b, c ?? i.c, k: k ?? i.k)
    }

    /// Loads `n + 1` nils from `from`, merging with a directly preceding loadNil when possible.
    func loadNil(_ from: Int, _ n: Int) {
        var from = from
        var last = from + n - 1
        if pc > lastTarget, let prev = code.last, prev.opcode == .loadNil {
            let pfrom = prev.a, pl = prev.a + prev.b
            if (pfrom <= from && from <= pl + 1) || (from <= pfrom && pfrom <= last + 1) {
                from = min(from, pfrom)
                last = max(last, pl)
                code[pc - 1] = .abc(.loadNil, from, last - from, 0)
                return
            }
        }
        emitABC(.loadNil, from, n - 1, 0)
    }

    func loadInt(_ reg: Int, _ v: Int64) {
        if v >= -Int64(Instruction.offsetSBx) && v <= Int64(Instruction.maxBx - Instruction.offsetSBx) {
            emitAsBx(.loadI, reg, Int(v))
        } else {
            loadK(reg, addK(.integer(v)))
        }
    }

    func loadFloat(_ reg: Int, _ d: Double) {
        if let i = Int64(exactly: d), d != 0 || d.sign == .plus,
           i >= -Int64(Instruction.offsetSBx), i <= Int64(Instruction.maxBx - Instruction.offsetSBx) {
            emitAsBx(.loadF, reg, Int(i))
        } else {
            loadK(reg, addK(.number(d)))
        }
    }

    func loadK(_ reg: Int, _ k: Int) {
        if k <= Instruction.maxBx {
            emitABx(.loadK, reg, k)
        } else {
            emitABx(.loadKX, reg, 0)
            emit(.ax(.extraArg, k))
        }
    }

    // MARK: constants

    func addK(_ k: Constant) -> Int {
        if let i = constantIndex[k] { return i }
        constants.append(k)
        constantIndex[k] = constants.count - 1
        return constants.count - 1
    }
    func stringK(_ s: [UInt8]) -> Int { addK(.string(s)) }

    // MARK: registers

    func checkStack(_ n: Int) throws {
        let newStack = freeReg + n
        if newStack > maxStackSize {
            if newStack >= FrontendLimits.maxRegisters {
                throw parser.syntaxError("function or expression needs too many registers")
            }
            maxStackSize = newStack
        }
    }

    func reserveRegs(_ n: Int) throws {
        try checkStack(n)
        freeReg += n
    }

    /// Frees register `reg` if it is a temporary (above the active locals).
    func freeRegister(_ reg: Int) {
        if reg >= registerLevel() {
            freeReg -= 1
            assert(reg == freeReg, "registers must be freed in stack order")
        }
    }

    // MARK: variables

    func localVar(_ i: Int) -> VarDesc { parser.actVars[firstLocal + i] }

    /// The number of registers used by the first `nvar` active variables.
    func registerLevel(_ nvar: Int? = nil) -> Int {
        var n = nvar ?? activeVarCount
        while n > 0 {
            n -= 1
            let v = localVar(n)
            if v.kind != .compileTimeConstant { return v.register + 1 }
        }
        return 0
    }

    // MARK: jumps

    func jump() -> Int { emit(.sj(.jmp, noJump)) }

    /// The current pc, marked as a jump target (so instructions before it are not merged).
    func label() -> Int {
        lastTarget = pc
        return pc
    }

    func jumpTarget(_ pc: Int) -> Int {
        let off = code[pc].sJ
        return off == noJump ? noJump : pc + 1 + off
    }

    func fixJump(_ pc: Int, _ dest: Int) throws {
        assert(dest != noJump)
        let off = dest - (pc + 1)
        guard off >= -Instruction.offsetSJ && off <= Instruction.maxAx - Instruction.offsetSJ else {
            throw parser.syntaxError("control structure too long")
        }
        assert(code[pc].opcode == .jmp)
        code[pc] = .sj(.jmp, off)
    }

    func concatJumps(_ l1: inout Int, _ l2: Int) throws {
        if l2 == noJump { return }
        if l1 == noJump { l1 = l2; return }
        var list = l1
        while true {
            let next = jumpTarget(list)
            if next == noJump { break }
            list = next
        }
        try fixJump(list, l2)
    }

    /// The instruction controlling jump `pc`: the test before it, or the jump itself.
    func controlPC(_ pc: Int) -> Int {
        if pc >= 1 && code[pc - 1].opcode.isTest { return pc - 1 }
        return pc
    }

    /// Points a testSet at register `reg`, or turns it into a test when no value is wanted.
    func patchTestReg(_ node: Int, _ reg: Int) -> Bool {
        let cpc = controlPC(node)
        let i = code[cpc]
        guard i.opcode == .testSet else { return false }
        if reg != noReg && reg != i.b {
            code[cpc] = .abc(.testSet, reg, i.b, 0, k: i.k)
        } else {
            code[cpc] = .abc(.test, i.b, 0, 0, k: i.k)
        }
        return true
    }

    func removeValues(_ list: Int) {
        var l = list
        while l != noJump {
            _ = patchTestReg(l, noReg)
            l = jumpTarget(l)
        }
    }

    func patchListAux(_ list: Int, _ vtarget: Int, _ reg: Int, _ dtarget: Int) throws {
        var l = list
        while l != noJump {
            let next = jumpTarget(l)
            if patchTestReg(l, reg) { try fixJump(l, vtarget) } else { try fixJump(l, dtarget) }
            l = next
        }
    }

    func patchList(_ list: Int, _ target: Int) throws {
        assert(target <= pc)
        try patchListAux(list, target, noReg, target)
    }

    func patchToHere(_ list: Int) throws {
        let here = label()
        try patchList(list, here)
    }

    /// Whether some jump in the list needs a value (is not a testSet that produces one).
    func needValue(_ list: Int) -> Bool {
        var l = list
        while l != noJump {
            if code[controlPC(l)].opcode != .testSet { return true }
            l = jumpTarget(l)
        }
        return false
    }

    // MARK: finishing

    func ret(_ first: Int, _ nret: Int) {
        switch nret {
        case 0: emitABC(.return0, 0, 0, 0)
        case 1: emitABC(.return1, first, 0, 0)
        default: emitABC(.return, first, nret + 1, 0)
        }
    }

    /// Final fix-ups: returns and tail calls learn whether to close and whether the function is vararg.
    func finish() {
        for i in 0..<code.count {
            let ins = code[i]
            let op = ins.opcode
            if op == .return0 || op == .return1 {
                if needsClose || isVararg {
                    let a = op == .return0 ? 0 : ins.a
                    let b = op == .return0 ? 1 : 2
                    code[i] = .abc(.return, a, b, isVararg ? numParams + 1 : 0, k: needsClose)
                }
            } else if op == .return || op == .tailCall {
                code[i] = .abc(op, ins.a, ins.b, isVararg ? numParams + 1 : 0, k: needsClose)
            } else if op == .jmp {
                // a jump to a jump goes straight to the final target
                let target = finalTarget(i)
                let off = target - (i + 1)
                if off >= -Instruction.offsetSJ && off <= Instruction.maxAx - Instruction.offsetSJ {
                    code[i] = .sj(.jmp, off)
                }
            }
        }
    }

    /// Where a chain of unconditional jumps starting at `pc` ends (bounded, so loops terminate).
    func finalTarget(_ pc: Int) -> Int {
        var target = pc
        for _ in 0..<100 {
            let i = code[target]
            guard i.opcode == .jmp else { break }
            target += i.sJ + 1
        }
        return target
    }

    func makePrototype(source: String, lastLine: Int) -> FunctionPrototype {
        assert(code.count == lineInfo.count)
        return FunctionPrototype(source: source, lineDefined: lineDefined, lastLineDefined: lastLine,
                                 numParams: numParams, isVararg: isVararg,
                                 maxStackSize: maxStackSize, code: code, lineInfo: lineInfo,
                                 constants: constants, upvalues: upvalues, children: children,
                                 localVariables: localVars)
    }
}
