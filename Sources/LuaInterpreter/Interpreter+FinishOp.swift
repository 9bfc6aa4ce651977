// Yields across metamethods: the dispatch loop's yieldable metamethod calls, and the completion
// of an instruction whose metamethod yielded (the instruction is "finished" when it returns).
//
// A metamethod still runs in a nested interpreter activation on the native stack. When it
// yields, the Swift error unwinds that activation (the CallInfo chain stays), `callValue` marks
// the calling Lua frame `finishOp`, and after the resume the metamethod's frame runs in the
// coroutine's activation; when it returns to the marked frame, `finishInterrupted` does what
// the rest of the instruction would have done with the result.
//
// A pcall that caught an error runs the unwound frames' __close handlers the same way: marked
// `mmCall` while it calls them, `finishOp` when one yielded (finishClosing completes it).
//
// Invariants: a slow path marks its frame `mmCall` only around the runtime call that may run a
// metamethod, and clears it on every exit (errors too), so only calls made while that Lua frame
// is the running frame may yield (GC finalizers, __close run by an unwind no pcall stops, message
// handlers and every native caller stay C-call boundaries); a metamethod's frame record is always
// `ci.next` of the frame that called it, and its first result sits at that record's funcIdx
// after it returned; a frame marked `finishOp` runs no instruction before its interrupted one
// (at savedPC - 1) is finished.

import LuaBytecode
import LuaRuntime

extension Interpreter {
    /// Run `body` (a runtime call that may call metamethods, one at a time) with the frame's
    /// calls yieldable.
    @inline(__always)
    static func yieldableMM<T>(_ ci: CI, _ body: () throws(VMError) -> T) throws(VMError) -> T {
        ci.pointee.status |= CallStatus.mmCall
        defer { ci.pointee.status &= ~CallStatus.mmCall }
        return try body()
    }

    @inline(never)
    static func lengthSlow(_ vm: VM, _ ci: CI, _ pc: PC, _ x: Value, _ info: ErrInfo) throws(VMError) -> Value {
        ci.pointee.savedPC = pc
        vm.current.pointee.top = ci.pointee.topIdx
        return try yieldableMM(ci) { () throws(VMError) in try vm.length(x, info) }
    }

    /// eq/lt/le with metamethods (`op`: .eq, .lt or .le on the operands as given).
    @inline(never)
    static func compareSlow(_ vm: VM, _ ci: CI, _ pc: PC, _ op: Opcode, _ x: Value, _ y: Value) throws(VMError) -> Bool {
        ci.pointee.savedPC = pc
        vm.current.pointee.top = ci.pointee.topIdx
        return try yieldableMM(ci) { () throws(VMError) -> Bool in
            op == .eq ? try vm.equals(x, y) : (op == .lt ? try vm.lessThan(x, y) : try vm.lessEqual(x, y))
        }
    }

    /// R[first] := R[first] .. ... .. R[first+n-1] (absolute stack indices). The thread's top is
    /// put just above `first`, so each __concat call's frame sits right above the last operand
    /// it consumed (finishInterrupted finds that operand from the frame's position).
    @inline(never)
    static func concatSlow(_ vm: VM, _ ci: CI, _ pc: PC, _ first: Int, _ n: Int) throws(VMError) {
        ci.pointee.savedPC = pc
        vm.current.pointee.top = first + 1
        try yieldableMM(ci) { () throws(VMError) in try vm.concat(first, n) }
    }

    /// Close the to-be-closed variables at and above `level` (block exit or return).
    @inline(never)
    static func closeSlow(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ ci: CI, _ level: Int) throws(VMError) {
        try yieldableMM(ci) { () throws(VMError) in try closeTBCNormal(vm, th, level) }
    }

    /// A callee returned to `ci`, a pcall marker, a native waiting for its call in place, or a
    /// frame waiting to finish an instruction. Returns the frame to continue in, or nil when the
    /// frame finished was the activation's `boundary` (a marker can be one: a coroutine whose
    /// body is pcall).
    @inline(never)
    static func afterReturn(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ ci: CI, _ boundary: CI) throws(VMError) -> CI? {
        var ci = ci
        while true {
            let st = ci.pointee.status
            let done = ci == boundary
            if st & CallStatus.finishOp != 0 && st & CallStatus.pcall != 0 {
                try finishClosing(vm, th, ci)
            } else if st & CallStatus.pcall != 0 {
                try finishPcall(vm, th, ci)
            } else if st & CallStatus.callInPlace != 0 {
                try finishCallInPlace(vm, th, ci)
            } else if st & CallStatus.finishOp != 0 {
                try finishInterrupted(vm, th, ci)
                return ci
            } else {
                return ci
            }
            if done { return nil }
            ci = th.pointee.ci
        }
    }

    // MARK: __close handlers run by a pcall that caught an error

    /// pcall frame `pci` caught `err`: close the to-be-closed variables its unwound frames left
    /// open, innermost first, with the frames above `pci` already popped, so that a handler may
    /// yield (lua 5.4 allows it). A handler's error replaces `err`. The error value waits in the
    /// slot above pci's function slot while a handler is suspended. Returns the final error.
    static func closeForPcall(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ pci: CI, _ err: Value) throws(VMError) -> Value {
        var top = aboveTBC(th, th.pointee.top)
        var c: CI? = th.pointee.ci
        while let x = c, x != pci { top = max(top, x.pointee.topIdx); c = x.pointee.previous }
        assert(c == pci, "the pcall frame is below the erroring frame")
        th.pointee.ci = pci
        th.pointee.stack[pci.pointee.funcIdx + 1] = err
        return try closeRemaining(vm, th, pci, top)
    }

    /// Close tbc variables above pci's function slot, each call made at `top`.
    static func closeRemaining(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ pci: CI, _ top: Int) throws(VMError) -> Value {
        let errSlot = pci.pointee.funcIdx + 1
        let marker = pci.pointee.status & CallStatus.xpcall != 0 ? pci : nil
        while let (v, h) = popTBC(vm, th, errSlot) {
            let err = th.pointee.stack[errSlot]
            th.pointee.top = top
            vm.handledMarker = nil
            do {
                try yieldableMM(pci) { () throws(VMError) in try callCloseAfterError(vm, h, v, err) }
            } catch {
                if error.kind != .error { throw error }
                // The xpcall's message handler sees the new error (in the handler's activation
                // already when it came from Lua code).
                let e = try handleCloseError(vm, th, marker, error.value)
                th.pointee.stack[errSlot] = e
                vm.handledMarker = nil
            }
        }
        return th.pointee.stack[errSlot]
    }

    /// A __close handler that yielded during closeForPcall returned: close the rest, then
    /// return (false, err) from the pcall.
    static func finishClosing(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ pci: CI) throws(VMError) {
        assert(th.pointee.ci == pci)
        pci.pointee.status &= ~CallStatus.finishOp
        let f = pci.pointee.funcIdx
        // The handler's frame record still holds where it was called: above every live slot.
        let top = pci.pointee.next.unsafelyUnwrapped.pointee.funcIdx
        let err = try closeRemaining(vm, th, pci, top)
        let s = th.pointee.stack
        s[f] = .false
        s[f + 1] = err
        vm.errorValue = .nil
        poscall(th, pci, f, 2)
    }

    /// Complete the instruction of Lua frame `ci` whose metamethod yielded and has now returned.
    static func finishInterrupted(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ ci: CI) throws(VMError) {
        assert(ci.pointee.closure != nil && th.pointee.ci == ci, "only the running Lua frame finishes an instruction")
        ci.pointee.status &= ~CallStatus.finishOp
        let pc = ci.pointee.savedPC.unsafelyUnwrapped
        let i = (pc - 1).pointee
        let op = unsafeBitCast(UInt8(truncatingIfNeeded: i & 0x7F), to: Opcode.self)
        let s = th.pointee.stack
        let baseIdx = ci.pointee.baseIdx
        let mmFunc = ci.pointee.next.unsafelyUnwrapped.pointee.funcIdx
        let r = s[mmFunc]
        switch op {
        case .getTabUp, .getTable, .getI, .getField, .self, .addI, .addK, .subK, .mulK, .modK, .powK,
             .divK, .idivK, .bandK, .borK, .bxorK, .shrI, .shlI, .add, .sub, .mul, .mod, .pow, .div,
             .idiv, .band, .bor, .bxor, .shl, .shr, .unm, .bnot, .len:
            s[baseIdx + opA(i)] = r
        case .eq, .lt, .le, .ltI, .leI, .gtI, .geI:
            // The next instruction is the jump: skip it when the condition differs from k. A
            // `<=` answered by __lt (compat 5.3) is the negation of its result.
            var cond = r.isTruthy
            if ci.pointee.status & CallStatus.leq != 0 {
                ci.pointee.status &= ~CallStatus.leq
                cond = !cond
            }
            if cond != opK(i) { ci.pointee.savedPC = pc + 1 }
        case .setTabUp, .setTable, .setI, .setField:
            break
        case .call, .tForCall:
            // A call made from compiled code (Interpreter+Tiers.swift): the callee's return has
            // already put its results in place, and top after them when it returns them all.
            break
        case .concat:
            let first = baseIdx + opA(i)
            let last = mmFunc - 1   // the right operand of the interrupted __concat
            assert(last > first && last < first + opB(i), "a __concat frame sits above its operand")
            s[last - 1] = r
            let n = last - first
            if n > 1 { try concatSlow(vm, ci, pc, first, n) }
        case .close:
            // Close the remaining variables (not by running the instruction again: that would
            // count as a jump back for the line hook).
            th.pointee.top = ci.pointee.topIdx
            try closeSlow(vm, th, ci, baseIdx + opA(i))
        case .return:
            // Likewise, by running the instruction again with its count of values (which still
            // wait at its first register) in top.
            ci.pointee.savedPC = pc - 1
            th.pointee.top = baseIdx + opA(i) + ci.pointee.nReturned
        case .move, .loadI, .loadF, .loadK, .loadKX, .loadFalse, .lFalseSkip, .loadTrue, .loadNil,
             .getUpval, .setUpval, .newTable, .not, .tbc, .jmp, .eqK, .eqI, .test, .testSet,
             .tailCall, .return0, .return1, .forLoop, .forPrep, .tForPrep, .tForLoop,
             .setList, .closure, .varArg, .varArgPrep, .extraArg:
            preconditionFailure("instruction \(op) calls no metamethod")
        }
    }
}
