// The lowering of the ops that read or write the heap: constants of the running closure's proto,
// upvalues, the array part of tables (inline), and short-string fields (an inline probe, then
// a helper call into the runtime's own lookup: Lowering+Fields.swift).
//
// Invariants: every address comes from RuntimeLayout (MemoryLayout's answers); the closure is
// the one the entry received (RegisterRoles.closureOffset). Each op does what the interpreter's
// fast path for the same instruction does, and exits exactly where that fast path would leave
// for a slow path (the IR op's documented exit). No write barrier: the collector is a
// stop-the-world, non-incremental mark-sweep (LuaRuntime GC.swift), so a store into a table or
// an upvalue never needs to tell it anything.
import LuaBytecode
import LuaRuntime
import X64Assembler

extension Lowering {
    /// dst := the running closure's pointer.
    mutating func loadClosure(_ dst: GPR) {
        a.mov(.qword, dst, Mem(RegisterRoles.nativeFrame, RegisterRoles.closureOffset))
    }

    /// dst := the address of K[0] of the running closure's proto.
    mutating func loadConstants(_ dst: GPR) {
        loadClosure(dst)
        a.mov(.qword, dst, Mem(dst, RuntimeLayout.closureProtoOffset))
        a.mov(.qword, dst, Mem(dst, RuntimeLayout.protoConstantsOffset))
    }

    /// dst := UpVal.v of upvalue `index` (the address of its Value, open or closed).
    mutating func loadUpvalAddress(_ dst: GPR, _ index: Int) {
        loadClosure(dst)
        a.mov(.qword, dst, Mem(dst, RuntimeLayout.closureUpvalsOffset + Int32(index * RuntimeLayout.upvalPointerStride)))
        a.mov(.qword, dst, Mem(dst, RuntimeLayout.upvalValueOffset))
    }

    /// dst := the address of the array slot at the zero-based index `index` of table `table`.
    /// Clobbers scratch2.
    mutating func loadArraySlot(_ dst: GPR, table: ValueID, index: ValueID) {
        let s2 = RegisterRoles.scratch2
        loadGP(s2, index)
        loadGP(dst, table)
        a.mov(.qword, dst, Mem(dst, RuntimeLayout.tableArrayOffset))
        a.shift(.shl, .qword, s2, imm: RuntimeLayout.valueShift)
        a.alu(.add, .qword, dst, s2)
    }

    /// Exit through `exit` when the Value at `slot` is nil and `table` has a metatable (an
    /// __index or __newindex could answer). Clobbers scratch2.
    mutating func exitIfNilWithMetatable(_ slot: Mem, table: ValueID, _ exit: Exit) {
        let s2 = RegisterRoles.scratch2, done = a.newLabel()
        a.alu(.cmp, .byte, slot.advanced(by: RuntimeLayout.tagOffset), imm: Int32(Tag.nil_))
        a.jcc(.notEqual, done)
        loadGP(s2, table)
        a.alu(.cmp, .qword, Mem(s2, RuntimeLayout.tableMetatableOffset), imm: 0)
        a.jcc(.notEqual, stub(exit))
        a.bind(done)
    }

    /// entryKey / entryValue: the key or the value at a traversal position (LTable.nextPosition):
    /// array index p (key p + 1), hash slot p - arraySize, nil for -1. In line, no helper.
    mutating func lowerEntry(_ ins: Instr) {
        let s1 = RegisterRoles.scratch1, s2 = RegisterRoles.scratch2
        let L = RuntimeLayout.self
        let out = Self.mem(location(ins.result!))
        let isKey = ins.op == .entryKey
        let none = a.newLabel(), hash = a.newLabel(), done = a.newLabel()
        loadGP(s2, ins.operands[1])
        loadGP(s1, ins.operands[0])
        a.test(.qword, s2, s2)
        a.jcc(.sign, none)
        a.alu(.cmp, .qword, s2, Mem(s1, L.tableArraySizeOffset))
        a.jcc(.aboveOrEqual, hash)
        if isKey {
            a.unary(.inc, .qword, s2)
            a.mov(.qword, out.advanced(by: L.payloadOffset), s2)
            storeTag(out, Tag.integer)
        } else {
            a.mov(.qword, s1, Mem(s1, L.tableArrayOffset))
            a.shift(.shl, .qword, s2, imm: L.valueShift)
            a.alu(.add, .qword, s1, s2)
            copyValue(to: out, from: Mem(s1))
        }
        a.jmp(done)
        a.bind(hash)
        a.alu(.sub, .qword, s2, Mem(s1, L.tableArraySizeOffset))
        a.mov(.qword, s1, Mem(s1, L.tableNodesOffset))
        a.shift(.shl, .qword, s2, imm: L.nodeShift)
        a.alu(.add, .qword, s1, s2)
        copyValue(to: out, from: Mem(s1, isKey ? L.nodeKeyOffset : L.nodeValueOffset))
        a.jmp(done)
        a.bind(none)
        storeTag(out, Tag.nil_)
        a.bind(done)
    }

    mutating func lowerHeap(_ ins: Instr) {
        let s0 = RegisterRoles.scratch0, s1 = RegisterRoles.scratch1
        let ops = ins.operands
        switch ins.op {
        case .constK(let k):
            loadConstants(s1)
            copyValue(to: Self.mem(location(ins.result!)), from: Mem(s1, Int32(k * RuntimeLayout.valueStride)))
        case .getUpval(let u):
            loadUpvalAddress(s1, u)
            copyValue(to: Self.mem(location(ins.result!)), from: Mem(s1))
        case .setUpval(let u):
            loadUpvalAddress(s1, u)
            copyValue(to: Mem(s1), from: Self.mem(location(ops[0])))
        case .guardArrayBounds:
            // key - 1 < arraySize, unsigned: a key of 0 or below wraps to a huge index (as the
            // interpreter's getTable/setTable compare it).
            loadGP(s0, ops[1])
            loadGP(s1, ops[0])
            a.alu(.sub, .qword, s0, imm: 1)
            a.alu(.cmp, .qword, s0, Mem(s1, RuntimeLayout.tableArraySizeOffset))
            a.jcc(.aboveOrEqual, stub(ins.exit!))
            storeGP(ins.result!, s0)
        case .arrayLoad:
            loadArraySlot(s1, table: ops[0], index: ops[1])
            exitIfNilWithMetatable(Mem(s1), table: ops[0], ins.exit!)
            copyValue(to: Self.mem(location(ins.result!)), from: Mem(s1))
        case .arrayStore:
            loadArraySlot(s1, table: ops[0], index: ops[1])
            exitIfNilWithMetatable(Mem(s1), table: ops[0], ins.exit!)
            copyValue(to: Mem(s1), from: Self.mem(location(ops[2])))
        case .fieldLoad, .fieldStore:
            lowerField(ins)
        case .tableGetInt:
            callHelper(Helpers.tableGetInt, for: ins,
                       gp: [.value(ops[0]), .value(ops[1]), .address(Self.mem(location(ins.result!)))])
            a.test(.qword, s0, s0)
            a.jcc(.equal, stub(ins.exit!))
        case .tableNext:
            callHelper(Helpers.tableNext, for: ins, gp: [.value(ops[0]), .address(boxedMem(ops[1]))])
            a.alu(.cmp, .qword, s0, imm: Int32(LTable.invalidNextKey))
            a.jcc(.equal, stub(ins.exit!))
            storeGP(ins.result!, s0)
        case .entryKey, .entryValue:
            lowerEntry(ins)
        case .tableAppend:
            guard let vm = runtime?.vm else { preconditionFailure("tableAppend without the runtime's links") }
            callHelper(Helpers.tableAppend, for: ins,
                       gp: [.immediate(Int64(Int(bitPattern: vm))), .value(ops[0]), .address(boxedMem(ops[1]))])
            a.test(.qword, s0, s0)
            a.jcc(.equal, stub(ins.exit!))
        case .tableSetInt, .tableSetStr:
            // The VM, for a new key's raw set; without the runtime's links (the backend's own
            // tests) 0, and the helper leaves a new key to the slow path.
            let vm = Int64(Int(bitPattern: runtime?.vm))
            callHelper(ins.op == .tableSetInt ? Helpers.tableSetInt : Helpers.tableSetStr, for: ins,
                       gp: [.value(ops[0]), .value(ops[1]), .address(Self.mem(location(ops[2]))), .immediate(vm)])
            a.test(.qword, s0, s0)
            a.jcc(.equal, stub(ins.exit!))
        case .tableGetStr:
            callHelper(Helpers.tableGetStr, for: ins,
                       gp: [.value(ops[0]), .value(ops[1]), .address(Self.mem(location(ins.result!)))])
            a.test(.qword, s0, s0)
            a.jcc(.equal, stub(ins.exit!))
        case .stringByte:
            callHelper(Helpers.stringByte, for: ins,
                       gp: [.value(ops[0]), .value(ops[1]), .address(Self.mem(location(ins.result!)))])
        case .stringMethod(let k):
            guard let vm = runtime?.vm else { preconditionFailure("stringMethod without the runtime's links") }
            callHelper(Helpers.stringMethod, for: ins,
                       gp: [.immediate(Int64(Int(bitPattern: vm))), .constantPayload(k), .address(Self.mem(location(ins.result!)))])
            a.test(.qword, s0, s0)
            a.jcc(.equal, stub(ins.exit!))
        case .tableRemoveLast:
            callHelper(Helpers.tableRemoveLast, for: ins, gp: [.value(ops[0]), .address(Self.mem(location(ins.result!)))])
            a.test(.qword, s0, s0)
            a.jcc(.equal, stub(ins.exit!))
        case .constInt, .constFloat, .constBool, .constNil, .loadReg, .storeReg, .box, .guardInt,
             .guardFloat, .guardNumber, .guardMixed, .guardTable, .guardString, .guardFunction, .guardNonZero, .guardTrue,
             .checkLimit, .iadd, .isub, .imul, .ineg, .ifloordiv, .imod, .iudiv, .band, .bor, .bxor,
             .bnot, .shl, .shr, .fadd, .fsub, .fmul, .fdiv, .fmod, .ffloordiv, .fpow, .fneg, .fsqrt,
             .intToFloat, .icmp, .testBits, .fcmp, .truthy, .isNil, .eqShortString, .noneToClose, .not, .arith, .compare, .getTable,
             .setTable, .call, .interp,
             .checkTags, .checkBounds, .unbox, .arrayIndex:
            preconditionFailure("\(ins.op.text) is not a heap op")
        }
    }
}
