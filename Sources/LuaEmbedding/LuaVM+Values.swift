// The typed layer of LuaVM: source text as a String, globals by name, Swift functions callable
// from Lua, and conversion between LuaValue and the runtime's Value.
//
// Invariants: `lower` makes a Value only to hand it straight to the runtime (no safe point can
// run between: allocation never collects, see LuaRuntime/GC.swift); `lift` anchors every object
// it returns. A Swift function registered with `register` runs inside the VM: its arguments and
// results are LuaValues, a Swift error it throws becomes a Lua error at the calling line, and a
// LuaError from a nested call passes through unchanged (an interrupt stays an interrupt).

import CSigint
import LuaRuntime

extension LuaError: CustomStringConvertible {
    /// An error made on the Swift side (a registered function's failure, say). Thrown from a
    /// registered function, it becomes a Lua error with the calling line's position, as Lua's
    /// `error(message)` does.
    public init(_ message: String) {
        self.init(message: message, traceback: "", isInterrupt: false, value: nil)
    }
    /// The message (`"input:3: attempt to index a nil value (global 'x')"`).
    public var description: String { message }
}

/// Stops a LuaVM's running code from any thread (`LuaVM.interruptHandle`); `Sendable`.
public final class LuaInterruptHandle: @unchecked Sendable {
    // Only vmstate_request's two atomic stores happen through it; the runtime VM it retains
    // keeps the VMState allocated.
    private let core: VM
    init(_ core: VM) { self.core = core }
    /// As `LuaVM.requestInterrupt()`.
    public func requestInterrupt() { core.requestInterrupt() }
    /// As `LuaVM.requestDeopt()`: the running compiled code continues in the interpreter, and
    /// all compiled code is discarded.
    public func requestDeopt() { vmstate_request(core.state, UInt32(VMSTATE_REQUEST_DEOPT)) }
}

extension LuaVM {
    /// Run Lua source text and return its results.
    ///
    /// Errors (syntax errors included) throw LuaError. Without `chunkName`, messages name the
    /// chunk `[string "first line..."]`, as lua does for a string.
    @discardableResult
    public func run(_ source: String, chunkName: String? = nil, arguments: [LuaValue] = []) throws(LuaError) -> [LuaValue] {
        let name = chunkName ?? source
        switch compile(Array(source.utf8), chunkName: name) {
        case .syntaxError(let message, _):
            throw LuaError(message: message, traceback: "", isInterrupt: false, value: string(message))
        case .function(let f):
            return try invoke(f.value, arguments)
        }
    }

    /// Call the global function `name` with these arguments; returns all its results.
    @discardableResult
    public func call(_ name: String, _ args: LuaValue...) throws(LuaError) -> [LuaValue] {
        try invoke(core.getGlobal(name), args)
    }

    /// The global variable `name`, read and written raw (no metamethods of `_G`).
    public subscript(name: String) -> LuaValue {
        get { lift(core.getGlobal(name)) }
        set { core.setGlobal(name, lower(newValue)) }
    }

    /// The global table `_G`.
    public var globals: LuaTable { LuaTable(ref(.table(core.globals))) }

    /// Make `body` the global function `name`: Lua calls it with its arguments as LuaValues
    /// and gets its results back. A Swift error it throws is a Lua error (catchable by pcall)
    /// whose message is `LuaError.message`, or the error's description, with the caller's
    /// position in front.
    public func register(_ name: String, _ body: @escaping ([LuaValue]) throws -> [LuaValue]) {
        core.setGlobal(name, nativeFunction(name, body))
    }

    /// `body` as a Lua function value, not stored anywhere (as `register`, without the global).
    public func function(_ name: String = "?", _ body: @escaping ([LuaValue]) throws -> [LuaValue]) -> LuaFunction {
        LuaFunction(ref(nativeFunction(name, body)))
    }

    /// A new table with `array` at 1, 2, 3...
    public func table(_ array: [LuaValue]) -> LuaTable {
        let t = core.newTable()
        for (i, v) in array.enumerated() { core.rawSetInt(t, Int64(i + 1), lower(v)) }
        return LuaTable(ref(.table(t)))
    }

    /// A new table with these pairs (nil values are left out; a nil or NaN key traps).
    public func table(_ pairs: [LuaValue: LuaValue]) -> LuaTable {
        let t = core.newTable()
        for (k, v) in pairs {
            do { try core.rawSet(t, lower(k), lower(v)) } catch { preconditionFailure("table key is nil or NaN") }
        }
        return LuaTable(ref(.table(t)))
    }

    /// Capture what Lua code prints: `print`, `io.write` and `io.stdout:write` go to `handler`
    /// (one call per line, and the unfinished rest when a run or call from Swift returns)
    /// instead of the process's standard output. `nil` restores standard output. Bytes that
    /// are not UTF-8 become U+FFFD; `setRawOutputHandler` gives the bytes.
    public func setOutputHandler(_ handler: ((String) -> Void)?) {
        setRawOutputHandler(handler.map { h in { bytes in h(String(decoding: bytes, as: UTF8.self)) } })
    }

    /// A handle that stops this VM's running code from any thread.
    public var interruptHandle: LuaInterruptHandle { LuaInterruptHandle(core) }

    /// The LuaValue view of an anchored value.
    public func value(_ r: LuaRef) -> LuaValue { lift(r.value) }
    /// An anchored value for the lower-level API.
    public func ref(for v: LuaValue) -> LuaRef { ref(lower(v)) }

    // MARK: conversion

    func lift(_ v: Value) -> LuaValue {
        switch v.tag {
        case Tag.nil_: return .nil
        case Tag.false_: return .boolean(false)
        case Tag.true_: return .boolean(true)
        case Tag.integer: return .integer(Int(v.i))
        case Tag.float: return .number(v.f)
        case Tag.string: return .string(LString.swiftString(v.str))
        case Tag.table: return .table(LuaTable(ref(v)))
        case Tag.luaClosure, Tag.nativeClosure, Tag.lightNative: return .function(LuaFunction(ref(v)))
        case Tag.thread: return .thread(ref(v))
        default: return .userdata(ref(v))
        }
    }

    func lower(_ x: LuaValue) -> Value {
        switch x {
        case .nil: return .nil
        case .boolean(let b): return .bool(b)
        case .integer(let i): return .integer(Int64(i))
        case .number(let d): return .number(d)
        case .string(let s): return core.str(s)
        case .table(let t): return own(t.ref)
        case .function(let f): return own(f.ref)
        case .userdata(let r), .thread(let r): return own(r)
        }
    }

    private func own(_ r: LuaRef) -> Value {
        precondition(r.vm === self, "a Lua value of another LuaVM")
        return r.value
    }

    func typeDescription(_ r: LuaRef) -> String { core.tostringBasic(r.value) }

    // MARK: operations that may run Lua code

    /// Run `body` (which may call into Lua) with this call's stack top restored afterwards, the
    /// app's captured output flushed, and a runtime error turned into LuaError.
    func guarded<T>(_ body: () throws(VMError) -> T) throws(LuaError) -> T {
        if swiftCallDepth == 0 { core.pendingTraceback = nil }
        let th = core.current!
        let savedTop = th.pointee.top
        do {
            let r = try body()
            if swiftCallDepth == 0 { flushOutput() }
            return r
        } catch {
            th.pointee.top = savedTop
            if swiftCallDepth == 0 { flushOutput() }
            throw wrapError(error)
        }
    }

    func invoke(_ f: Value, _ args: [LuaValue]) throws(LuaError) -> [LuaValue] {
        let fv = f, argv = args.map(lower)
        let results = try guarded { () throws(VMError) in try core.call(fv, argv) }
        return results.map(lift)
    }

    func index(_ t: Value, _ key: LuaValue) throws(LuaError) -> LuaValue {
        let k = lower(key)
        return lift(try guarded { () throws(VMError) in try core.getIndex(t, k) })
    }

    func setIndex(_ t: Value, _ key: LuaValue, _ value: LuaValue) throws(LuaError) {
        let k = lower(key), v = lower(value)
        try guarded { () throws(VMError) in try core.setIndex(t, k, v) }
    }

    func lengthOf(_ t: Value) throws(LuaError) -> LuaValue {
        lift(try guarded { () throws(VMError) in try core.length(t) })
    }

    func rawPairs(_ t: UnsafeMutablePointer<LTable>) -> [(Value, Value)] {
        var out: [(Value, Value)] = []
        var k = Value.nil
        while let (nk, nv) = try? core.next(t, k) {
            out.append((nk, nv))
            k = nk
        }
        return out
    }

    // MARK: Swift functions

    func nativeFunction(_ name: String, _ body: @escaping ([LuaValue]) throws -> [LuaValue]) -> Value {
        // Unowned: the function lives in the runtime VM, which this LuaVM owns.
        core.newNative(name) { [unowned self] a throws(VMError) -> Int in
            var args: [LuaValue] = []
            args.reserveCapacity(a.count)
            for i in 0..<a.count { args.append(self.lift(a[i + 1])) }
            self.swiftCallDepth += 1
            let noTraceback = self.core.pendingTraceback == nil
            let results: [LuaValue]
            do {
                results = try body(args)
                self.swiftCallDepth -= 1
                // The body caught an error of a nested call: its traceback is no longer wanted.
                if noTraceback { self.core.pendingTraceback = nil }
            } catch {
                self.swiftCallDepth -= 1
                throw self.vmError(for: error)
            }
            try a.vm.ensureStack(results.count)
            for r in results { a.vm.push(self.lower(r)) }
            return results.count
        }
    }

    /// The runtime error a Swift function's thrown error stands for.
    func vmError(for error: any Error) -> VMError {
        guard let e = error as? LuaError else { return core.error(String(describing: error)) }
        if e.isInterrupt { return core.interruptError() }
        if let v = e.value { return core.errorWithValue(v.value) }
        return core.error(e.message)
    }
}
