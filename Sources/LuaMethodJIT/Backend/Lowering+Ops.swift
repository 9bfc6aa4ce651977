// The lowering of each IR op the backend compiles (the numeric subset, frame slots, guards and the
// limit check; fmod and fpow through helper calls; the heap ops in Lowering+Heap.swift), and the
// one list of what it does not compile yet.
//
// Invariants: both switches are exhaustive with no `default:`; `unsupported` and `lower` agree (an
// op `unsupported` accepts never reaches the precondition in `lower`). Lua semantics: integer
// arithmetic wraps; a shift by 64 or more either way gives 0 and a negative count shifts the other
// way; float compares are false on NaN except `~=`; booleans are 0/1 in a GP register.
import LuaRuntime
import X64Assembler

extension Backend {
    /// Why `f` cannot be lowered, or nil when every op has a lowering.
    static func unsupported(_ f: IRFunction, features: CPUFeatures, runtime: Bool) -> String? {
        for (b, block) in f.blocks.enumerated() {
            for ins in block.instrs where !canLower(ins.op, features: features, runtime: runtime) {
                return "\(ins.op.text) in b\(b) has no x86-64 lowering yet"
            }
        }
        return nil
    }

    /// Whether `op` has an x86-64 lowering (on a CPU with `features`; with `runtime`, when the
    /// code is made for a VM, so that it may call the interpreter's helpers).
    public static func canLower(_ op: IROp, features: CPUFeatures = .host, runtime: Bool = false) -> Bool {
        if runtime && isRuntimeCall(op) { return true }
        switch op {
        case .constInt, .constFloat, .constBool, .constNil, .loadReg, .storeReg, .box,
             .guardInt, .guardFloat, .guardNumber, .guardMixed, .guardTable, .guardString, .guardNonZero,
             .guardTrue, .checkLimit, .guardFunction, .iadd, .isub, .imul, .ineg, .iudiv, .ifloordiv, .imod,
             .band, .bor, .bxor,
             .bnot, .shl, .shr, .fadd, .fsub, .fmul, .fdiv, .fneg, .fsqrt, .intToFloat, .icmp, .testBits, .fcmp,
             .truthy, .isNil, .eqShortString, .noneToClose, .not, .fmod, .fpow, .constK, .guardArrayBounds, .arrayLoad,
             .arrayStore, .fieldLoad, .fieldStore, .getUpval, .setUpval, .tableGetInt, .tableSetInt, .tableNext, .entryKey, .entryValue,
             .tableGetStr, .tableSetStr, .tableRemoveLast,
             .checkTags, .checkBounds, .unbox, .arrayIndex:
            return true
        case .tableAppend, .stringMethod:
            return runtime  // its helper needs the VM (RuntimeLinks)
        case .stringByte:
            return true
        case .ffloordiv:
            // floor(a / b) is one roundsd; without SSE4.1 it would need a helper.
            return features.contains(.sse41)
        case .arith, .compare, .getTable, .setTable, .call, .interp:
            return false
        }
    }
}

extension Lowering {
    /// Whether `emitCompare` can leave op's answer in one condition code (a branch can then test
    /// the flags): every icmp, the ordered float compares, and guard coalescing's checks.
    static func comparesToFlags(_ op: IROp) -> Bool {
        if op.isCheck { return true }
        if case .icmp = op { return true }
        if case .testBits = op { return true }
        if case .fcmp(let c) = op { return c != .eq && c != .ne }
        return false
    }

    /// Emits the compare of an op `comparesToFlags` accepts and returns the condition that holds
    /// when the op's answer is true (nil for any other op). Operands are compared where they live.
    mutating func emitCompare(_ ins: Instr) -> Condition? {
        if let c = emitCheck(ins) { return c }
        let ops = ins.operands
        if case .testBits(let mask) = ins.op {
            precondition(Int32(exactly: mask) != nil, "testBits takes a 32-bit mask")
            switch location(ops[0]) {
            case .gp(let r): a.test(.qword, r, imm: Int32(mask))
            case .stack(let d): a.test(.qword, Mem(RegisterRoles.nativeFrame, d), imm: Int32(mask))
            case .xmm: preconditionFailure("an integer in an SSE register")
            }
            return .notEqual
        }
        if case .icmp(let c) = ins.op {
            var lhs = RegisterRoles.scratch0
            if case .gp(let r) = location(ops[0]) { lhs = r } else { loadGP(lhs, ops[0]) }
            switch location(ops[1]) {
            case .gp(let r): a.alu(.cmp, .qword, lhs, r)
            case .stack(let d): a.alu(.cmp, .qword, lhs, Mem(RegisterRoles.nativeFrame, d))
            case .xmm: preconditionFailure("an integer in an SSE register")
            }
            switch c {
            case .eq: return .equal
            case .ne: return .notEqual
            case .lt: return .less
            case .le: return .lessOrEqual
            case .gt: return .greater
            case .ge: return .greaterOrEqual
            }
        }
        guard case .fcmp(let c) = ins.op, Self.comparesToFlags(ins.op) else { return nil }
        let x0 = RegisterRoles.xmmScratch0, x1 = RegisterRoles.xmmScratch1
        loadXMM(x0, ops[0]); loadXMM(x1, ops[1])
        // Unordered (NaN) sets ZF, PF and CF: `above` and `aboveOrEqual` are false then.
        switch c {
        case .lt, .le: a.sse(.ucomisd, x1, x0)
        case .gt, .ge, .eq, .ne: a.sse(.ucomisd, x0, x1)
        }
        return c == .lt || c == .gt ? .above : .aboveOrEqual
    }

    mutating func lower(_ ins: Instr) {
        let s0 = RegisterRoles.scratch0, s1 = RegisterRoles.scratch1, s2 = RegisterRoles.scratch2
        let x0 = RegisterRoles.xmmScratch0, x1 = RegisterRoles.xmmScratch1
        let ops = ins.operands
        func result() -> ValueID { ins.result! }
        func boxedOperand() -> Mem { boxedMem(ops[0]) }
        func tagCheck(_ tag: UInt8) -> Mem {
            let m = boxedOperand()
            a.alu(.cmp, .byte, m.advanced(by: RuntimeLayout.tagOffset), imm: Int32(tag))
            a.jcc(.notEqual, stub(ins.exit!))
            return m.advanced(by: RuntimeLayout.payloadOffset)
        }
        func binaryGP(_ body: (inout Assembler) -> Void) {
            loadGP(s0, ops[0]); loadGP(s1, ops[1])
            body(&a)
            storeGP(result(), s0)
        }
        // Two-address form straight into the result's register when it has one (the allocator never
        // gives a result the register of an operand of the same instruction), else through s0.
        func twoAddress(_ op: ALUOp?) {
            var dst = s0
            if case .gp(let r) = location(result()), location(ops[1]) != .gp(r) { dst = r }
            loadGP(dst, ops[0])
            switch location(ops[1]) {
            case .gp(let b): if let op { a.alu(op, .qword, dst, b) } else { a.imul(.qword, dst, b) }
            case .stack(let d):
                let m = Mem(RegisterRoles.nativeFrame, d)
                if let op { a.alu(op, .qword, dst, m) } else { a.imul(.qword, dst, m) }
            case .xmm: preconditionFailure("an integer in an SSE register")
            }
            storeGP(result(), dst)
        }
        // As twoAddress, for SSE: the right operand read where it lives.
        func binaryXMM(_ op: SSEOp) {
            var dst = x0
            if case .xmm(let r) = location(result()), location(ops[1]) != .xmm(r) { dst = r }
            loadXMM(dst, ops[0])
            switch location(ops[1]) {
            case .xmm(let b): a.sse(op, dst, b)
            case .stack: a.sse(op, dst, Self.mem(location(ops[1])))
            case .gp(let r): a.movq(x1, r); a.sse(op, dst, x1)
            }
            storeXMM(result(), dst)
        }
        func setBool(_ c: Condition) {
            a.setcc(c, s0)
            a.movzx(.dword, s0, .byte, s0)
            storeGP(result(), s0)
        }
        switch ins.op {
        case .constInt(let n):
            if case .gp(let r) = location(result()) { a.movImm(r, n) } else { a.movImm(s0, n); storeGP(result(), s0) }
        case .constFloat(let d):
            a.movImm(s0, Int64(bitPattern: d.bitPattern)); storeGP(result(), s0)
        case .constBool(let b):
            a.mov(.dword, s0, imm: b ? 1 : 0); storeGP(result(), s0)
        case .constNil:
            let m = Self.mem(location(result()))
            a.mov(.qword, m.advanced(by: RuntimeLayout.payloadOffset), imm: 0)
            storeTag(m, Tag.nil_)
        case .loadReg(let r):
            copyValue(to: Self.mem(location(result())), from: RuntimeLayout.slot(r))
        case .storeReg(let r):
            box(ops[0], f.type(of: ops[0]).boxKind!, into: RuntimeLayout.slot(r))
        case .box(let kind):
            box(ops[0], kind, into: Self.mem(location(result())))
        case .guardInt, .guardTable, .guardString:
            let tag = ins.op == .guardInt ? Tag.integer : ins.op == .guardTable ? Tag.table : Tag.string
            let payload = tagCheck(tag)
            if case .gp(let r) = location(result()) { a.mov(.qword, r, payload) } else { a.mov(.qword, s0, payload); storeGP(result(), s0) }
        case .guardFloat:
            let payload = tagCheck(Tag.float)
            if case .xmm(let r) = location(result()) { a.movsd(r, payload) } else { a.movsd(x0, payload); storeXMM(result(), x0) }
        case .guardNumber:
            let m = boxedOperand(), isFloat = a.newLabel(), done = a.newLabel()
            a.alu(.cmp, .byte, m.advanced(by: RuntimeLayout.tagOffset), imm: Int32(Tag.float))
            a.jcc(.equal, isFloat)
            a.alu(.cmp, .byte, m.advanced(by: RuntimeLayout.tagOffset), imm: Int32(Tag.integer))
            a.jcc(.notEqual, stub(ins.exit!))
            a.sse(.pxor, x0, x0)
            a.cvtsi2sd(x0, m.advanced(by: RuntimeLayout.payloadOffset))
            a.jmp(done)
            a.bind(isFloat)
            a.movsd(x0, m.advanced(by: RuntimeLayout.payloadOffset))
            a.bind(done)
            storeXMM(result(), x0)
        case .guardMixed:
            // Exit when both tags say integer; the conversions after it check each is a number.
            let x = Self.mem(location(ops[0])), y = Self.mem(location(ops[1])), ok = a.newLabel()
            a.alu(.cmp, .byte, x.advanced(by: RuntimeLayout.tagOffset), imm: Int32(Tag.integer))
            a.jcc(.notEqual, ok)
            a.alu(.cmp, .byte, y.advanced(by: RuntimeLayout.tagOffset), imm: Int32(Tag.integer))
            a.jcc(.equal, stub(ins.exit!))
            a.bind(ok)
        case .guardNonZero:
            loadGP(s0, ops[0]); a.test(.qword, s0, s0); a.jcc(.equal, stub(ins.exit!))
            storeGP(result(), s0)
        case .guardFunction(let callee):
            let m = boxedOperand()
            switch callee {
            case .native(let index, _):
                // A light native is its index in the VM's table of natives.
                a.alu(.cmp, .byte, m.advanced(by: RuntimeLayout.tagOffset), imm: Int32(Tag.lightNative))
                a.jcc(.notEqual, stub(ins.exit!))
                a.alu(.cmp, .qword, m.advanced(by: RuntimeLayout.payloadOffset), imm: Int32(index))
                a.jcc(.notEqual, stub(ins.exit!))
            case .lua(let proto, _):
                // Any closure of the proto: its body reads no upvalue (IRBuilder+Inline).
                a.alu(.cmp, .byte, m.advanced(by: RuntimeLayout.tagOffset), imm: Int32(Tag.luaClosure))
                a.jcc(.notEqual, stub(ins.exit!))
                a.mov(.qword, s0, m.advanced(by: RuntimeLayout.payloadOffset))
                a.movImm(s1, Int64(Int(bitPattern: proto)))
                a.alu(.cmp, .qword, s1, Mem(s0, RuntimeLayout.closureProtoOffset))
                a.jcc(.notEqual, stub(ins.exit!))
            }
        case .guardTrue:
            loadGP(s0, ops[0]); a.test(.qword, s0, s0); a.jcc(.equal, stub(ins.exit!))
        case .checkLimit where currentBlock == 0:
            // At entry: the frame's top, as the interpreter computes it, against the limit word:
            // above it (unsigned) is an interrupt request or a stack overflow.
            let top = RuntimeLayout.slot(f.maxStackSize)
            limitCheck(ins) { a in
                a.lea(.qword, s0, top)
                a.alu(.cmp, .qword, s0, Mem(RegisterRoles.vmState, RuntimeLayout.limitOffset))
            }
        case .checkLimit:
            // At a loop header the frame cannot have grown since its entry's check, so only a
            // request (which stores 0 into the limit word) can fail: the frame base against the
            // limit word does, one compare-and-branch (a fused pair) instead of three instructions.
            limitCheck(ins) { a in
                a.alu(.cmp, .qword, RegisterRoles.frameBase, Mem(RegisterRoles.vmState, RuntimeLayout.limitOffset))
            }
        case .iadd: twoAddress(.add)
        case .isub: twoAddress(.sub)
        case .imul: twoAddress(nil)
        case .band: twoAddress(.and)
        case .bor: twoAddress(.or)
        case .bxor: twoAddress(.xor)
        case .ineg: loadGP(s0, ops[0]); a.unary(.neg, .qword, s0); storeGP(result(), s0)
        case .bnot: loadGP(s0, ops[0]); a.unary(.not, .qword, s0); storeGP(result(), s0)
        case .iudiv:
            binaryGP { a in a.alu(.xor, .dword, s2, s2); a.unary(.div, .qword, s1) }
        case .ifloordiv, .imod:
            // Floor division and modulo; the divisor is nonzero (the IR's promise). A divisor of
            // -1 never reaches idiv (min // -1 traps there): a // -1 is -a (wrapping), a % -1 is 0.
            // Otherwise idiv truncates, and a nonzero remainder whose sign differs from the
            // divisor's moves the quotient down by one and the remainder up by the divisor.
            let isMod = ins.op == .imod
            binaryGP { a in
                let divide = a.newLabel(), done = a.newLabel()
                a.alu(.cmp, .qword, s1, imm: -1)
                a.jcc(.notEqual, divide)
                if isMod { a.alu(.xor, .dword, s0, s0) } else { a.unary(.neg, .qword, s0) }
                a.jmp(done)
                a.bind(divide)
                a.cqo()
                a.unary(.idiv, .qword, s1)
                if isMod { a.mov(.qword, s0, s2) }
                a.test(.qword, s2, s2)
                a.jcc(.equal, done)
                a.alu(.xor, .qword, s2, s1)
                a.jcc(.noSign, done)
                if isMod { a.alu(.add, .qword, s0, s1) } else { a.unary(.dec, .qword, s0) }
                a.bind(done)
            }
        case .shl, .shr:
            binaryGP { a in
                let left = a.newLabel(), right = a.newLabel(), done = a.newLabel()
                if ins.op == .shr { a.unary(.neg, .qword, s1) }     // x >> n is x << -n
                a.alu(.cmp, .qword, s1, imm: 63)
                a.jcc(.belowOrEqual, left)                       // 0 <= n <= 63 (unsigned compare)
                a.unary(.neg, .qword, s1)
                a.alu(.cmp, .qword, s1, imm: 63)
                a.jcc(.belowOrEqual, right)                      // -63 <= n <= -1
                a.alu(.xor, .dword, s0, s0)                      // |n| >= 64: every bit shifted out
                a.jmp(done)
                a.bind(right)
                a.shiftCL(.shr, .qword, s0)
                a.jmp(done)
                a.bind(left)
                a.shiftCL(.shl, .qword, s0)
                a.bind(done)
            }
        case .fadd: binaryXMM(.addsd)
        case .fsub: binaryXMM(.subsd)
        case .fmul: binaryXMM(.mulsd)
        case .fdiv: binaryXMM(.divsd)
        case .fneg:
            loadGP(s0, ops[0]); a.movImm(s1, Int64.min); a.alu(.xor, .qword, s0, s1)
            storeGP(result(), s0)
        case .fsqrt:
            var dst = x0
            if case .xmm(let r) = location(result()) { dst = r }
            switch location(ops[0]) {
            case .xmm(let s): a.sse(.sqrtsd, dst, s)
            case .stack: a.sse(.sqrtsd, dst, Self.mem(location(ops[0])))
            case .gp(let r): a.movq(dst, r); a.sse(.sqrtsd, dst, dst)
            }
            storeXMM(result(), dst)
        case .intToFloat:
            loadGP(s0, ops[0]); a.sse(.pxor, x0, x0); a.cvtsi2sd(x0, s0); storeXMM(result(), x0)
        case .icmp, .testBits, .checkTags, .checkBounds:
            setBool(emitCompare(ins)!)
        case .unbox, .arrayIndex:
            lowerUnchecked(ins)
        case .fcmp(let c):
            if let cond = emitCompare(ins) { setBool(cond); break }
            // eq and ne read two flags: unordered (NaN) sets ZF and PF.
            loadXMM(x0, ops[0]); loadXMM(x1, ops[1])
            a.sse(.ucomisd, x0, x1)
            a.setcc(c == .eq ? .equal : .notEqual, s0)
            a.setcc(c == .eq ? .noParity : .parity, s1)
            a.alu(c == .eq ? .and : .or, .byte, s0, s1)
            a.movzx(.dword, s0, .byte, s0)
            storeGP(result(), s0)
        case .truthy:
            a.alu(.cmp, .byte, boxedOperand().advanced(by: RuntimeLayout.tagOffset), imm: Int32(Tag.false_))
            setBool(.above)
        case .isNil:
            a.alu(.cmp, .byte, boxedOperand().advanced(by: RuntimeLayout.tagOffset), imm: Int32(Tag.nil_))
            setBool(.equal)
        case .noneToClose(let level):
            // The first open upvalue (the highest) below the level's slot, and the innermost
            // to-be-closed variable's slot below it; either missing passes. Each address is
            // compared, less the level's offset, with the frame's base.
            let L = RuntimeLayout.self
            let offset = Int32(level * RuntimeLayout.valueStride)
            let no = a.newLabel(), tbc = a.newLabel(), yes = a.newLabel(), done = a.newLabel()
            a.mov(.qword, s0, Mem(RegisterRoles.vmState, L.stateThreadOffset))
            a.mov(.qword, s1, Mem(s0, L.threadOpenUpvalsOffset))
            a.test(.qword, s1, s1)
            a.jcc(.equal, tbc)
            a.mov(.qword, s1, Mem(s1, L.upvalValueOffset))
            if offset != 0 { a.alu(.sub, .qword, s1, imm: offset) }
            a.alu(.cmp, .qword, RegisterRoles.frameBase, s1)
            a.jcc(.belowOrEqual, no)
            a.bind(tbc)
            a.mov(.qword, s1, Mem(s0, L.threadTbcCountOffset))
            a.test(.qword, s1, s1)
            a.jcc(.equal, yes)
            a.mov(.qword, s2, Mem(s0, L.threadTbcOffset))
            a.mov(.qword, s2, Mem(s2, s1, .x8, -8))
            a.shift(.shl, .qword, s2, imm: L.valueShift)
            a.alu(.add, .qword, s2, Mem(s0, L.threadStackOffset))
            if offset != 0 { a.alu(.sub, .qword, s2, imm: offset) }
            a.alu(.cmp, .qword, RegisterRoles.frameBase, s2)
            a.jcc(.belowOrEqual, no)
            a.bind(yes)
            a.movImm(s0, 1)
            a.jmp(done)
            a.bind(no)
            a.movImm(s0, 0)
            a.bind(done)
            storeGP(result(), s0)
        case .eqShortString(let k):
            // A string tag and K[k]'s object: short strings are interned, and a long one never
            // equals a short one (their lengths differ). A tag that differs leaves ZF clear.
            let m = boxedOperand()
            let done = a.newLabel()
            a.alu(.cmp, .byte, m.advanced(by: RuntimeLayout.tagOffset), imm: Int32(Tag.string))
            a.jcc(.notEqual, done)
            loadConstants(s1)
            a.mov(.qword, s1, Mem(s1, Int32(k * RuntimeLayout.valueStride) + RuntimeLayout.payloadOffset))
            a.alu(.cmp, .qword, s1, m.advanced(by: RuntimeLayout.payloadOffset))
            a.bind(done)
            setBool(.equal)
        case .not:
            loadGP(s0, ops[0]); a.alu(.xor, .dword, s0, imm: 1); storeGP(result(), s0)
        case .ffloordiv:
            loadXMM(x0, ops[0]); loadXMM(x1, ops[1])
            a.sse(.divsd, x0, x1)
            a.roundsd(x0, x0, .floor)
            storeXMM(result(), x0)
        case .fmod, .fpow:
            callHelper(ins.op == .fmod ? Helpers.fmod : Helpers.pow, for: ins, xmm: [ops[0], ops[1]], doubleResult: true)
            storeXMM(result(), x0)
        case .arith, .getTable, .setTable, .call, .interp, .compare:
            lowerRuntimeCall(ins)
        case .constK, .guardArrayBounds, .arrayLoad, .arrayStore, .fieldLoad, .fieldStore, .getUpval, .setUpval,
             .tableGetInt, .tableSetInt, .tableNext, .entryKey, .entryValue, .tableAppend, .tableGetStr, .tableSetStr, .tableRemoveLast,
             .stringByte, .stringMethod:
            lowerHeap(ins)
        }
    }
}
