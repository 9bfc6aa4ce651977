// The interpreter's side of tier-up (ARCHITECTURE.md §6): entering compiled code at a call, at a
// hot loop header (on-stack replacement), and taking the frame back after an exit or a return.
//
// Invariants: compiled code runs only in the plain loop form with the thread's hooks off, for a
// frame whose CallInfo is the thread's current one; it returns with either the function's results
// boxed in the frame's registers 0..<n (the interpreter then does what a RETURN would: move them to
// the caller) or an exit, after which the frame continues here at the exit's pc with every register
// in its slot. An exit at a failed limit check serves the requests there, exactly as the
// interpreter's own back-edge check would. Nothing here runs per instruction: a call asks the tier
// only once its proto's call count reaches `tierUpAt`, a back-edge only when its count equals
// `osrAt` (Interpreter+Ops.swift `backEdge`).

import LuaBytecode
import LuaRuntime

extension Interpreter {
    /// A back-edge count reached the proto's OSR threshold at loop header `pc`: remember it and
    /// leave the loop (`run` answers false, the activation re-enters `run`, which asks the tier).
    @inline(never)
    static func osrRequest(_ ci: CI, _ pc: PC) -> Bool {
        ci.pointee.savedPC = pc
        ci.pointee.status |= CallStatus.osrPending
        return true
    }

    /// At the start of `run`: the frame marked `osrPending` enters its loop's compiled code if the
    /// tier has (or now makes) an entry for it. nil: go on interpreting at th.ci; true/false: what
    /// `run` answers.
    @inline(never)
    static func osrEnter<H: HookPolicy>(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ ci: CI, _ boundary: CI,
                                        _: H.Type) throws(VMError) -> Bool? {
        ci.pointee.status &= ~CallStatus.osrPending
        guard !H.enabled, !th.pointee.hook.active, let tier = vm.tier else { return nil }
        let p = ci.pointee.closure.unsafelyUnwrapped.pointee.proto
        let header = pcIndex(p.pointee.code, ci.pointee.savedPC.unsafelyUnwrapped)
        guard let entry = tier.loopIsHot(vm, p, header: header) else { return nil }
        return try runCompiled(vm, th, ci, entry, boundary, H.self)
    }

    /// A call just entered Lua frame `ci` and its proto's call count reached `tierUpAt`: compile
    /// it if needed and run the code. nil: go on at th.ci; true/false: what `run` answers.
    @inline(never)
    static func tierUp<H: HookPolicy>(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ ci: CI, _ boundary: CI,
                                      _: H.Type) throws(VMError) -> Bool? {
        guard !H.enabled, !th.pointee.hook.active else { return nil }
        let p = ci.pointee.closure.unsafelyUnwrapped.pointee.proto
        if p.pointee.jitEntry == nil {
            // The engine only when there is no code yet (no retain of it on the common path).
            guard let tier = vm.tier else { return nil }
            tier.functionIsHot(vm, p)
        }
        guard let entry = p.pointee.jitEntry else { return nil }
        return try runCompiled(vm, th, ci, entry, boundary, H.self)
    }

    /// Run frame `ci`'s compiled code from `entry`, then hand the frame (or its caller, after a
    /// return) back to the loop. nil: go on at th.ci; true: `boundary` returned; false: the loop
    /// must leave to switch forms (a limit-check exit found hooks turned on).
    static func runCompiled<H: HookPolicy>(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ ci: CI,
                                           _ entry: UnsafeRawPointer, _ boundary: CI, _: H.Type) throws(VMError) -> Bool? {
        let cl = ci.pointee.closure.unsafelyUnwrapped
        let frame = th.pointee.stack + ci.pointee.baseIdx
        let code = unsafeBitCast(entry, to: CompiledEntry.self)
        vm.compiledDepth &+= 1
        vm.tierMarks.push(ci, .compiled)
        let answer = code(UnsafeMutableRawPointer(frame), UnsafeMutableRawPointer(vm.state), UnsafeMutableRawPointer(cl))
        vm.tierMarks.pop()
        vm.compiledDepth &-= 1
        return try compiledAnswered(vm, th, ci, entry, answer, boundary, H.self)
    }

    /// What runCompiled does once frame `ci`'s code (from `entry`) answered: a return, or an exit.
    static func compiledAnswered<H: HookPolicy>(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ ci: CI,
                                                _ entry: UnsafeRawPointer, _ answer: Int64, _ boundary: CI,
                                                _: H.Type) throws(VMError) -> Bool? {
        let p = ci.pointee.closure.unsafelyUnwrapped.pointee.proto
        if answer < 0 {
            // A RETURN of n values from registers 0..<n (compiled code returns only from functions
            // with nothing to close: RETURN with k set always exits to the interpreter).
            let wasBoundary = ci == boundary
            poscall(th, ci, ci.pointee.baseIdx, Int(-1 - answer))
            if wasBoundary { return true }
            let caller = th.pointee.ci
            if caller.pointee.status & (CallStatus.pcall | CallStatus.finishOp | CallStatus.callInPlace) != 0 {
                if try afterReturn(vm, th, caller, boundary) == nil { return true }
            }
            return nil
        }
        // The code that exited names itself (a compiled tail call may have replaced `entry`).
        let code = vm.state.pointee.exit_code ?? entry
        let exit = vm.tier.unsafelyUnwrapped.exited(vm, p, entry: code, exit: Int(answer))
        let pc = p.pointee.code + exit.pc
        ci.pointee.savedPC = pc
        if let error = vm.tierPendingError {
            // A helper's call raised, yielded or switched hooks: the instruction has started
            // (savedPC past it, as the interpreter has it during a call), and goes on from here.
            vm.tierPendingError = nil
            ci.pointee.savedPC = pc + 1
            throw error
        }
        if exit.limitCheck {
            vm.servingCompiledCheck = true
            defer { vm.servingCompiledCheck = false }
            if try backEdgeService(vm, ci, pc, H.self) { return false }
        }
        return nil
    }
}

// MARK: calls from compiled code

extension Interpreter {
    /// Calls made from compiled code nest on the native stack (compiled code -> this helper -> an
    /// activation for the callee); past this many nested activations a CALL exits to the
    /// interpreter instead, which calls without nesting, so Lua recursion never grows the native
    /// stack without bound (well below Limits.maxNativeDepth, where Swift callers get "C stack
    /// overflow").
    static let maxCompiledCallDepth = Limits.maxNativeDepth / 2

    /// `TierHelpers.call`: compiled code's CALL (Tiering.swift).
    static let compiledCallHelper: TierHelpers.Helper = { vmPointer, pc in
        // No retain/release per call: the VM outlives its compiled code.
        Unmanaged<VM>.fromOpaque(vmPointer)._withUnsafeGuaranteedRef { compiledCall($0, Int(pc)) }
    }

    /// The CALL (or the generic for's TFORCALL) at `pc` of the running frame (compiled; its
    /// registers are in their slots): what the interpreter's `.call` does, in a nested activation. The frame is marked `mmCall` for
    /// the call, as for a metamethod: a yield below leaves the frame `finishOp` and its CALL is
    /// finished when the callee returns (the frame then continues interpreted). Errors, yields
    /// and hook switches wait in `vm.tierPendingError` for the exit.
    static func compiledCall(_ vm: VM, _ pc: Int) -> UnsafeMutableRawPointer? {
        let th = vm.current!
        let ci = th.pointee.ci
        let code = ci.pointee.closure.unsafelyUnwrapped.pointee.proto.pointee.code
        let i = code[pc]
        if vm.nativeDepth >= maxCompiledCallDepth || th.pointee.hook.active {
            vm.tierPendingError = nil
            return nil  // the interpreter makes this call
        }
        let fIdx: Int, nres: Int
        if unsafeBitCast(UInt8(truncatingIfNeeded: i & 0x7F), to: Opcode.self) == .tForCall {
            // The generic for's call: R[A+4], R[A+5], R[A+6] := R[A](R[A+1], R[A+2]), C results.
            let s = th.pointee.stack + ci.pointee.baseIdx + opA(i)
            s[4] = s[0]; s[5] = s[1]; s[6] = s[2]
            fIdx = ci.pointee.baseIdx + opA(i) + 4
            th.pointee.top = fIdx + 3
            nres = opC(i)
        } else {
            fIdx = ci.pointee.baseIdx + opA(i)
            if opB(i) != 0 { th.pointee.top = fIdx + opB(i) }
            nres = opC(i) - 1
        }
        ci.pointee.savedPC = code + pc + 1
        let callee = th.pointee.stack[fIdx]
        if callee.tag == Tag.lightNative || callee.tag == Tag.nativeClosure {
            let index = callee.tag == Tag.lightNative ? Int(callee.payload) : callee.nclosure.pointee.fnIndex
            if index == vm.pcallIndex || index == vm.xpcallIndex {
                // A protected call runs in the calling frame's activation so that the protected
                // function may yield (Calls.swift `protectedCall`): the interpreter makes it.
                vm.tierPendingError = nil
                return nil
            } else {
                // A native, called as the interpreter's `.call` calls it: an error or a yield
                // leaves its frame on top (the traceback, an xpcall handler and a resume see it
                // there, once the compiled frame has exited), not unwound as by a Swift caller.
                let outer = vm.compiledCaller
                vm.compiledCaller = ci
                defer { vm.compiledCaller = outer }
                do {
                    // (As `.call` does: a light native with the return event a hook it sets on needs.)
                    let nci = callee.tag == Tag.lightNative ? try callNativeOutOfLine(vm, th, fIdx, nres, index)
                                                            : try precall(vm, fIdx, nres)
                    if let nci {
                        // It finishes with a call in its place: run that to the end here.
                        try execute(vm, nci)
                        try finishCallsInPlace(vm, th, downTo: ci)
                    }
                } catch {
                    vm.tierPendingError = error
                    return nil
                }
                return afterCompiledCall(vm, th, ci, code + pc + 1, nres)
            }
        }
        if callee.tag == Tag.luaClosure && !th.pointee.hook.active {
            return compiledLuaCall(vm, th, ci, fIdx, nres, callee.lclosure, next: code + pc + 1)
        }
        ci.pointee.status |= CallStatus.mmCall
        do {
            try callValue(vm, fIdx, nres)
            ci.pointee.status &= ~CallStatus.mmCall
        } catch {
            ci.pointee.status &= ~CallStatus.mmCall
            vm.tierPendingError = error
            return nil
        }
        return afterCompiledCall(vm, th, ci, code + pc + 1, nres)
    }

    /// A Lua callee of compiled code: what callValue does (a nested activation whose boundary is
    /// the callee's frame, the caller marked `mmCall` so a yield finishes the CALL later), with
    /// the callee's own compiled code entered straight from here when it has some, so that a
    /// call between compiled functions passes through no dispatch loop.
    static func compiledLuaCall(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ ci: CI, _ fIdx: Int, _ nres: Int,
                                _ cl: UnsafeMutablePointer<LClosure>, next: PC) -> UnsafeMutableRawPointer? {
        ci.pointee.status |= CallStatus.mmCall
        let callee: CI
        do throws(VMError) {
            callee = try enterLua(vm, th, fIdx, th.pointee.top &- fIdx &- 1, nres, cl)
        } catch {
            ci.pointee.status &= ~CallStatus.mmCall
            vm.tierPendingError = unwindAfterError(vm, th, ci, fIdx, error)
            return nil
        }
        // (What tierUp does, without its checks: the caller runs compiled, so hooks are off and
        // the tier exists.)
        var answer: Int64? = nil
        let p = cl.pointee.proto
        let entry = p.pointee.jitEntry ?? hotEntry(vm, p)
        if let entry {
            let code = unsafeBitCast(entry, to: CompiledEntry.self)
            let frame = th.pointee.stack + callee.pointee.baseIdx
            // The callee runs nested in this helper: counted, so that the nesting stays bounded.
            vm.nativeDepth &+= 1
            vm.tierMarks.push(callee, .compiled)
            answer = code(UnsafeMutableRawPointer(frame), UnsafeMutableRawPointer(vm.state), UnsafeMutableRawPointer(cl))
            vm.tierMarks.pop()
            vm.nativeDepth &-= 1
        }
        return calleeRan(vm, th, ci, callee, entry, answer, fIdx, nres, next)
    }

    /// `TierHelpers.calleeExit`: a direct call's callee exited (Tiering.swift).
    static let compiledCalleeExitHelper: TierHelpers.CalleeExit = { vmPointer, packed, entry, calleeCI in
        Unmanaged<VM>.fromOpaque(vmPointer)._withUnsafeGuaranteedRef { vm in
            let th = vm.current!
            let callee = calleeCI.assumingMemoryBound(to: CallInfo.self)
            let ci = callee.pointee.previous.unsafelyUnwrapped
            let code = ci.pointee.closure.unsafelyUnwrapped.pointee.proto.pointee.code
            let next = code + Int(packed >> 32) + 1
            // The direct call marked its caller `mmCall`, as compiledLuaCall does.
            return calleeRan(vm, th, ci, callee, entry, Int64(Int32(truncatingIfNeeded: packed)),
                             callee.pointee.funcIdx, callee.pointee.nResults, next)
        }
    }

    /// The rest of a call from compiled frame `ci` to the Lua frame `callee` (entered, and run
    /// from `entry` up to `answer` if it has code): its return, or its exit and the rest of its
    /// run interpreted, errors and yields caught for the caller's exit; then afterCompiledCall.
    static func calleeRan(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ ci: CI, _ callee: CI,
                          _ entry: UnsafeRawPointer?, _ answer: Int64?, _ fIdx: Int, _ nres: Int,
                          _ next: PC) -> UnsafeMutableRawPointer? {
        vm.nativeDepth &+= 1
        defer { vm.nativeDepth &-= 1 }
        do throws(VMError) {
            var returned = false
            if let entry, let answer {
                // The callee goes on interpreted here, above its compiled caller (TierMarks).
                vm.tierMarks.push(callee, .interpreted)
                defer { vm.tierMarks.pop() }
                do throws(VMError) {
                    // false: the callee's frame goes on in the hooked loop (execute picks it).
                    returned = try compiledAnswered(vm, th, callee, entry, answer, callee, NoHooks.self) ?? false
                } catch {
                    // As `execute` would for its activation: the callee's compiled code left no
                    // pcall frame above it (pcall is always made by the interpreter).
                    if error.kind == .reenter {
                        returned = false
                    } else {
                        var error = error
                        if error.kind != .yield { captureTraceback(vm, th, &error) }
                        throw error.kind == .yield ? error : try leavingActivation(vm, th, callee, error)
                    }
                }
            }
            if !returned {
                try execute(vm, callee)
                try finishCallsInPlace(vm, th, downTo: ci)
            }
            ci.pointee.status &= ~CallStatus.mmCall
        } catch {
            if error.kind == .yield {
                ci.pointee.status |= CallStatus.finishOp
            }
            ci.pointee.status &= ~CallStatus.mmCall
            vm.tierPendingError = unwindAfterError(vm, th, ci, fIdx, error)
            return nil
        }
        return afterCompiledCall(vm, th, ci, next, nres)
    }

    /// The entry of a proto without code whose call count reached its threshold, once compiled
    /// (nil: below the threshold, or the tier refused it).
    @inline(never)
    static func hotEntry(_ vm: VM, _ p: UnsafeMutablePointer<Proto>) -> UnsafeRawPointer? {
        guard p.pointee.callCount >= p.pointee.tierUpAt, let tier = vm.tier else { return nil }
        tier.functionIsHot(vm, p)
        return p.pointee.jitEntry
    }

    /// After a call made for compiled code: a GC safe point, as after the interpreter's calls;
    /// the limit check the interpreter makes after a native call (a request the callee posted,
    /// e.g. debug.sethook's, is seen before the next instruction) leaves compiled code too. The
    /// answer is the frame's register 0, or nil (an exit at the instruction after the call).
    static func afterCompiledCall(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ ci: CI, _ next: PC, _ nres: Int) -> UnsafeMutableRawPointer? {
        if th.pointee.hook.active {
            // The callee switched hooks on: the frame goes on in the hooked loop from the next
            // instruction (`reenter`, as callValue does for a metamethod that sets hooks).
            th.pointee.hook.oldPC = vm.currentPC(ci)
            vm.tierPendingError = VMError(kind: .reenter, value: .nil)
            return nil
        }
        if vm.deoptAfterCall == ci {
            // vmrepl.deopt() was called here: the frame goes on interpreted after the call.
            vm.deoptAfterCall = nil
            vm.tierPendingError = VMError(kind: .reenter, value: .nil)
            return nil
        }
        do {
            if vm.heapBytes >= vm.gcThreshold {
                let live = nres < 0 ? th.pointee.top - ci.pointee.baseIdx : ci.pointee.topIdx - ci.pointee.baseIdx
                try gcSlow(vm, ci, next, live)
            }
        } catch {
            vm.tierPendingError = error
            return nil
        }
        return UnsafeMutableRawPointer(th.pointee.stack + ci.pointee.baseIdx)
    }
}

// MARK: one instruction for compiled code

extension Interpreter {
    /// `TierHelpers.step`: one instruction run by the interpreter for compiled code (Tiering.swift).
    static let compiledStepHelper: TierHelpers.Helper = { vmPointer, pc in
        // No retain/release per call: the VM outlives its compiled code.
        Unmanaged<VM>.fromOpaque(vmPointer)._withUnsafeGuaranteedRef { compiledStep($0, Int(pc)) }
    }

    /// The instruction at `pc` of the running (compiled) frame, whose registers are in their
    /// slots, run by the loop in its one-step form: the same code as when interpreted, so the same
    /// semantics, metamethods, errors and messages. A metamethod it calls may yield: the frame is
    /// then left `finishOp` (as an interpreted frame would be) and continues interpreted.
    static func compiledStep(_ vm: VM, _ pc: Int) -> UnsafeMutableRawPointer? {
        let th = vm.current!
        let ci = th.pointee.ci
        ci.pointee.savedPC = ci.pointee.closure.unsafelyUnwrapped.pointee.proto.pointee.code + pc
        if th.pointee.hook.active {
            vm.tierPendingError = nil
            return nil  // hooks were switched on: the interpreter runs it in the hooked form
        }
        do {
            if try !arithmeticStep(vm, th, ci, pc) { _ = try run(vm, ci, OneStep.self) }
            if vm.countsBytecodes {
                // Run by the interpreter, though its block counted it as compiled (Tiering.swift).
                let p = ci.pointee.closure.unsafelyUnwrapped.pointee.proto
                p.pointee.ranInterpreted &+= 1
                p.pointee.ranCompiled &-= 1
            }
        } catch {
            vm.tierPendingError = error
            return nil
        }
        return UnsafeMutableRawPointer(th.pointee.stack + ci.pointee.baseIdx)
    }
}

extension Interpreter {
    /// The instructions compiled code asks `compiledStep` for most: arithmetic whose operand types
    /// it could not settle (integers and floats mixed), through the interpreter's own
    /// `binaryArith`; table accesses, through its getSlow/setSlow; and the allocating instructions
    /// (NEWTABLE, SETLIST, CLOSURE, CONCAT) and LEN, as the loop's cases do them. The one-step
    /// loop's set-up would cost more than the operation (binary_trees' `{make(d), make(d)}` ran
    /// slower compiled than interpreted through it). False for any other instruction.
    static func arithmeticStep(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ ci: CI, _ pc: Int) throws(VMError) -> Bool {
        let p = ci.pointee.closure.unsafelyUnwrapped.pointee.proto
        let code = p.pointee.code
        let i = code[pc]
        let next = code + pc + 1  // as the loop has it while the instruction runs
        let fbDelta = UInt(bitPattern: p.pointee.feedback) &- (UInt(bitPattern: code) &>> 1)
        let base = th.pointee.stack + ci.pointee.baseIdx
        let k = p.pointee.k
        let op = unsafeBitCast(UInt8(truncatingIfNeeded: i & 0x7F), to: Opcode.self)
        var x: Value { base[opB(i)] }  // read by the cases whose B is a register only
        let r: Value?
        switch op {
        case .add: r = try binaryArith(AddOp.self, vm, ci, next, op, i, x, base[opC(i)], yIsK: false, fbDelta, base)
        case .sub: r = try binaryArith(SubOp.self, vm, ci, next, op, i, x, base[opC(i)], yIsK: false, fbDelta, base)
        case .mul: r = try binaryArith(MulOp.self, vm, ci, next, op, i, x, base[opC(i)], yIsK: false, fbDelta, base)
        case .div: r = try binaryArith(DivOp.self, vm, ci, next, op, i, x, base[opC(i)], yIsK: false, fbDelta, base)
        case .addK: r = try binaryArith(AddOp.self, vm, ci, next, op, i, x, k[opC(i)], yIsK: true, fbDelta, base)
        case .subK: r = try binaryArith(SubOp.self, vm, ci, next, op, i, x, k[opC(i)], yIsK: true, fbDelta, base)
        case .mulK: r = try binaryArith(MulOp.self, vm, ci, next, op, i, x, k[opC(i)], yIsK: true, fbDelta, base)
        case .divK: r = try binaryArith(DivOp.self, vm, ci, next, op, i, x, k[opC(i)], yIsK: true, fbDelta, base)
        // Table accesses compiled code gave up speculating on (a key past the array part, a
        // missing field, a metatable): the interpreter's own slow paths, which its cases call too.
        case .getTable:
            // The key's type, as the loop's case records it (the next code may speculate on it).
            feedbackSlot(fbDelta, next).pointee |= Feedback.bits(base[opC(i)]) | outsideArray(x, base[opC(i)])
            r = try getSlow(vm, ci, next, x, base[opC(i)], i, .regB)
        case .getI: r = try getSlow(vm, ci, next, x, .integer(Int64(opC(i))), i, .regB)
        case .getField:
            // The loop's fast paths first (a field, or one found through `__index` tables).
            let key = k[opC(i)].str
            if x.tag == Tag.table {
                let v = LTable.getShortStr(x.tbl, key)
                if !v.isNil || x.tbl.pointee.metatable == nil { r = v; break }
                if let v = indexViaMetaTable(vm, x.tbl, key) { r = v; break }
            }
            r = try getSlow(vm, ci, next, x, .string(key), i, .regB)
        case .setField where base[opA(i)].tag == Tag.table
            && setExistingStr(base[opA(i)].tbl, k[opB(i)].str, opK(i) ? k[opC(i)] : base[opC(i)]):
            // The loop's fast path: an existing field overwritten. The slow path below would
            // count it as a field added (its feedback), which it is not.
            r = nil
        case .setTable, .setI, .setField:
            let t = base[opA(i)]
            let v = opK(i) ? k[opC(i)] : base[opC(i)]
            let key: Value = op == .setTable ? base[opB(i)] : op == .setI ? .integer(Int64(opB(i))) : .string(k[opB(i)].str)
            if op == .setTable { feedbackSlot(fbDelta, next).pointee |= Feedback.bits(key) | outsideArray(t, key) }
            try setSlow(vm, ci, next, t, key, v, i, .regA)
            r = nil
        case .newTable:
            let b = opB(i)
            var c = opC(i)
            if opK(i) { c += Int(code[pc + 1] >> 7) * 256 }
            base[opA(i)] = .table(vm.newTable(narray: c, nhash: b > 0 ? 1 << (b - 1) : 0))
            ci.pointee.savedPC = next + 1  // past its extraArg
            if vm.heapBytes >= vm.gcThreshold { try gcSlow(vm, ci, next + 1, opA(i) + 1) }
            return true
        case .setList:
            let a = opA(i), n = opB(i)
            guard n > 0 else { return false }  // up to the top a call left: the loop's case
            var c = opC(i)
            if opK(i) { c += Int(code[pc + 1] >> 7) * 256 }
            let t = base[a].tbl
            if c + n > t.pointee.arraySize { vm.ensureArray(t, c + n) }
            let arr = t.pointee.array!
            for j in 1...n { arr[c + j - 1] = base[a + j] }
            ci.pointee.savedPC = opK(i) ? next + 1 : next
            return true
        case .closure:
            let a = opA(i)
            let np = p.pointee.children[opBx(i)]
            let ncl = vm.allocLuaClosure(np)
            let ups = LClosure.upvals(ncl), own = LClosure.upvals(ci.pointee.closure.unsafelyUnwrapped)
            for j in 0..<np.pointee.upvalCount {
                let idx = Int(np.pointee.upvalIndex[j])
                ups[j] = np.pointee.upvalInStack[j] != 0 ? vm.findUpval(ci.pointee.baseIdx + idx) : own[idx]
            }
            base[a] = Value.object(UnsafeMutableRawPointer(ncl), Tag.luaClosure)
            ci.pointee.savedPC = next
            if vm.heapBytes >= vm.gcThreshold { try gcSlow(vm, ci, next, a + 1) }
            return true
        case .len:
            feedbackSlot(fbDelta, next).pointee |= Feedback.bits(x)
            if x.tag == Tag.string { r = .integer(x.str.pointee.length) }
            else if x.tag == Tag.table && x.tbl.pointee.metatable == nil { r = .integer(LTable.length(x.tbl)) }
            else { r = try lengthSlow(vm, ci, next, x, i, .regB) }
        case .concat:
            let a = opA(i)
            try concatSlow(vm, ci, next, ci.pointee.baseIdx + a, opB(i))
            ci.pointee.savedPC = next
            if vm.heapBytes >= vm.gcThreshold { try gcSlow(vm, ci, next, a + 1) }
            return true
        default: return false
        }
        if let r { (th.pointee.stack + ci.pointee.baseIdx)[opA(i)] = r }
        ci.pointee.savedPC = next
        return true
    }

    /// Feedback.outsideArrayBit when `t` is a table and `key` an integer its array part does not
    /// hold (as the loop's getTable/setTable cases record it).
    static func outsideArray(_ t: Value, _ key: Value) -> UInt16 {
        guard t.tag == Tag.table, key.tag == Tag.integer else { return 0 }
        return UInt(bitPattern: Int(key.i) &- 1) < UInt(bitPattern: t.tbl.pointee.arraySize) ? 0 : Feedback.outsideArrayBit
    }
}

// MARK: tests for compiled code

extension Interpreter {
    /// `TierHelpers.compare` (Tiering.swift).
    static let compiledCompareHelper: TierHelpers.Helper = { vmPointer, pc in
        // No retain/release per call: the VM outlives its compiled code.
        Unmanaged<VM>.fromOpaque(vmPointer)._withUnsafeGuaranteedRef { compiledCompare($0, Int(pc)) }
    }

    /// The comparison of the test at `pc` of the running (compiled) frame, with metamethods, the
    /// same messages and the same yield handling (finishOp) as when interpreted.
    static func compiledCompare(_ vm: VM, _ pc: Int) -> UnsafeMutableRawPointer? {
        let th = vm.current!
        let ci = th.pointee.ci
        let p = ci.pointee.closure.unsafelyUnwrapped.pointee.proto
        let i = p.pointee.code[pc]
        let next = p.pointee.code + pc + 1  // savedPC while the test runs
        ci.pointee.savedPC = next
        let base = th.pointee.stack + ci.pointee.baseIdx
        let op = unsafeBitCast(UInt8(truncatingIfNeeded: i & 0x7F), to: Opcode.self)
        let x = base[opA(i)]
        var cond: Bool
        do {
            switch op {
            case .eq, .lt, .le:
                let y = base[opB(i)]
                if op == .eq && x.tag == y.tag && x.tag != Tag.table && x.tag != Tag.userdata {
                    cond = Value.rawEquals(x, y)
                } else {
                    cond = try compareSlow(vm, ci, next, op, x, y)
                }
            case .eqK:
                cond = Value.rawEquals(x, p.pointee.k[opB(i)])
            case .eqI:
                let imm = opSB(i)
                cond = x.tag == Tag.integer ? x.i == Int64(imm) : (x.tag == Tag.float && x.f == Double(imm))
            case .ltI, .leI, .gtI, .geI:
                if x.tag == Tag.integer || x.tag == Tag.float {
                    let imm: Value = opC(i) != 0 ? .number(Double(opSB(i))) : .integer(Int64(opSB(i)))
                    switch op {
                    case .ltI: cond = try vm.lessThan(x, imm)
                    case .leI: cond = try vm.lessEqual(x, imm)
                    case .gtI: cond = try vm.lessThan(imm, x)
                    default: cond = try vm.lessEqual(imm, x)
                    }
                } else {
                    cond = try compareImmediate(vm, ci, next, op, x, i)
                }
            default:
                preconditionFailure("\(op) is not a test compiled code asks for")
            }
        } catch {
            vm.tierPendingError = error
            return nil
        }
        let frame = UInt(bitPattern: th.pointee.stack + ci.pointee.baseIdx)
        return UnsafeMutableRawPointer(bitPattern: frame | (cond ? 1 : 0))
    }
}
