// The lowering of guard coalescing's ops: the combined checks (the tags of several values, the
// array bounds of a range of keys) as compares that leave their answer in one condition code for
// the branch ending their block, and the unchecked forms of the guards they proved.
//
// Invariants: a check never exits: its block's branch goes to one copy or the other. checkBounds
// answers true only when both ends of its range lie in 1...arraySize without wrapping, so it never
// accepts a key that one of the original guards would reject. In stress mode each check
// answers false the first time it runs (one stress flag each, as a guard), so that the copy keeping
// the original guards runs too.
import LuaRuntime
import X64Assembler

extension Lowering {
    /// The tag a value unboxed as `k` carries.
    static func tag(of k: BoxKind) -> UInt8 {
        switch k {
        case .int: return Tag.integer
        case .float: return Tag.float
        case .table: return Tag.table
        case .string: return Tag.string
        case .asIs, .bool: preconditionFailure("checkTags and unbox take int, float, table or string")
        }
    }

    /// Stress mode: the first time this check runs, clear its flag and answer false (`setFalse`
    /// leaves the flags so). Returns the label to bind after the check's own code.
    mutating func stressAnswersFalse(_ setFalse: (inout Assembler) -> Void) -> Label? {
        guard let flags = stressFlags else { return nil }
        let flag = flags + stressTriggers
        stressTriggers += 1
        let run = a.newLabel(), done = a.newLabel()
        a.movImm(RegisterRoles.scratch0, Int64(Int(bitPattern: flag)))
        a.alu(.cmp, .byte, Mem(RegisterRoles.scratch0, 0), imm: 0)
        a.jcc(.equal, run)
        a.mov(.byte, Mem(RegisterRoles.scratch0, 0), imm: 0)
        setFalse(&a)
        a.jmp(done)
        a.bind(run)
        return done
    }

    /// Emits a combined check; returns the condition that holds when it answers true (nil when
    /// `ins` is no check).
    mutating func emitCheck(_ ins: Instr) -> Condition? {
        let s0 = RegisterRoles.scratch0, s1 = RegisterRoles.scratch1, s2 = RegisterRoles.scratch2
        switch ins.op {
        case .checkTags(let kinds):
            // The tags xor'ed with the expected ones, or'ed together: zero when all match.
            // Stress: s0 holds the flag's (nonzero) address, so testing it clears ZF.
            let done = stressAnswersFalse { a in a.test(.qword, s0, s0) }
            for (i, (k, v)) in zip(kinds, ins.operands).enumerated() {
                let r = i == 0 ? s0 : s1
                a.movzx(.dword, r, .byte, Self.mem(location(v)).advanced(by: RuntimeLayout.tagOffset))
                a.alu(.xor, .dword, r, imm: Int32(Self.tag(of: k)))
                if i > 0 { a.alu(.or, .dword, s0, s1) }
            }
            if let done { a.bind(done) }
            return .equal
        case .checkBounds(let lo, let hi):
            // The unsigned larger of base + lo - 1 and base + hi - 1 below arraySize. Each end is
            // exact even when the sum wraps: with |c| <= maxCoalescedKeyOffset a wrapped end is at
            // least 2^63 - 2^31 as unsigned, beyond any array size, so both ends in 1...arraySize
            // means no wrap and every key between in range. Stress: a cleared CF answers false.
            let done = stressAnswersFalse { a in a.alu(.xor, .dword, s2, s2) }
            var base = s0
            if case .gp(let r) = location(ins.operands[1]) { base = r } else { loadGP(s0, ins.operands[1]) }
            a.lea(.qword, s2, Mem(base, Int32(lo - 1)))
            a.lea(.qword, s0, Mem(base, Int32(hi - 1)))
            a.alu(.cmp, .qword, s2, s0)
            a.cmov(.above, .qword, s0, s2)
            var table = s1
            if case .gp(let r) = location(ins.operands[0]) { table = r } else { loadGP(s1, ins.operands[0]) }
            a.alu(.cmp, .qword, s0, Mem(table, RuntimeLayout.tableArraySizeOffset))
            if let done { a.bind(done) }
            return .below
        case .constInt, .constFloat, .constBool, .constNil, .constK, .loadReg, .storeReg, .box,
             .guardInt, .guardFloat, .guardNumber, .guardMixed, .guardTable, .guardString, .guardFunction, .guardNonZero,
             .guardTrue, .guardArrayBounds, .checkLimit, .iadd, .isub, .imul, .ineg, .ifloordiv,
             .imod, .iudiv, .band, .bor, .bxor, .bnot, .shl, .shr, .fadd, .fsub, .fmul, .fdiv,
             .fmod, .ffloordiv, .fpow, .fneg, .fsqrt, .intToFloat, .icmp, .testBits, .fcmp, .truthy, .isNil, .eqShortString, .noneToClose, .stringByte, .stringMethod, .not,
             .arrayLoad, .arrayStore, .tableGetInt, .tableSetInt, .tableNext, .entryKey, .entryValue, .tableAppend, .tableGetStr, .tableSetStr, .tableRemoveLast, .fieldLoad, .fieldStore, .getUpval, .setUpval,
             .arith, .compare, .getTable, .setTable, .call, .interp, .unbox, .arrayIndex:
            return nil
        }
    }

    /// unbox and arrayIndex: a guard's result with nothing left to test.
    mutating func lowerUnchecked(_ ins: Instr) {
        let s0 = RegisterRoles.scratch0
        switch ins.op {
        case .unbox(let k):
            let payload = Self.mem(location(ins.operands[0])).advanced(by: RuntimeLayout.payloadOffset)
            if k == .float {
                a.movsd(RegisterRoles.xmmScratch0, payload); storeXMM(ins.result!, RegisterRoles.xmmScratch0)
            } else if case .gp(let r) = location(ins.result!) {
                a.mov(.qword, r, payload)
            } else {
                a.mov(.qword, s0, payload); storeGP(ins.result!, s0)
            }
        case .arrayIndex:
            var key = s0
            if case .gp(let r) = location(ins.operands[1]) { key = r } else { loadGP(s0, ins.operands[1]) }
            if case .gp(let r) = location(ins.result!) {
                a.lea(.qword, r, Mem(key, -1))
            } else {
                a.lea(.qword, s0, Mem(key, -1)); storeGP(ins.result!, s0)
            }
        case .constInt, .constFloat, .constBool, .constNil, .constK, .loadReg, .storeReg, .box,
             .guardInt, .guardFloat, .guardNumber, .guardMixed, .guardTable, .guardString, .guardFunction, .guardNonZero,
             .guardTrue, .guardArrayBounds, .checkLimit, .iadd, .isub, .imul, .ineg, .ifloordiv,
             .imod, .iudiv, .band, .bor, .bxor, .bnot, .shl, .shr, .fadd, .fsub, .fmul, .fdiv,
             .fmod, .ffloordiv, .fpow, .fneg, .fsqrt, .intToFloat, .icmp, .testBits, .fcmp, .truthy, .isNil, .eqShortString, .noneToClose, .stringByte, .stringMethod, .not,
             .arrayLoad, .arrayStore, .tableGetInt, .tableSetInt, .tableNext, .entryKey, .entryValue, .tableAppend, .tableGetStr, .tableSetStr, .tableRemoveLast, .fieldLoad, .fieldStore, .getUpval, .setUpval,
             .arith, .compare, .getTable, .setTable, .call, .interp, .checkTags, .checkBounds:
            preconditionFailure("\(ins.op.text) is no unchecked guard")
        }
    }
}
