// Calls and returns: entering Lua and native functions, moving results, __call, errors and
// pcall recovery (closing: Interpreter+Close.swift), and the runtime's call hook (Swift -> Lua).
//
// Invariants: a Lua-to-Lua call pushes a CallInfo and never recurses on the native stack; a
// call from Swift (vm.call, metamethods from helpers, resume) starts a new interpreter
// activation whose first frame is its `boundary`: returning from it returns from `execute`;
// errors unwind to the nearest pcall frame inside the activation, else out of it (the caller
// of the activation restores the CallInfo chain). Interrupt errors are never caught by pcall.

import CSigint
import LuaBytecode
import LuaRuntime

public enum Interpreter {
    /// Wire the interpreter into a VM: the runtime's call hook.
    public static func install(_ vm: VM) {
        vm.hooks.call = { vm, funcIdx, nResults throws(VMError) in
            try callValue(vm, funcIdx, nResults)
        }
        vm.tierHelpers.call = compiledCallHelper
        vm.tierHelpers.step = compiledStepHelper
        vm.tierHelpers.compare = compiledCompareHelper
        vm.tierHelpers.calleeExit = compiledCalleeExitHelper
    }

    // MARK: entering functions

    /// Slow path of the function-entry limit check for closure `cl` (not entered yet): service
    /// requests, or grow the stack. A profiler tick taken here is the callee's, at its entry.
    @inline(never)
    static func entrySlow(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ need: Int,
                          _ cl: UnsafeMutablePointer<LClosure>) throws(VMError) {
        if vmstate_pending(vm.state) != 0 {
            vm.profiler?.entering = cl
            defer { vm.profiler?.entering = nil }  // also when no tick was pending, or it throws
            try vm.serviceRequests()
        }
        if UInt(bitPattern: th.pointee.stack + need) > vm.state.pointee.real_limit {
            try vm.growStack(th, need + Limits.extraStack + 1)
        }
        vmstate_restore_limit(vm.state)
    }

    /// Set up a Lua frame for closure `cl` at stack[fIdx] with `nargs` arguments above it.
    /// The fixed-parameter form is inline (the loop's calls); vararg callees go out of line.
    @inline(__always)
    static func enterLua(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ fIdx: Int, _ nargs: Int,
                         _ nResults: Int, _ cl: UnsafeMutablePointer<LClosure>) throws(VMError) -> UnsafeMutablePointer<CallInfo> {
        let p = cl.pointee.proto
        if p.pointee.isVararg { return try enterLuaVararg(vm, th, fIdx, nargs, nResults, cl) }
        // Stack indices are far below Int.max: wrapping arithmetic drops the overflow traps.
        let base = fIdx &+ 1
        let top = base &+ p.pointee.maxStack
        if UInt(bitPattern: th.pointee.stack + top) > vmstate_limit(vm.state) {
            try entrySlow(vm, th, top, cl)
        }
        let s = th.pointee.stack
        var n = nargs
        let np = p.pointee.numParams
        while n < np { s[base &+ n] = .nil; n &+= 1 }
        p.pointee.callCount &+= 1
        let ci = vm.nextCI(th.pointee.ci)
        ci.pointee.funcIdx = fIdx
        ci.pointee.baseIdx = base
        ci.pointee.topIdx = top
        ci.pointee.savedPC = p.pointee.code
        ci.pointee.closure = cl
        ci.pointee.nResults = nResults
        ci.pointee.status = CallStatus.lua
        ci.pointee.nExtraArgs = 0
        // nativeIndex is not reset: it is meaningful only in native frames (closure == nil).
        th.pointee.ci = ci
        return ci
    }

    /// enterLua for a vararg callee: the fixed parameters move above the extra arguments.
    @inline(never)
    static func enterLuaVararg(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ fIdx: Int, _ nargs: Int,
                               _ nResults: Int, _ cl: UnsafeMutablePointer<LClosure>) throws(VMError) -> UnsafeMutablePointer<CallInfo> {
        let p = cl.pointee.proto
        assert(p.pointee.isVararg)
        let np = p.pointee.numParams
        var base = fIdx + 1
        let maxStack = p.pointee.maxStack
        let need = base + max(nargs, np) + np + maxStack
        if UInt(bitPattern: th.pointee.stack + need) > vmstate_limit(vm.state) {
            try entrySlow(vm, th, need, cl)
        }
        let s = th.pointee.stack
        var n = nargs
        while n < np { s[base + n] = .nil; n += 1 }
        let nextra = n - np
        if nextra > 0 {
            let newBase = base + n
            for i in 0..<np { s[newBase + i] = s[base + i]; s[base + i] = .nil }
            base = newBase
        }
        p.pointee.callCount &+= 1
        let ci = vm.nextCI(th.pointee.ci)
        ci.pointee.funcIdx = fIdx
        ci.pointee.baseIdx = base
        ci.pointee.topIdx = base + maxStack
        ci.pointee.savedPC = p.pointee.code
        ci.pointee.closure = cl
        ci.pointee.nResults = nResults
        ci.pointee.status = CallStatus.lua
        ci.pointee.nExtraArgs = nextra
        th.pointee.ci = ci
        return ci
    }

    /// Call a native function at stack[fIdx] with the arguments up to top; results are moved.
    /// With `callEvent`, the call hook fires when on; with `returnEvent`, the return hook fires when
    /// the thread's hooks are on by the time it returns (callNativeHooked). Both fold away when false.
    @inline(__always)
    static func callNative(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ fIdx: Int, _ nResults: Int,
                           _ index: Int, _ closure: UnsafeMutablePointer<NClosure>?,
                           callEvent: Bool = false, returnEvent: Bool = false) throws(VMError) -> CI? {
        // Wrapping arithmetic on stack indices (far below Int.max): no overflow traps.
        let nargs = th.pointee.top &- fIdx &- 1
        if th.pointee.top &+ (Limits.nativeMinStack + Limits.extraStack) > th.pointee.stackSize {
            try vm.growStack(th, th.pointee.top + Limits.nativeMinStack + Limits.extraStack)
        }
        let ci = vm.nextCI(th.pointee.ci)
        ci.pointee.funcIdx = fIdx
        ci.pointee.baseIdx = fIdx &+ 1
        ci.pointee.topIdx = th.pointee.top &+ Limits.nativeMinStack
        ci.pointee.savedPC = nil
        ci.pointee.closure = nil
        ci.pointee.nResults = nResults
        ci.pointee.status = 0
        ci.pointee.nExtraArgs = 0
        ci.pointee.nativeIndex = index
        th.pointee.ci = ci
        if callEvent && th.pointee.hook.active && th.pointee.hook.mask & HookMask.call != 0 {
            try fireHook(vm, th, "call", nil, transfer: (1, nargs))
        }
        let n = try vm.invokeNative(index, Args(vm: vm, base: fIdx &+ 1, count: nargs, fnIndex: index, closure: closure))
        let th2 = vm.current!
        if n < 0 { return try startCallInPlace(vm, th2, ci) }
        if returnEvent && th2.pointee.hook.mask != 0 { try nativeReturnEvent(vm, th2, th2.pointee.top &- n, n) }
        poscall(th2, ci, th2.pointee.top &- n, n)
        return nil
    }

    /// The native of frame `ci` asked to finish with a call in its place (Args.finish(calling:)):
    /// mark its frame and call; the callee's frame (returned) runs above it. A native callee
    /// has completed already, and so has the native (nil).
    @inline(never)
    static func startCallInPlace(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ ci: CI) throws(VMError) -> CI? {
        let (slot, results) = vm.callInPlace
        assert(th.pointee.ci == ci && slot > ci.pointee.funcIdx && slot < th.pointee.top)
        ci.pointee.status |= CallStatus.callInPlace
        ci.pointee.nExtraArgs = results
        let callee = th.pointee.hook.active ? try precallHooked(vm, th, slot, -1) : try precall(vm, slot, -1)
        if callee != nil { return callee }
        try finishCallInPlace(vm, th, ci)
        return nil
    }

    /// The callee of native frame `ci` (marked callInPlace) returned, its results from its slot
    /// to top: they are the native's results, adjusted to the count it asked for.
    static func finishCallInPlace(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ ci: CI) throws(VMError) {
        assert(th.pointee.ci == ci && ci.pointee.status & CallStatus.callInPlace != 0)
        ci.pointee.status &= ~CallStatus.callInPlace
        let first = ci.pointee.next.unsafelyUnwrapped.pointee.funcIdx  // the callee's slot
        var n = th.pointee.top &- first
        let wanted = ci.pointee.nExtraArgs
        ci.pointee.nExtraArgs = 0
        if wanted >= 0 {
            // Room for the padding was ensured when the call was asked for.
            while n < wanted { th.pointee.stack[first &+ n] = .nil; n &+= 1 }
            n = wanted
            th.pointee.top = first &+ n
        }
        if th.pointee.hook.mask != 0 { try nativeReturnEvent(vm, th, first, n) }
        poscall(th, ci, first, n)
    }

    /// After an activation started from Swift returned: finish the natives below it that were
    /// waiting for their call in place, down to frame `level`.
    static func finishCallsInPlace(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, downTo level: CI) throws(VMError) {
        while th.pointee.ci != level {
            try finishCallInPlace(vm, th, th.pointee.ci)
        }
    }

    /// Move `n` results starting at stack[first] to the frame's function slot, adjusted to the
    /// number the caller wants; pop the frame.
    @inline(__always)
    static func poscall(_ th: UnsafeMutablePointer<LThread>, _ ci: UnsafeMutablePointer<CallInfo>, _ first: Int, _ n: Int) {
        let s = th.pointee.stack
        let res = ci.pointee.funcIdx
        let wanted = ci.pointee.nResults
        // Counts and indices are small and non-negative: wrapping arithmetic, no traps.
        if wanted == 1 {
            s[res] = n > 0 ? s[first] : .nil
            th.pointee.top = res &+ 1
        } else if wanted < 0 {
            var i = 0
            while i < n { s[res &+ i] = s[first &+ i]; i &+= 1 }
            th.pointee.top = res &+ n
        } else {
            let m = min(n, wanted)
            var i = 0
            while i < m { s[res &+ i] = s[first &+ i]; i &+= 1 }
            while i < wanted { s[res &+ i] = .nil; i &+= 1 }
            th.pointee.top = res &+ wanted
        }
        th.pointee.ci = ci.pointee.previous.unsafelyUnwrapped
    }

    /// Replace a non-function at stack[fIdx] by its __call handler (shifting the arguments up).
    static func resolveCall(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ fIdx: Int) throws(VMError) {
        let f = th.pointee.stack[fIdx]
        let h = vm.tm(f, .call)
        if h.isNil {
            // Name the callee from the calling instruction when the caller is Lua code (lua's
            // "(metamethod 'add')" when it runs one), else from the slot's variable.
            var info = ""
            let ci = th.pointee.ci
            if let (kind, name) = vm.funcNameFromCall(ci) {
                info = " (\(kind) '\(name)')"
            } else if ci.pointee.closure != nil {
                info = vm.varInfo(ci, register: fIdx - ci.pointee.baseIdx)
            }
            throw vm.runtimeError("attempt to call a \(vm.objTypeName(f)) value\(info)")
        }
        try vm.ensureStack(1)
        let s = th.pointee.stack
        var i = th.pointee.top
        while i > fIdx { s[i] = s[i - 1]; i -= 1 }
        th.pointee.top += 1
        s[fIdx] = h
    }

    /// Call the value at stack[fIdx] with arguments up to top. Returns the new CallInfo if it
    /// is a Lua function (the caller runs it) or a native's call in place, nil if it was native
    /// and has completed.
    static func precall(_ vm: VM, _ fIdx: Int, _ nResults: Int) throws(VMError) -> UnsafeMutablePointer<CallInfo>? {
        let th = vm.current!
        for _ in 0..<Limits.maxTagLoop {
            let f = th.pointee.stack[fIdx]
            switch f.tag {
            case Tag.luaClosure:
                return try enterLua(vm, th, fIdx, th.pointee.top &- fIdx &- 1, nResults, f.lclosure)
            case Tag.lightNative:
                return try callNative(vm, th, fIdx, nResults, Int(f.payload), nil)
            case Tag.nativeClosure:
                return try callNative(vm, th, fIdx, nResults, f.nclosure.pointee.fnIndex, f.nclosure)
            default:
                try resolveCall(vm, th, fIdx)
            }
        }
        throw vm.runtimeError("'__call' chain too long; possible loop")
    }

    // MARK: Swift -> Lua

    /// The runtime's call hook: call stack[funcIdx] with args up to top in a new activation.
    public static func callValue(_ vm: VM, _ funcIdx: Int, _ nResults: Int) throws(VMError) {
        vm.nativeDepth += 1
        defer { vm.nativeDepth -= 1 }
        let th = vm.current!
        if vm.nativeDepth >= Limits.maxNativeDepth {
            if vm.nativeDepth == Limits.maxNativeDepth { throw vm.runtimeError("C stack overflow") }
        }
        let savedCI = th.pointee.ci
        // A metamethod called for the running Lua frame's instruction may yield: the yield
        // abandons this native activation and the instruction is finished when the metamethod
        // returns (Interpreter+FinishOp.swift). Every other call from Swift is a C-call boundary.
        let yieldable = savedCI.pointee.status & CallStatus.mmCall != 0
        if !yieldable { th.pointee.nonYieldable += 1 }
        defer { if !yieldable { th.pointee.nonYieldable -= 1 } }
        let hooksWereOn = th.pointee.hook.active
        do {
            if let ci = hooksWereOn ? try precallHooked(vm, th, funcIdx, nResults) : try precall(vm, funcIdx, nResults) {
                // A function with compiled code starts in it at once (a comparator of
                // table.sort, a gsub replacement, a metamethod), not through the loop's entry.
                let compiled = hooksWereOn ? nil : ci.pointee.closure?.pointee.proto.pointee.jitEntry
                try execute(vm, ci, compiled: compiled)
                try finishCallsInPlace(vm, th, downTo: savedCI)
            }
        } catch {
            if yieldable && error.kind == .yield {
                savedCI.pointee.status |= CallStatus.finishOp
                savedCI.pointee.status &= ~CallStatus.mmCall
            }
            throw unwindAfterError(vm, th, savedCI, funcIdx, error)
        }
        // The metamethod switched this thread's hooks on (debug.sethook): the loop running the
        // calling frame may be in its plain form, which looks at hooks only at its limit checks.
        // Finish the instruction the way a yield across the metamethod does (finishOp: the
        // result is at funcIdx, where the metamethod's frame returned it) and have that loop's
        // `execute` re-enter the frame in the hooked form, so the next instruction is traced.
        if yieldable && !hooksWereOn && th.pointee.hook.active && savedCI.pointee.closure != nil {
            savedCI.pointee.status |= CallStatus.finishOp
            savedCI.pointee.status &= ~CallStatus.mmCall
            th.pointee.hook.oldPC = vm.currentPC(savedCI)
            throw VMError(kind: .reenter, value: .nil)
        }
    }

    /// Restore the CallInfo chain after an error left an activation: close upvalues and
    /// to-be-closed variables above `level` (unless the error goes where lua closes them:
    /// closesLater). Returns the error to go on with (a failing __close replaces it).
    static func unwindAfterError(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ savedCI: UnsafeMutablePointer<CallInfo>,
                                 _ level: Int, _ error: VMError) -> VMError {
        if error.kind == .yield { return error }
        vm.closeUpvals(th, level)
        var error = error
        if th.pointee.tbcCount > 0 && !(error.kind == .error && closesLater(vm, th, savedCI)) {
            error = closeAfterError(vm, th, savedCI, level, error)
        }
        th.pointee.ci = savedCI
        th.pointee.top = level
        return error
    }

    // MARK: errors inside an activation

    /// Run frames from `boundary` until it returns, recovering errors at pcall frames.
    /// `compiled`: the boundary is a fresh frame (no hooks) whose function has this compiled
    /// entry, run before any loop (as the loop's own entry would run it: Interpreter+Tiers).
    public static func execute(_ vm: VM, _ boundary: UnsafeMutablePointer<CallInfo>,
                               compiled: UnsafeRawPointer? = nil) throws(VMError) {
        let hth = vm.current!
        var compiled = compiled
        // The activation's frames are interpreted unless code it enters says otherwise (TierMarks).
        vm.tierMarks.push(boundary, .interpreted)
        defer { vm.tierMarks.pop() }
        if compiled == nil && hth.pointee.hook.active { try hookActivationEntry(vm, hth, boundary) }
        while true {
            do {
                if let entry = compiled {
                    compiled = nil
                    // Counted as a plain loop: hooks switched on while it runs stay requested
                    // until its limit check exits (NativeAPI serviceRequests).
                    hth.pointee.hook.plainLoops += 1
                    defer { hth.pointee.hook.plainLoops -= 1 }
                    // true: the frame returned; else the loop goes on where the code left.
                    if try runCompiled(vm, hth, boundary, entry, boundary, NoHooks.self) == true { return }
                    continue
                }
                // false: the loop left to switch between its plain and hooked forms.
                if try runSelected(vm, hth, boundary) { return }
                continue
            } catch {
                if error.kind == .reenter { continue }
                if error.kind == .yield { throw error }
                let th = vm.current!
                var error = error
                captureTraceback(vm, th, &error)
                if error.kind == .error, let pc = findPcall(th, boundary) {
                    try recover(vm, th, pc, error.value)
                    if pc == boundary { return }  // the activation was that pcall
                    // The pcall's caller may be a marker waiting for it (pcall(pcall, f)).
                    let c = th.pointee.ci
                    if c.pointee.status & (CallStatus.pcall | CallStatus.callInPlace) != 0 {
                        if try afterReturn(vm, th, c, boundary) == nil { return }
                    }
                    continue
                }
                throw try leavingActivation(vm, th, boundary, error)
            }
        }
    }

    /// Capture the traceback while the frames still exist: for errors nothing will catch, and
    /// for interrupts (uncatchable) wherever they stop the code.
    static func captureTraceback(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ error: inout VMError) {
        // An error found protected stays so in the activations further out (the pcall below the
        // inner one catches it before it gets there): they skip the walk to it.
        if error.tracebackDecided || vm.pendingTraceback != nil { return }
        if error.kind == .interrupt || (th == vm.mainThread && !isProtected(vm, th)) {
            vm.pendingTraceback = vm.traceback(throughResumers: error.kind == .interrupt)
        } else if th == vm.mainThread {
            error.tracebackDecided = true
        }
    }

    /// An error leaving activation `boundary` (no pcall inside it caught it): if an xpcall
    /// further out will catch it, its message handler runs now, at the error point, with these
    /// frames still there (as in lua, where a traceback handler shows them). The error to go on with.
    static func leavingActivation(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ boundary: CI, _ error: VMError) throws(VMError) -> VMError {
        guard error.kind == .error, !error.noHandlerToRun else { return error }
        if let m = outerHandlerMarker(vm, th, boundary) {
            let v = try runHandler(vm, th, m, error.value)
            vm.handledMarker = m
            vm.errorValue = v
            return VMError(kind: .error, value: v)
        }
        // The activations further out have the same innermost protecting frame below them (one
        // between would have caught the error): they need not walk the stack to it again.
        var e = error
        e.noHandlerToRun = true
        return e
    }

    /// The xpcall marker below activation `boundary` whose message handler must see an error
    /// leaving it: the innermost frame that protects, if it is an xpcall marker whose handler
    /// is neither running nor done for this error; nil for a pcall, or a native that catches.
    static func outerHandlerMarker(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ boundary: CI) -> CI? {
        handlerMarker(vm, th, from: boundary.pointee.previous)
    }

    /// outerHandlerMarker for an error at frame `from` (or below it).
    static func handlerMarker(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, from: CI?) -> CI? {
        var c = from
        while let ci = c, ci != th.pointee.baseCI {
            let st = ci.pointee.status
            if st & CallStatus.pcall != 0 {
                if st & CallStatus.xpcall == 0 || st & CallStatus.inHandler != 0 || vm.handledMarker == ci { return nil }
                return ci
            }
            if st & CallStatus.catches != 0 { return nil }
            if ci.pointee.closure == nil && (ci.pointee.nativeIndex == vm.pcallIndex || ci.pointee.nativeIndex == vm.xpcallIndex) {
                return nil
            }
            c = ci.pointee.previous
        }
        return nil
    }

    /// Call xpcall marker `pci`'s message handler on `err` above every frame still standing over
    /// it. An error inside the handler goes to the handler again, as in lua; one that keeps
    /// failing ends, at the native depth limit, as "error in error handling", and so does at once
    /// a stack overflow past the error zone (a handler that overflowed while handling an overflow).
    static func runHandler(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ pci: CI, _ value: Value) throws(VMError) -> Value {
        let handler = th.pointee.stack[pci.pointee.funcIdx]
        let oldTop = th.pointee.top
        var top = aboveTBC(th, th.pointee.top)
        var c: UnsafeMutablePointer<CallInfo>? = th.pointee.ci
        while let ci = c, ci != pci { top = max(top, ci.pointee.topIdx); c = ci.pointee.previous }
        th.pointee.top = top
        pci.pointee.status |= CallStatus.inHandler
        defer {
            pci.pointee.status &= ~CallStatus.inHandler
            th.pointee.top = oldTop
        }
        var err = value
        var attempts = 0
        while true {
            vm.overflowInErrorZone = false
            do {
                let r = try vm.call(handler, [err], nResults: 1)
                return r.first ?? .nil
            } catch {
                if error.kind != .error { throw error }
                if vm.overflowInErrorZone { vm.overflowInErrorZone = false; return error.value }
                attempts += 1
                if attempts >= Limits.maxNativeDepth { return vm.str("error in error handling") }
                err = error.value
            }
        }
    }

    /// The innermost pcall marker of the activation, its boundary included (a coroutine whose
    /// body is pcall runs with that pcall's marker as its boundary).
    static func findPcall(_ th: UnsafeMutablePointer<LThread>, _ boundary: UnsafeMutablePointer<CallInfo>) -> UnsafeMutablePointer<CallInfo>? {
        var c: UnsafeMutablePointer<CallInfo>? = th.pointee.ci
        while let ci = c {
            if ci.pointee.status & CallStatus.pcall != 0 { return ci }
            if ci == boundary { return nil }
            c = ci.pointee.previous
        }
        return nil
    }

    /// Whether some frame of the thread would catch an error (for traceback capture).
    static func isProtected(_ vm: VM, _ th: UnsafeMutablePointer<LThread>) -> Bool {
        var c: UnsafeMutablePointer<CallInfo>? = th.pointee.ci
        while let ci = c {
            if ci.pointee.status & CallStatus.pcall != 0 { return true }
            let ni = ci.pointee.nativeIndex
            if ci.pointee.closure == nil && ni >= 0 && (ni == vm.pcallIndex || ni == vm.xpcallIndex) { return true }
            c = ci.pointee.previous
        }
        return false
    }

    /// An error reached pcall frame `pci`: run the xpcall handler, close what the unwound frames
    /// opened, and return (false, err) from the pcall.
    static func recover(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ pci: UnsafeMutablePointer<CallInfo>, _ value: Value) throws(VMError) {
        var err = value
        let level = pci.pointee.funcIdx + 1
        if pci.pointee.status & CallStatus.xpcall != 0 {
            // The handler ran at the error point already when the error came from an inner
            // activation (execute); otherwise it runs now, the frames above still standing.
            if vm.handledMarker == pci {
                vm.handledMarker = nil
            } else {
                let top = th.pointee.top
                err = try runHandler(vm, th, pci, err)
                th.pointee.top = top
            }
        }
        vm.closeUpvals(th, level)
        if th.pointee.tbcCount > 0 { err = try closeForPcall(vm, th, pci, err) }
        th.pointee.ci = pci
        let f = pci.pointee.funcIdx
        vm.errorValue = .nil
        if th.pointee.hook.mask & HookMask.ret != 0 {
            // Laid out as lua's pcall/xpcall leave them (below the callee's slot their `true`,
            // the error in that slot, then false and the error), so that the return hook's
            // getlocal reads its ftransfer values.
            let at = f + pcallResultOffset(pci)
            if at + 4 + Limits.extraStack > th.pointee.stackSize { try vm.growStack(th, at + 4 + Limits.extraStack) }
            let s = th.pointee.stack
            s[at] = .true
            s[at + 1] = err
            s[at + 2] = .false
            s[at + 3] = err
            th.pointee.top = at + 4
            try nativeReturnEvent(vm, th, at + 2, 2)
            poscall(th, pci, at + 2, 2)
        } else {
            let s = th.pointee.stack
            s[f] = .false
            s[f + 1] = err
            poscall(th, pci, f, 2)
        }
        vm.releaseErrorZone(th)
    }

    /// Where lua's pcall (1) or xpcall (3: after the function and the handler) puts its `true`,
    /// relative to its function slot.
    @inline(__always)
    static func pcallResultOffset(_ pci: UnsafeMutablePointer<CallInfo>) -> Int {
        pci.pointee.status & CallStatus.xpcall != 0 ? 3 : 1
    }

    /// A pcall frame's callee returned normally: prepend `true` and return from the pcall (with
    /// pcall's return event when hooks are on).
    @inline(never)
    static func finishPcall(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ pci: UnsafeMutablePointer<CallInfo>) throws(VMError) {
        let f = pci.pointee.funcIdx
        if th.pointee.hook.mask & HookMask.ret != 0 {
            // lua's pcall/xpcall return `true` then the results, `true` at the offset their own
            // arguments leave: the same layout here, so that the return hook's getlocal reads
            // its ftransfer values.
            let top = th.pointee.top
            let shift = pcallResultOffset(pci)
            if top + shift + Limits.extraStack > th.pointee.stackSize { try vm.growStack(th, top + shift + Limits.extraStack) }
            let s = th.pointee.stack
            var i = top - 1
            while i > f { s[i + shift] = s[i]; i -= 1 }
            s[f + shift] = .true
            th.pointee.top = top + shift
            try nativeReturnEvent(vm, th, f + shift, top - f)
            poscall(th, pci, f + shift, top - f)
            return
        }
        th.pointee.stack[f] = .true
        poscall(th, pci, f, th.pointee.top - f)
    }
}
