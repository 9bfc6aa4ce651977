// The lowering of CALL: a direct call when the callee is a Lua function with compiled code,
// the call helper otherwise.
//
// A call between compiled functions passes through no Swift: the caller's machine code does what
// the interpreter's `enterLua` and `poscall` do (push the callee's CallInfo, call the callee's
// entry, move the results, pop it), V8's and LuaJIT's way of calling between compiled
// functions. Everything it cannot do at once is left to the exact paths that exist already:
//  - the fast path's checks fail (the callee is not a Lua closure, has no code, is vararg, wants
//    more parameters than it gets, the stack must grow or a request lowered the limit word, no
//    CallInfo is free to reuse, or `JITLimits.maxDirectCallDepth` direct calls are nested on the
//    native stack): the call helper makes the call (`TierHelpers.call`), as for any callee;
//  - the callee exits instead of returning (a guard, an error or a yield below it, a limit
//    check): `TierHelpers.calleeExit` takes its frame over from that exit and finishes the call
//    exactly as the call helper would have.
// Both answer the frame base or nil (an exit of the caller with its frame in its slots), as every
// runtime call does (Lowering+Runtime.swift), and the three paths join there.
//
// Invariants: the caller's frame state is in its slots before the call (the builder reloads every
// register after it), and the caller's savedPC is past the CALL while the callee runs, as the
// call helper leaves them; the caller is marked `mmCall` for the call, as the call helper marks
// it; the count of nested direct calls in VMState (`direct_calls`) goes up and down around the
// machine call on every path (compiled code always returns through its epilogue); the frame base
// is reloaded from the thread after the call (the callee may have moved the stack).
import CSigint
import LuaBytecode
import LuaRuntime
import X64Assembler

extension Lowering {
    /// CALL at `pc` with a fixed argument count (B > 0), for a caller made with RuntimeLinks.
    mutating func lowerDirectCall(_ ins: Instr, _ links: RuntimeLinks, code: UnsafeMutablePointer<UInt32>) {
        guard let e = ins.exit else { preconditionFailure("a call without exit") }
        let pc = e.state.pc
        let i = Instruction(raw: links.code[pc])
        let nargs = i.b - 1, wanted = i.c - 1
        for slot in e.state.slots { box(slot.value, slot.box, into: RuntimeLayout.slot(slot.register)) }

        // Caller-saved registers live across the call, then two more words: the callee's entry
        // and CallInfo.
        let saved = liveAcrossCall(ins, exitState: false)
        let entrySlot = Mem(.rsp, Int32(8 * saved.count))
        let calleeSlot = Mem(.rsp, Int32(8 * saved.count + 8))
        let bytes = Int32((8 * saved.count + 16 + 15) & ~15)
        a.alu(.sub, .qword, .rsp, imm: bytes)
        for (k, loc) in saved.enumerated() { save(loc, Mem(.rsp, Int32(8 * k))) }

        let slow = a.newLabel(), returned = a.newLabel(), join = a.newLabel()
        let L = RuntimeLayout.self
        calleeChecks(RuntimeLayout.slot(i.a), nargs: nargs, slow: slow)
        // rdi := the callee's register 0; r8 := its frame's top, against the limit word (a
        // stack that must grow, and every pending request, go the slow way).
        a.lea(.qword, .rdi, RuntimeLayout.slot(i.a + 1))
        a.mov(.qword, .r8, Mem(.rcx, L.protoMaxStackOffset))
        a.shift(.shl, .qword, .r8, imm: L.valueShift)
        a.alu(.add, .qword, .r8, .rdi)
        a.alu(.cmp, .qword, .r8, Mem(RegisterRoles.vmState, L.limitOffset))
        a.jcc(.above, slow)
        a.alu(.cmp, .dword, Mem(RegisterRoles.vmState, L.directCallsOffset), imm: Int32(JITLimits.maxDirectCallDepth))
        a.jcc(.aboveOrEqual, slow)
        // rsi := the thread, r8 := the caller's CallInfo, r9 := the one after it (reused).
        a.mov(.qword, .rsi, Mem(RegisterRoles.vmState, L.stateThreadOffset))
        a.mov(.qword, .r8, Mem(.rsi, L.threadCIOffset))
        a.mov(.qword, .r9, Mem(.r8, L.ciNextOffset))
        a.test(.qword, .r9, .r9)
        a.jcc(.equal, slow)

        // Committed: what enterLua does. The caller first (its pc past the CALL, `mmCall`).
        a.movImm(.r10, Int64(Int(bitPattern: code + pc + 1)))
        a.mov(.qword, Mem(.r8, L.ciSavedPCOffset), .r10)
        a.alu(.or, .word, Mem(.r8, L.ciStatusOffset), imm: Int32(CallStatus.mmCall))
        a.mov(.qword, .r10, Mem(.r8, L.ciBaseOffset))
        a.alu(.add, .qword, .r10, imm: Int32(i.a))
        a.mov(.qword, Mem(.r9, L.ciFuncOffset), .r10)
        a.lea(.qword, .r11, Mem(.r10, Int32(i.b)))
        a.mov(.qword, Mem(.rsi, L.threadTopOffset), .r11)
        a.unary(.inc, .qword, .r10)
        a.mov(.qword, Mem(.r9, L.ciBaseOffset), .r10)
        a.alu(.add, .qword, .r10, Mem(.rcx, L.protoMaxStackOffset))
        a.mov(.qword, Mem(.r9, L.ciTopOffset), .r10)
        a.mov(.qword, .r10, Mem(.rcx, L.protoCodeOffset))
        a.mov(.qword, Mem(.r9, L.ciSavedPCOffset), .r10)
        a.mov(.qword, Mem(.r9, L.ciClosureOffset), .rdx)
        a.mov(.qword, Mem(.r9, L.ciNResultsOffset), imm: Int32(wanted))
        a.mov(.word, Mem(.r9, L.ciStatusOffset), imm: Int32(CallStatus.lua))
        a.mov(.qword, Mem(.r9, L.ciExtraArgsOffset), imm: 0)
        a.mov(.qword, Mem(.rsi, L.threadCIOffset), .r9)
        a.unary(.inc, .qword, Mem(.rcx, L.protoCallCountOffset))
        a.unary(.inc, .dword, Mem(RegisterRoles.vmState, L.directCallsOffset))
        a.mov(.qword, entrySlot, .rax)
        a.mov(.qword, calleeSlot, .r9)
        a.mov(.qword, .rsi, RegisterRoles.vmState)
        a.call(.rax)
        a.unary(.dec, .dword, Mem(RegisterRoles.vmState, L.directCallsOffset))
        a.test(.qword, .rax, .rax)
        a.jcc(.sign, returned)

        // The callee exited: the helper finishes its frame and the call.
        guard let calleeExit = links.helpers.calleeExit, let call = links.helpers.call else {
            preconditionFailure("the interpreter published no call helpers")
        }
        a.mov(.qword, .rdx, entrySlot)
        a.mov(.qword, .rcx, calleeSlot)
        a.movImm(.rsi, Int64(pc) << 32)
        a.alu(.or, .qword, .rsi, .rax)
        a.movImm(.rdi, Int64(Int(bitPattern: links.vm)))
        a.movabs(.rax, Int64(bitPattern: UInt64(unsafeBitCast(calleeExit, to: UInt.self))))
        a.call(.rax)
        a.jmp(join)

        // The callee returned n = -1 - rax values from its registers 0..<n: what poscall does.
        a.bind(returned)
        lowerDirectReturn(wanted: wanted, callee: calleeSlot)
        a.jmp(join)

        a.bind(slow)
        a.movImm(.rsi, Int64(pc))
        a.movImm(.rdi, Int64(Int(bitPattern: links.vm)))
        a.movabs(.rax, Int64(bitPattern: UInt64(unsafeBitCast(call, to: UInt.self))))
        a.call(.rax)

        a.bind(join)
        for (k, loc) in saved.enumerated() { restore(loc, Mem(.rsp, Int32(8 * k))) }
        a.alu(.add, .qword, .rsp, imm: bytes)
        a.test(.qword, .rax, .rax)
        a.jcc(.equal, stub(Exit(reason: .helperStatus, state: FrameState(pc: pc, slots: []))))
        a.mov(.qword, RegisterRoles.frameBase, .rax)
    }

    /// After a direct call returned (rax = -1 - n): the results to the callee's function slot
    /// and on (`wanted` of them, nil-filled, or all n when wanted is -1), the thread's top after
    /// them, the caller's CallInfo current again and no longer `mmCall`; rax := the caller's
    /// frame base (the stack may have moved).
    private mutating func lowerDirectReturn(wanted: Int, callee: Mem) {
        let L = RuntimeLayout.self
        a.unary(.not, .qword, .rax)                                   // rax := n
        a.mov(.qword, .rsi, Mem(RegisterRoles.vmState, L.stateThreadOffset))
        a.mov(.qword, .r9, callee)                                    // the callee's CallInfo
        a.mov(.qword, .r8, Mem(.r9, L.ciPreviousOffset))              // the caller's
        a.mov(.qword, Mem(.rsi, L.threadCIOffset), .r8)
        a.alu(.and, .word, Mem(.r8, L.ciStatusOffset), imm: Int32(Int16(bitPattern: ~CallStatus.mmCall)))
        a.mov(.qword, .rdi, Mem(.rsi, L.threadStackOffset))
        a.mov(.qword, .r10, Mem(.r9, L.ciFuncOffset))                 // r10 := result index
        a.mov(.qword, .r11, Mem(.r9, L.ciBaseOffset))                 // (r9 is free after this)
        a.shift(.shl, .qword, .r11, imm: L.valueShift)
        a.alu(.add, .qword, .r11, .rdi)                               // r11 := first result
        a.mov(.qword, .rdx, .r10)
        a.shift(.shl, .qword, .rdx, imm: L.valueShift)
        a.alu(.add, .qword, .rdx, .rdi)                               // rdx := where they go
        if wanted == 1 {
            // The common case (`f(x)` in an expression): the first result, or nil.
            let none = a.newLabel(), done = a.newLabel()
            a.test(.qword, .rax, .rax)
            a.jcc(.equal, none, short: true)
            a.mov(.qword, .r9, Mem(.r11, L.payloadOffset))
            a.mov(.qword, Mem(.rdx, L.payloadOffset), .r9)
            a.movzx(.dword, .r9, .byte, Mem(.r11, L.tagOffset))
            a.mov(.byte, Mem(.rdx, L.tagOffset), .r9)
            a.jmp(done, short: true)
            a.bind(none)
            a.mov(.qword, Mem(.rdx, L.payloadOffset), imm: 0)
            a.mov(.byte, Mem(.rdx, L.tagOffset), imm: Int32(Tag.nil_))
            a.bind(done)
            a.unary(.inc, .qword, .r10)
            a.mov(.qword, Mem(.rsi, L.threadTopOffset), .r10)
            a.mov(.qword, .rax, Mem(.r8, L.ciBaseOffset))
            a.shift(.shl, .qword, .rax, imm: L.valueShift)
            a.alu(.add, .qword, .rax, .rdi)
            return
        }
        // rcx := how many to move: min(n, wanted), or n.
        a.mov(.qword, .rcx, .rax)
        if wanted >= 0 {
            a.alu(.cmp, .qword, .rcx, imm: Int32(wanted))
            let le = a.newLabel()
            a.jcc(.lessOrEqual, le, short: true)
            a.mov(.qword, .rcx, imm: Int32(wanted))
            a.bind(le)
        }
        let moveLoop = a.newLabel(), moved = a.newLabel()
        a.bind(moveLoop)
        a.test(.qword, .rcx, .rcx)
        a.jcc(.equal, moved, short: true)
        a.mov(.qword, .r9, Mem(.r11, L.payloadOffset))
        a.mov(.qword, Mem(.rdx, L.payloadOffset), .r9)
        a.movzx(.dword, .r9, .byte, Mem(.r11, L.tagOffset))
        a.mov(.byte, Mem(.rdx, L.tagOffset), .r9)
        a.alu(.add, .qword, .r11, imm: Int32(L.valueStride))
        a.alu(.add, .qword, .rdx, imm: Int32(L.valueStride))
        a.unary(.dec, .qword, .rcx)
        a.jmp(moveLoop, short: true)
        a.bind(moved)
        if wanted >= 0 {
            // Nil up to `wanted` values (rdx is past the last moved), then top := func + wanted.
            a.lea(.qword, .rcx, Mem(.r10, Int32(wanted)))
            a.shift(.shl, .qword, .rcx, imm: L.valueShift)
            a.alu(.add, .qword, .rcx, .rdi)
            let fill = a.newLabel(), filled = a.newLabel()
            a.bind(fill)
            a.alu(.cmp, .qword, .rdx, .rcx)
            a.jcc(.aboveOrEqual, filled, short: true)
            a.mov(.qword, Mem(.rdx, L.payloadOffset), imm: 0)
            a.mov(.byte, Mem(.rdx, L.tagOffset), imm: Int32(Tag.nil_))
            a.alu(.add, .qword, .rdx, imm: Int32(L.valueStride))
            a.jmp(fill, short: true)
            a.bind(filled)
            a.alu(.add, .qword, .r10, imm: Int32(wanted))
        } else {
            a.alu(.add, .qword, .r10, .rax)
        }
        a.mov(.qword, Mem(.rsi, L.threadTopOffset), .r10)
        a.mov(.qword, .rax, Mem(.r8, L.ciBaseOffset))
        a.shift(.shl, .qword, .rax, imm: L.valueShift)
        a.alu(.add, .qword, .rax, .rdi)
    }

    /// Whether the TAILCALL `i` is made by compiled code (`tailCall`) when its callee has code:
    /// nothing to close (k clear), a caller that is not vararg (C = 0: its function slot is
    /// just below its base), a fixed argument count.
    static func isCompiledTailCall(_ i: Instruction) -> Bool {
        i.opcode == .tailCall && !i.k && i.c == 0 && i.b != 0
    }

    /// TAILCALL at exit `e`'s pc, before its exit (the slow path, for whatever the checks
    /// refuse): when the callee is a Lua closure with code, what the interpreter's tail call
    /// does — the callee and its arguments move down to this frame's function slot, this
    /// CallInfo becomes the callee's (`tailCalled`, `fresh` kept), and this native frame is
    /// replaced by the callee's code (the epilogue, then a jump to its entry), so a chain of tail
    /// calls runs in constant native and Lua stack. The callee returns or exits to this frame's
    /// caller; an exit names its own code in VMState.exit_code, so the side table read is the
    /// callee's.
    mutating func tailCall(_ e: Exit, _ links: RuntimeLinks, slow: Label) {
        let i = Instruction(raw: links.code[e.state.pc])
        let nargs = i.b - 1
        let L = RuntimeLayout.self
        for slot in e.state.slots { box(slot.value, slot.box, into: RuntimeLayout.slot(slot.register)) }
        calleeChecks(RuntimeLayout.slot(i.a), nargs: nargs, slow: slow)
        // The callee's frame (at this frame's base) against the limit word.
        a.mov(.qword, .r8, Mem(.rcx, L.protoMaxStackOffset))
        a.shift(.shl, .qword, .r8, imm: L.valueShift)
        a.alu(.add, .qword, .r8, RegisterRoles.frameBase)
        a.alu(.cmp, .qword, .r8, Mem(RegisterRoles.vmState, L.limitOffset))
        a.jcc(.above, slow)
        // Committed. The function and its arguments move down by A + 1 slots.
        for j in 0...nargs {
            let src = RuntimeLayout.slot(i.a + j), dst = RuntimeLayout.slot(j - 1)
            a.mov(.qword, .r9, src.advanced(by: L.payloadOffset))
            a.mov(.qword, dst.advanced(by: L.payloadOffset), .r9)
            a.movzx(.dword, .r9, .byte, src.advanced(by: L.tagOffset))
            a.mov(.byte, dst.advanced(by: L.tagOffset), .r9)
        }
        a.mov(.qword, .rsi, Mem(RegisterRoles.vmState, L.stateThreadOffset))
        a.mov(.qword, .r8, Mem(.rsi, L.threadCIOffset))
        a.mov(.qword, .r10, Mem(.r8, L.ciFuncOffset))
        a.alu(.add, .qword, .r10, imm: Int32(i.b))
        a.mov(.qword, Mem(.rsi, L.threadTopOffset), .r10)
        a.mov(.qword, Mem(.r8, L.ciClosureOffset), .rdx)
        a.mov(.qword, .r10, Mem(.r8, L.ciBaseOffset))
        a.alu(.add, .qword, .r10, Mem(.rcx, L.protoMaxStackOffset))
        a.mov(.qword, Mem(.r8, L.ciTopOffset), .r10)
        a.mov(.qword, .r10, Mem(.rcx, L.protoCodeOffset))
        a.mov(.qword, Mem(.r8, L.ciSavedPCOffset), .r10)
        a.movzx(.dword, .r10, .word, Mem(.r8, L.ciStatusOffset))
        a.alu(.and, .dword, .r10, imm: Int32(CallStatus.fresh))
        a.alu(.or, .dword, .r10, imm: Int32(CallStatus.lua | CallStatus.tailCalled))
        a.mov(.word, Mem(.r8, L.ciStatusOffset), .r10)
        a.mov(.qword, Mem(.r8, L.ciExtraArgsOffset), imm: 0)
        a.unary(.inc, .qword, Mem(.rcx, L.protoCallCountOffset))
        // This frame's native frame goes; the callee's code takes its place.
        a.mov(.qword, .rdi, RegisterRoles.frameBase)
        a.mov(.qword, .rsi, RegisterRoles.vmState)
        emitFrameTeardown()
        a.jmp(.rax)
    }

    /// The checks a compiled call makes of the callee in slot `fn` before it enters its code
    /// (any failing goes to `slow`): a Lua closure, with code, not vararg, wanting at most
    /// `nargs` parameters. Leaves rdx := the closure, rcx := its proto, rax := its entry.
    private mutating func calleeChecks(_ fn: Mem, nargs: Int, slow: Label) {
        let L = RuntimeLayout.self
        a.alu(.cmp, .byte, fn.advanced(by: L.tagOffset), imm: Int32(Tag.luaClosure))
        a.jcc(.notEqual, slow)
        a.mov(.qword, .rdx, fn.advanced(by: L.payloadOffset))
        a.mov(.qword, .rcx, Mem(.rdx, L.closureProtoOffset))
        a.mov(.qword, .rax, Mem(.rcx, L.protoJitEntryOffset))
        a.test(.qword, .rax, .rax)
        a.jcc(.equal, slow)
        a.alu(.cmp, .byte, Mem(.rcx, L.protoIsVarargOffset), imm: 0)
        a.jcc(.notEqual, slow)
        a.alu(.cmp, .qword, Mem(.rcx, L.protoNumParamsOffset), imm: Int32(nargs))
        a.jcc(.greater, slow)
    }

    private mutating func save(_ loc: Location, _ m: Mem) {
        switch loc {
        case .gp(let r): a.mov(.qword, m, r)
        case .xmm(let x): a.movsd(m, x)
        case .stack: preconditionFailure("a stack slot needs no saving")
        }
    }

    private mutating func restore(_ loc: Location, _ m: Mem) {
        switch loc {
        case .gp(let r): a.mov(.qword, r, m)
        case .xmm(let x): a.movsd(x, m)
        case .stack: preconditionFailure("a stack slot needs no saving")
        }
    }
}
