// The state of one function being compiled: its code, constants, registers, scopes and jumps.
//
// Invariants: code.count == lineInfo.count; freeReg >= the register level of the active locals;
// maxStackSize >= freeReg; a jump list is threaded through the sJ fields of its `jmp`s and ends
// with noJump. Jump offsets are relative to the instruction after the jump (lua's convention).
// Constants, locals and upvalues are kept as plain data (strings as StringTable ids) and turned
// into the FunctionPrototype's Swift values once, in makePrototype.
import LuaBytecode

let noJump = -1
/// "No register": a testSet whose value is not needed becomes a plain `test`.
let noReg = Instruction.maxA

/// A local variable of the function being compiled (or a compile-time constant).
struct VarDesc {
    var name: StringID
    var kind: VariableKind
    var register: Int = 0         // for regular, const and tbc variables
    var debugIndex: Int = -1      // index in FuncState.localVars (none for compile-time constants)
    var constant: ExpDesc? = nil  // value of a compile-time constant
}

/// A lexical block: its start level, and whether anything in it must be closed on exit.
/// The blocks of a function form a stack (FuncState.blocks), innermost last.
struct BlockScope {
    var firstLabel: Int
    var firstGoto: Int
    var activeVars: Int
    var hasUpvalue = false
    var isLoop: Bool
    var insideTBC: Bool
}

/// The debug entry of a local variable while its function is compiled.
struct LocalVarDebug {
    var name: StringID
    var startPC: Int
    var endPC: Int
}

/// An upvalue of the function being compiled (UpvalueDescriptor with an interned name).
struct UpvalueDesc {
    var inStack: Bool
    var index: Int
    var name: StringID
    var kind: VariableKind = .regular
}

/// A pending goto or a visible label.
struct LabelDesc {
    var name: StringID
    var pc: Int
    var line: Int
    var activeVars: Int
    var needsClose: Bool
    /// Set when the goto leaves the scope of a variable of a block it has left.
    var exitsScope = false
}

/// The plain-memory buffers of a FuncState, reused from one function to the next (Parser's pool).
struct FuncBuffers {
    var code = PodBuffer<Instruction>(capacity: 64)
    var lineInfo = PodBuffer<Int32>(capacity: 64)
    var constants = PodBuffer<ConstantMap.Key>(capacity: 16)
    var isShortString = PodBuffer<Bool>(capacity: 16)
    var localVars = PodBuffer<LocalVarDebug>(capacity: 16)
    var blocks = PodBuffer<BlockScope>(capacity: 16)
    var upvalues = PodBuffer<UpvalueDesc>(capacity: 16)

    mutating func removeAll() {
        code.removeAll(); lineInfo.removeAll(); constants.removeAll()
        isShortString.removeAll(); localVars.removeAll(); blocks.removeAll(); upvalues.removeAll()
    }
    func release() {
        code.release(); lineInfo.release(); constants.release()
        isShortString.release(); localVars.release(); blocks.release(); upvalues.release()
    }
}

final class FuncState {
    let parent: FuncState?
    /// Strong, so that using it costs no retain: the cycle with Parser.fs is broken when the
    /// main function closes, or by compileChunk after an error (Parser.dropFunctions).
    let parser: Parser
    @exclusivity(unchecked) var code: PodBuffer<Instruction>
    @exclusivity(unchecked) var lineInfo: PodBuffer<Int32>
    /// The constant table as (kind, payload bits or StringTable id); Constants are made at the end.
    @exclusivity(unchecked) var constants: PodBuffer<ConstantMap.Key>
    /// An index of `constants`, built once there are more than FrontendLimits.linearConstants.
    @exclusivity(unchecked) var constantIndex = ConstantMap()
    /// Whether constants[i] is a string short enough to be a field key (maxShortString).
    @exclusivity(unchecked) var isShortString: PodBuffer<Bool>
    /// The upvalues (names as StringTable ids until makePrototype).
    @exclusivity(unchecked) var upvalues: PodBuffer<UpvalueDesc>
    @exclusivity(unchecked) var children: [FunctionPrototype] = []
    /// Debug entries of the locals (names as StringTable ids until makePrototype).
    @exclusivity(unchecked) var localVars: PodBuffer<LocalVarDebug>
    /// The open blocks, innermost last.
    @exclusivity(unchecked) var blocks: PodBuffer<BlockScope>
    @exclusivity(unchecked) var lastTarget = 0
    @exclusivity(unchecked) var freeReg = 0
    @exclusivity(unchecked) var maxStackSize = 2
    @exclusivity(unchecked) var activeVarCount = 0     // active locals, compile-time constants included
    let firstLocal: Int        // index of this function's first local in parser.actVars
    let firstLabel: Int        // index of this function's first label in parser.labels
    @exclusivity(unchecked) var numParams = 0
    @exclusivity(unchecked) var isVararg = false
    @exclusivity(unchecked) var needsClose = false
    @exclusivity(unchecked) var lineDefined = 0

    init(parser: Parser, parent: FuncState?) {
        self.parser = parser
        self.parent = parent
        firstLocal = parser.actVars.count
        firstLabel = parser.labels.count
        let b = parser.takeBuffers()
        code = b.code; lineInfo = b.lineInfo; constants = b.constants
        isShortString = b.isShortString; localVars = b.localVars; blocks = b.blocks
        upvalues = b.upvalues
    }
    deinit {
        parser.giveBack(FuncBuffers(code: code, lineInfo: lineInfo, constants: constants,
                                    isShortString: isShortString, localVars: localVars, blocks: blocks,
                                    upvalues: upvalues))
    }

    /// The innermost open block (there is one from open() to close()).
    var block: BlockScope {
        assert(!blocks.isEmpty)
        return blocks[blocks.count - 1]
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

    /// The index of non-string constant `k`, added when new.
    func addK(_ k: Constant) -> Int {
        let tag: ConstantMap.Tag
        let key: UInt64
        switch k {
        case .nil: tag = .nil; key = 0
        case .boolean(let b): tag = .boolean; key = b ? 1 : 0
        case .integer(let i): tag = .integer; key = UInt64(bitPattern: i)
        case .float(let bits): tag = .float; key = bits
        case .string: preconditionFailure("string constants go through stringK")
        }
        if let i = findK(tag, key) { return i }
        return newK(tag, key, isShortString: false)
    }

    private func findK(_ tag: ConstantMap.Tag, _ bits: UInt64) -> Int? {
        if constants.count > FrontendLimits.linearConstants { return constantIndex.find(tag, bits) }
        for i in 0..<constants.count {
            let k = constants[i]
            if k.bits == bits && k.tag == tag { return i }
        }
        return nil
    }

    private func newK(_ tag: ConstantMap.Tag, _ bits: UInt64, isShortString short: Bool) -> Int {
        constants.append(ConstantMap.Key(tag: tag, bits: bits))
        isShortString.append(short)
        let n = constants.count
        if n == FrontendLimits.linearConstants + 1 {
            for i in 0..<n { constantIndex.insert(constants[i].tag, constants[i].bits, i) }
        } else if n > FrontendLimits.linearConstants + 1 {
            constantIndex.insert(tag, bits, n - 1)
        }
        return n - 1
    }

    /// The index of the string constant with StringTable id `s`, added when new.
    func stringK(_ s: StringID) -> Int {
        if let i = findK(.string, UInt64(s)) { return i }
        return newK(.string, UInt64(s),
                    isShortString: parser.lex.strings.length(s) <= FrontendLimits.maxShortString)
    }

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

    func constantTable() -> [Constant] {
        var out: [Constant] = []
        out.reserveCapacity(constants.count)
        for i in 0..<constants.count {
            let k = constants[i]
            switch k.tag {
            case .nil: out.append(.nil)
            case .boolean: out.append(.boolean(k.bits != 0))
            case .integer: out.append(.integer(Int64(bitPattern: k.bits)))
            case .float: out.append(.float(bits: k.bits))
            case .string: out.append(.string(parser.constantBytes(StringID(truncatingIfNeeded: k.bits))))
            }
        }
        return out
    }

    func upvalueTable() -> [UpvalueDescriptor] {
        var out: [UpvalueDescriptor] = []
        out.reserveCapacity(upvalues.count)
        for i in 0..<upvalues.count {
            let u = upvalues[i]
            out.append(UpvalueDescriptor(inStack: u.inStack, index: u.index, name: parser.name(u.name),
                                         kind: u.kind))
        }
        return out
    }

    func localVariables() -> [LocalVariableInfo] {
        var out: [LocalVariableInfo] = []
        out.reserveCapacity(localVars.count)
        for i in 0..<localVars.count {
            let v = localVars[i]
            out.append(LocalVariableInfo(name: parser.name(v.name), startPC: v.startPC, endPC: v.endPC))
        }
        return out
    }

    func makePrototype(source: String, lastLine: Int) -> FunctionPrototype {
        assert(code.count == lineInfo.count)
        return FunctionPrototype(source: source, lineDefined: lineDefined, lastLineDefined: lastLine,
                                 numParams: numParams, isVararg: isVararg,
                                 maxStackSize: maxStackSize, code: code.array, lineInfo: lineInfo.array,
                                 constants: constantTable(), upvalues: upvalueTable(), children: children,
                                 localVariables: localVariables())
    }
}
