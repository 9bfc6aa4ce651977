// Coroutines: resume/yield by switching the current stack, and the coroutine library (§6.2).
//
// Invariants: a coroutine's body frame is the first frame above its base frame; a yield leaves
// the yielding native's frame on top of the coroutine's chain (its arguments are the yielded
// values) and a resume completes that frame with the resume arguments as its results; resume
// recurses on the native stack (bounded by Limits.maxNativeDepth), Lua calls inside never do.
// A yield across a native boundary (nonYieldable > 0) is an error; a metamethod called by the
// dispatch loop is no boundary (Interpreter+FinishOp.swift finishes its instruction after a resume).

import CSigint
import LuaRuntime

public enum CoroutineLibrary {
    static func open(_ vm: VM) {
        vm.register(library: "coroutine") { lib in
            lib.add("create", create); lib.add("resume", resume); lib.add("yield", yield)
            lib.add("status", status); lib.add("wrap", wrap); lib.add("isyieldable", isyieldable)
            lib.add("running", running); lib.add("close", close)
        }
        let y = LTable.getStr(vm.getGlobal("coroutine").tbl, vm.newString("yield"))
        vm.yieldIndex = Int(y.payload)
    }

    /// Resume `co` with `args`: (true, yielded or returned values) or (false, [error]).
    public static func resume(_ vm: VM, _ co: UnsafeMutablePointer<LThread>, _ args: [Value]) throws(VMError) -> (Bool, [Value]) {
        if co.pointee.status == .dead { return (false, [vm.str("cannot resume dead coroutine")]) }
        if co.pointee.status != .suspended || co == vm.current { return (false, [vm.str("cannot resume non-suspended coroutine")]) }
        if vm.nativeDepth >= Limits.maxNativeDepth { return (false, [vm.str("C stack overflow")]) }
        vm.nativeDepth += 1
        let prev = vm.current!
        co.pointee.resumer = prev
        prev.pointee.status = .normal
        co.pointee.status = .running
        vm.current = co
        vm.activateStack()
        defer {
            vm.nativeDepth -= 1
            vm.current = prev
            prev.pointee.status = .running
            co.pointee.resumer = nil
            vm.activateStack()
            // The coroutine may have set hooks on its resumer (debug.sethook(thread, ...)), or
            // its loops taken the request posted for the resumer: a plain loop there sees them
            // at its limit check right after this native returns.
            vm.repostHookRequest(for: prev)
        }
        do {
            if !co.pointee.started {
                co.pointee.started = true
                try vm.ensureStack(args.count + 1)
                for a in args { vm.push(a) }
                let body = co.pointee.stack[1]
                if body.tag == Tag.lightNative && (Int(body.payload) == vm.pcallIndex || Int(body.payload) == vm.xpcallIndex) {
                    try startProtected(vm, co, xpcall: Int(body.payload) == vm.xpcallIndex)
                } else if let ci = try Interpreter.precall(vm, 1, -1) {
                    try Interpreter.execute(vm, ci)
                    try Interpreter.finishCallsInPlace(vm, co, downTo: co.pointee.baseCI)
                }
            } else {
                let yci = co.pointee.ci
                co.pointee.top = yci.pointee.baseIdx
                try vm.ensureStack(args.count + 1)
                for a in args { vm.push(a) }
                // The yield (a native) returns now: its return event.
                if co.pointee.hook.mask != 0 { try Interpreter.nativeReturnEvent(vm, co, yci.pointee.baseIdx, args.count) }
                Interpreter.poscall(co, yci, yci.pointee.baseIdx, args.count)
                // Markers whose callee was the yield itself finish now (a frame waiting to
                // finish an instruction does so when the loop resumes it).
                if co.pointee.ci.pointee.status & (CallStatus.pcall | CallStatus.callInPlace) != 0 {
                    _ = try Interpreter.afterReturn(vm, co, co.pointee.ci, co.pointee.baseCI)
                }
                if co.pointee.ci != co.pointee.baseCI {
                    // The activation starts above the natives waiting for their call in place.
                    var first = co.pointee.baseCI.pointee.next.unsafelyUnwrapped
                    while first.pointee.status & CallStatus.callInPlace != 0 { first = first.pointee.next.unsafelyUnwrapped }
                    try Interpreter.execute(vm, first)
                    try Interpreter.finishCallsInPlace(vm, co, downTo: co.pointee.baseCI)
                }
            }
            co.pointee.status = .dead
            let s = co.pointee.stack
            var out: [Value] = []
            for i in 1..<co.pointee.top { out.append(s[i]) }
            co.pointee.top = 1
            return (true, out)
        } catch {
            if error.kind == .yield {
                co.pointee.status = .suspended
                let s = co.pointee.stack
                var out: [Value] = []
                for i in co.pointee.yieldFirst..<co.pointee.top { out.append(s[i]) }
                return (true, out)
            }
            co.pointee.status = .dead
            vm.closeUpvals(co, 0)
            co.pointee.deathError = error.value
            if error.kind == .interrupt { throw error }
            return (false, [error.value])
        }
    }

    static func checkCo(_ a: Args, _ i: Int) throws(VMError) -> UnsafeMutablePointer<LThread> {
        let v = a[i]
        if v.tag == Tag.thread { return v.thread }
        throw a.typeError(i, "thread")  // lua5.4's wording
    }

    static func create(_ a: Args) throws(VMError) -> Int {
        let f = try a.checkFunction(1)
        let co = a.vm.newThread()
        co.pointee.stack[1] = f
        co.pointee.top = 2
        return a.ret(.object(UnsafeMutableRawPointer(co), Tag.thread))
    }

    static func resume(_ a: Args) throws(VMError) -> Int {
        let co = try checkCo(a, 1)
        var args: [Value] = []
        if a.count >= 2 { for i in 2...a.count { args.append(a[i]) } }
        let (ok, vals) = try resume(a.vm, co, args)
        a.vm.push(.bool(ok))
        for v in vals { a.vm.push(v) }
        return vals.count + 1
    }

    static func yield(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let th = vm.current!
        // lua raises these from the yield itself: no position prefix (runtimeError in a native frame).
        if vm.visibleThread == vm.mainThread { throw vm.runtimeError("attempt to yield from outside a coroutine") }
        if th.pointee.nonYieldable > 0 { throw vm.runtimeError("attempt to yield across a C-call boundary") }
        th.pointee.yieldFirst = a.base
        th.pointee.top = a.base + a.count
        throw VMError(kind: .yield, value: .nil)
    }

    /// A coroutine whose body is pcall or xpcall itself: its marker frame is the activation's
    /// boundary, so that the protected function may yield (as from a pcall called in Lua code).
    static func startProtected(_ vm: VM, _ co: UnsafeMutablePointer<LThread>, xpcall: Bool) throws(VMError) {
        let callee: UnsafeMutablePointer<CallInfo>?
        do {
            callee = try Interpreter.protectedCall(vm, co, 1, -1, xpcall: xpcall)
        } catch {
            // The callee (a native) failed at once: the innermost marker, if one exists, catches
            // it; the markers below it (pcall(pcall, ...)) then return too.
            guard error.kind == .error, co.pointee.ci != co.pointee.baseCI,
                  let first = co.pointee.baseCI.pointee.next, first.pointee.status & CallStatus.pcall != 0,
                  let marker = Interpreter.findPcall(co, first)
            else { throw error }
            try Interpreter.recover(vm, co, marker, error.value)
            if marker != first { _ = try Interpreter.afterReturn(vm, co, co.pointee.ci, first) }
            return
        }
        if callee != nil { try Interpreter.execute(vm, co.pointee.baseCI.pointee.next.unsafelyUnwrapped) }
    }

    static func statusName(_ vm: VM, _ co: UnsafeMutablePointer<LThread>) -> String {
        if co == vm.current { return "running" }
        switch co.pointee.status {
        case .suspended: return "suspended"
        case .running: return "running"
        case .normal: return "normal"
        case .dead: return "dead"
        }
    }

    static func status(_ a: Args) throws(VMError) -> Int {
        let co = try checkCo(a, 1)
        return a.ret(a.vm.str(statusName(a.vm, co)))
    }

    static func wrap(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let f = try a.checkFunction(1)
        let co = vm.newThread()
        co.pointee.stack[1] = f
        co.pointee.top = 2
        let coV = Value.object(UnsafeMutableRawPointer(co), Tag.thread)
        let w = vm.newNativeClosure("wrap", upvalues: [coV]) { a throws(VMError) in
            let vm = a.vm
            let co = a.upvalue(1).thread
            var args: [Value] = []
            if a.count >= 1 { for i in 1...a.count { args.append(a[i]) } }
            let (ok, vals) = try resume(vm, co, args)
            if !ok {
                var e = vals.first ?? .nil
                // Died by an error: its pending variables close before the error goes on.
                if co.pointee.status == .dead && co.pointee.tbcCount > 0 {
                    e = try closeThread(vm, co, e)
                    co.pointee.deathError = .nil
                }
                if e.isString, co.pointee.status == .dead {
                    if let ci = vm.current.pointee.ci.pointee.previous, ci.pointee.closure != nil {
                        e = vm.str(Array((vm.position(ci) + " ").utf8) + LString.byteArray(e.str))
                    }
                }
                throw vm.errorWithValue(e)
            }
            for v in vals { vm.push(v) }
            return vals.count
        }
        return a.ret(w)
    }

    static func isyieldable(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let co = a.isNone(1) ? vm.current! : try checkCo(a, 1)
        return a.ret(.bool(co != vm.mainThread && co.pointee.nonYieldable == 0))
    }

    static func running(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let co = vm.visibleThread
        return a.ret(.object(UnsafeMutableRawPointer(co), Tag.thread), .bool(co == vm.mainThread))
    }

    static func close(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        a.catchesErrors()  // errors of the __close handlers it runs are its results
        let co = try checkCo(a, 1)
        let st = statusName(vm, co)
        if st != "suspended" && st != "dead" { throw vm.error("cannot close a \(st) coroutine") }
        let err = try closeThread(vm, co, co.pointee.deathError)
        if err.isNil { return a.ret(.true) }
        co.pointee.deathError = .nil
        return a.ret(.false, err)
    }

    /// Close the pending to-be-closed variables of `co` (suspended, or dead by error `err`),
    /// innermost first, inside `co`: it is the running coroutine meanwhile, as in lua, and its
    /// frames are gone. A handler's error replaces `err` and the next handler sees it; a handler
    /// cannot yield (lua calls them from a native). Returns the final error (nil: none) and leaves
    /// `co` dead with an empty stack.
    static func closeThread(_ vm: VM, _ co: UnsafeMutablePointer<LThread>, _ err: Value) throws(VMError) -> Value {
        vm.closeUpvals(co, 0)
        var err = err
        if co.pointee.tbcCount > 0 {
            if vm.nativeDepth >= Limits.maxNativeDepth { throw vm.runtimeError("C stack overflow") }
            var top = Interpreter.aboveTBC(co, co.pointee.top)
            var c: UnsafeMutablePointer<CallInfo>? = co.pointee.ci
            while let x = c { top = max(top, x.pointee.topIdx); c = x.pointee.previous }
            co.pointee.ci = co.pointee.baseCI
            let prev = vm.current!
            vm.nativeDepth += 1
            prev.pointee.status = .normal
            co.pointee.status = .running
            co.pointee.nonYieldable += 1
            vm.current = co
            vm.activateStack()
            defer {
                co.pointee.nonYieldable -= 1
                vm.nativeDepth -= 1
                vm.current = prev
                prev.pointee.status = .running
                vm.activateStack()
            }
            while let (v, h) = Interpreter.popTBC(vm, co, 1) {
                co.pointee.top = top
                do { try Interpreter.callCloseAfterError(vm, h, v, err) } catch {
                    if error.kind != .error { co.pointee.status = .dead; throw error }
                    err = error.value
                    vm.errorCaught()
                }
            }
        }
        co.pointee.status = .dead
        co.pointee.ci = co.pointee.baseCI
        co.pointee.top = 1
        return err
    }
}
