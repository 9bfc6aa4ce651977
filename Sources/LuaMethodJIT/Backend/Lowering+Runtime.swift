// Runtime calls: the ops compiled code hands to the interpreter's helpers without leaving
// (`TierHelpers` in the runtime): calls (`.call`, and the generic for's TFORCALL), and every
// instruction with no fast path (`.interp`, the generic `.arith`, `.getTable`, `.setTable`), run
// by the interpreter's one-step loop on the frame's slots.
//
// The sequence, for an op with exit E at pc: write E's frame state into its slots (the
// interpreter, the GC and the debug library then see the frame as the interpreter would have
// it), call the helper with (VM, pc) (HelperCalls.swift saves the live caller-saved registers),
// and on nil exit through a stub with an empty frame state (every register already holds the
// truth in its slot; writing the state again would undo what the call changed, e.g. through an
// upvalue): the interpreter then raises the helper's pending error at the instruction or runs it.
// Else the answer is the frame's register 0 (the stack may have moved) and becomes the frame base;
// an op with a result reloads it from its instruction's register A.
//
// Invariants: only ops whose exit pc is the instruction they stand for are lowered here (the
// builder's `callOut`/`emit` guarantee it); nothing compiled keeps a heap pointer in a register
// across the call (the builder reloads every register after a call-out).
import LuaBytecode
import LuaRuntime
import X64Assembler

/// What lowering needs of the VM the code runs in, for runtime calls: without it (tests that
/// lower IR alone), the ops below are not lowerable.
public struct RuntimeLinks {
    /// The VM, as `Unmanaged<VM>.toOpaque()` (the helpers' first argument).
    public var vm: UnsafeMutableRawPointer
    public var helpers: TierHelpers
    /// The proto's instruction words: a result comes back in its instruction's register A.
    public var code: [UInt32]
    /// The VM's interned "__index" (field loads follow `__index` tables with it).
    public var indexName: UnsafeMutableRawPointer?
    /// The proto's instructions in memory (a direct call saves the caller's pc as an address in
    /// them); nil: every CALL goes through the call helper.
    public var codeAddress: UnsafeMutablePointer<UInt32>?
    /// The proto's `ranCompiled`, when the VM counts instructions (`--jit-stats`, Lowering+Stats).
    public var bytecodeCounter: UnsafeMutableRawPointer?
    public init(vm: UnsafeMutableRawPointer, helpers: TierHelpers, code: [UInt32], indexName: UnsafeMutableRawPointer?,
                codeAddress: UnsafeMutablePointer<UInt32>? = nil, bytecodeCounter: UnsafeMutableRawPointer? = nil) {
        self.vm = vm; self.helpers = helpers; self.code = code; self.indexName = indexName
        self.codeAddress = codeAddress
        self.bytecodeCounter = bytecodeCounter
    }
}

extension Backend {
    /// Whether `op` is lowered as a runtime call (needs `RuntimeLinks`).
    static func isRuntimeCall(_ op: IROp) -> Bool {
        switch op {
        case .call, .getTable, .setTable: return true
        case .arith: return true
        case .interp:
            // TFORCALL goes through the call helper; every other instruction is one step.
            return true
        case .compare:
            // Its own helper: the jump after the test stays compiled code's.
            return true
        case .constInt, .constFloat, .constBool, .constNil, .constK, .loadReg, .storeReg, .box,
             .guardInt, .guardFloat, .guardNumber, .guardMixed, .guardTable, .guardString, .guardFunction, .guardNonZero, .guardTrue,
             .guardArrayBounds, .checkLimit, .iadd, .isub, .imul, .ineg, .ifloordiv, .imod, .iudiv,
             .band, .bor, .bxor, .bnot, .shl, .shr, .fadd, .fsub, .fmul, .fdiv, .fmod, .ffloordiv,
             .fpow, .fneg, .fsqrt, .intToFloat, .icmp, .testBits, .fcmp, .truthy, .isNil, .eqShortString, .noneToClose, .stringByte, .stringMethod, .not, .arrayLoad, .arrayStore,
             .fieldLoad, .fieldStore, .getUpval, .setUpval, .tableGetInt, .tableSetInt, .tableNext, .entryKey, .entryValue, .tableAppend, .tableGetStr, .tableSetStr, .tableRemoveLast,
             .checkTags, .checkBounds, .unbox, .arrayIndex:
            return false
        }
    }
}

extension Lowering {
    /// Lower a runtime call (see the file's header).
    mutating func lowerRuntimeCall(_ ins: Instr) {
        guard let links = runtime, let e = ins.exit else { preconditionFailure("a runtime call without links or exit") }
        if case .call = ins.op, let code = links.codeAddress, links.helpers.calleeExit != nil,
           Instruction(raw: links.code[e.state.pc]).b != 0 {
            lowerDirectCall(ins, links, code: code)
            return
        }
        let helper: TierHelpers.Helper?
        switch ins.op {
        case .call, .interp(.tForCall): helper = links.helpers.call
        case .compare: helper = links.helpers.compare
        default: helper = links.helpers.step
        }
        guard let helper else { preconditionFailure("the interpreter published no helper for \(ins.op.text)") }
        for slot in e.state.slots { box(slot.value, slot.box, into: RuntimeLayout.slot(slot.register)) }
        let address = unsafeBitCast(helper, to: UInt.self)
        // (Its exit after the call has an empty state: the values were written before it.)
        callHelper(address, for: ins, gp: [.immediate(Int64(Int(bitPattern: links.vm))), .immediate(Int64(e.state.pc))],
                   exitState: false)
        let s0 = RegisterRoles.scratch0
        a.test(.qword, s0, s0)
        a.jcc(.equal, stub(Exit(reason: .helperStatus, state: FrameState(pc: e.state.pc, slots: []))))
        if case .compare = ins.op {
            // Bit 0 is the answer, the rest the frame (TierHelpers.compare).
            a.mov(.qword, RegisterRoles.scratch1, s0)
            a.alu(.and, .dword, RegisterRoles.scratch1, imm: 1)
            a.alu(.and, .qword, s0, imm: -2)
            a.mov(.qword, RegisterRoles.frameBase, s0)
            storeGP(ins.result!, RegisterRoles.scratch1)
            return
        }
        a.mov(.qword, RegisterRoles.frameBase, s0)
        if let r = ins.result {
            let dst = Instruction(raw: links.code[e.state.pc]).a
            copyValue(to: Self.mem(location(r)), from: RuntimeLayout.slot(dst))
        }
    }
}
