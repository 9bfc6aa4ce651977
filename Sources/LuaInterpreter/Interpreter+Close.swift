// To-be-closed variables: closing them on block exit and return, during an error unwind, and
// when a coroutine is closed (coroutine.close, or a coroutine.wrap body that died by error).
//
// Invariants: every pending variable is closed exactly once, innermost first: it is popped from
// the thread's list before its handler is called, so a handler that fails or yields never runs
// again and the next one still does. On an ordinary exit a handler's error is raised where the
// block ends, and the unwind it starts closes the rest. During an error unwind a handler's error
// replaces the one unwinding, and the next handler sees it; the message handler of the xpcall
// that will catch it sees it first (lua keeps that handler on while it closes). A handler is
// always called above every live slot, the variables still to close among them. An unwind
// closes where lua does (closesLater): at the pcall that catches it, where a handler may yield
// (Interpreter+FinishOp.swift), or, for a coroutine it kills, at coroutine.close; only frames a
// native called close as the error leaves that native. The __close calls of an unwind are made
// as from native code, as in lua: a value that cannot be called gives "attempt to call a X
// value" with no position, and outside a pcall's recovery a handler cannot yield.

import LuaRuntime

extension Interpreter {
    /// Pop the innermost tbc variable at stack index >= level that holds a value to close (false
    /// and nil are popped and skipped): the value and its __close handler; nil when none is left.
    static func popTBC(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ level: Int) -> (Value, Value)? {
        while th.pointee.tbcCount > 0 {
            let idx = th.pointee.tbc![th.pointee.tbcCount - 1]
            if idx < level { return nil }
            th.pointee.tbcCount -= 1
            let v = th.pointee.stack[idx]
            if !v.isFalsy { return (v, vm.tm(v, .close)) }
        }
        return nil
    }

    /// `top`, or above the innermost pending variable when that is higher (the variables of
    /// frames already unwound wait above the running frame: closesLater).
    @inline(__always)
    static func aboveTBC(_ th: UnsafeMutablePointer<LThread>, _ top: Int) -> Int {
        th.pointee.tbcCount > 0 ? max(top, th.pointee.tbc![th.pointee.tbcCount - 1] + 1) : top
    }

    /// Whether an error leaving the activation called from frame `savedCI` goes where lua closes
    /// the variables of the frames it unwinds: to a pcall marker of this thread with only Lua
    /// frames between (its recovery closes everything above its slot, and a handler may yield
    /// there), or out of a coroutine (one dead by an error keeps them pending until closed).
    /// Else (a native between, which may catch the error in Swift; the main thread's or the
    /// finalizers' base) they close as the error leaves the activation. Their slots stay
    /// intact meanwhile: nothing runs below them before the closing, which calls above them
    /// (aboveTBC), and the collector marks pending variables.
    static func closesLater(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ savedCI: CI) -> Bool {
        var c: CI? = savedCI
        while let ci = c {
            if ci == th.pointee.baseCI {
                return th != vm.mainThread && ci.pointee.status & CallStatus.finalizer == 0
            }
            if ci.pointee.status & CallStatus.pcall != 0 { return true }
            if ci.pointee.closure == nil { return false }
            c = ci.pointee.previous
        }
        return false
    }

    /// Close tbc variables >= level normally (block exit / return): errors propagate.
    static func closeTBCNormal(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ level: Int) throws(VMError) {
        while let (v, h) = popTBC(vm, th, level) {
            _ = try vm.call(h, [v, .nil], nResults: 0)
        }
    }

    /// Call __close handler `h` of `v` during an error unwind, with the error `err`.
    static func callCloseAfterError(_ vm: VM, _ h: Value, _ v: Value, _ err: Value) throws(VMError) {
        if !h.isFunction && vm.tm(h, .call).isNil {
            throw vm.errorWithValue(vm.str("attempt to call a \(vm.objTypeName(h)) value"))
        }
        _ = try vm.call(h, [v, err], nResults: 0)
    }

    /// A handler's error during an unwind that the xpcall marker `m` will catch: unless an inner
    /// activation gave it to m's message handler already (handledMarker), do so now.
    static func handleCloseError(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ m: CI?, _ value: Value) throws(VMError) -> Value {
        guard let m, vm.handledMarker != m else { return value }
        let v = try runHandler(vm, th, m, value)
        vm.handledMarker = m
        return v
    }

    /// An error leaves the activation whose caller is frame `savedCI`: close the tbc variables at
    /// stack index >= level (the frames above savedCI are dead). Returns the error to go on with.
    static func closeAfterError(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ savedCI: CI, _ level: Int,
                                _ error: VMError) -> VMError {
        var unwinding = error
        var top = aboveTBC(th, th.pointee.top)
        var c: CI? = th.pointee.ci
        while let x = c { top = max(top, x.pointee.topIdx); c = x.pointee.previous }
        th.pointee.ci = savedCI
        // The xpcall marker that will catch the errors (whether or not its handler has seen the
        // one unwinding now).
        let handledBefore = vm.handledMarker
        vm.handledMarker = nil
        let marker = error.kind == .error ? handlerMarker(vm, th, from: savedCI) : nil
        vm.handledMarker = handledBefore
        // The calls are made from here, a native: none may yield.
        th.pointee.nonYieldable += 1
        defer { th.pointee.nonYieldable -= 1 }
        while let (v, h) = popTBC(vm, th, level) {
            th.pointee.top = top
            let handled = vm.handledMarker
            vm.handledMarker = nil
            do {
                try callCloseAfterError(vm, h, v, unwinding.value)
                vm.handledMarker = handled
            } catch {
                if error.kind == .interrupt { unwinding = error; continue }
                // An interrupt stays one: the handlers' errors do not make it catchable.
                guard error.kind == .error, unwinding.kind == .error else { continue }
                do {
                    unwinding = VMError(kind: .error, value: try handleCloseError(vm, th, marker, error.value))
                } catch {
                    unwinding = error
                }
            }
        }
        return unwinding
    }
}
