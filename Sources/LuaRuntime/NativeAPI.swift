// The native-function API: how Swift library code declares, registers and implements Lua functions.
//
// A native function has the type `NativeFunction = (Args) throws(VMError) -> Int`. Its
// arguments are on the Lua stack (read them through `Args`, 1-based, with lua's checks and
// messages); it pushes its results with `vm.push(_:)` and returns how many it pushed. Errors are
// thrown, never returned: `throw args.vm.error("msg")` (adds "chunk:line:" like luaL_error),
// `throw args.argError(2, "out of range")`, or `throw vm.errorWithValue(v)` for any value.
//
//     import LuaRuntime
//     public func openStdlib(_ vm: VM) {          // LuaStdlib's entry point; the Lua module calls it
//         let string = vm.register(library: "string") { lib in
//             lib.add("len", { a throws(VMError) in
//                 let s = try a.checkBytes(1)
//                 return a.ret(.integer(s.count)) })
//             lib.add("rep", { a throws(VMError) in
//                 let s = try a.checkString(1), n = try a.checkInteger(2)
//                 let sep = try a.optString(3) ?? []
//                 ... build bytes, check a.vm.checkInterrupt() in long loops ...
//                 return a.ret(a.vm.str(result)) })
//         }
//         let meta = vm.newTable()
//         try? vm.rawSet(meta, vm.str("__index"), .table(string))
//         vm.setTypeMetatable(Tag.string, meta)  // ("x"):upper() finds the string library
//     }
//
// Rules (GC.swift has the full safe-point rule): a native may hold Values in Swift locals freely
// as long as it does not call back into Lua. Across `vm.call`, `vm.call1`, `vm.getIndex`,
// `vm.setIndex`, `vm.tostring`, `vm.equals`/`lessThan`, `vm.length` (which may run metamethods)
// keep anything you still need on the stack (arguments already are; `vm.push` the rest and pop
// it by resetting `vm.current.pointee.top`). Pointers into strings (`checkBytes`) stay valid while
// the string is reachable (e.g. it is an argument). Long native loops call `try vm.checkInterrupt()`
// so Ctrl-C can stop them. Registering a library sets the global and `package.loaded[name]`.
// Invariant: `Args.base ..< base+count` are the argument slots of the running native frame.

import CSigint
#if canImport(Glibc)
import Glibc
#endif

public struct Args {
    /// Strong on purpose: one retain per call is cheaper than one per `vm` access.
    public let vm: VM
    /// Stack index of argument 1 in the current thread.
    public let base: Int
    /// Number of arguments passed.
    public let count: Int
    /// The native function's index in vm.natives (its name, for messages).
    public let fnIndex: Int
    /// The native closure being called (nil for light natives): its upvalues.
    public let closure: UnsafeMutablePointer<NClosure>?

    public init(vm: VM, base: Int, count: Int, fnIndex: Int, closure: UnsafeMutablePointer<NClosure>?) {
        self.vm = vm; self.base = base; self.count = count; self.fnIndex = fnIndex; self.closure = closure
    }

    /// Argument i (1-based); nil when absent.
    @inline(__always) public subscript(_ i: Int) -> Value {
        i >= 1 && i <= count ? vm.current.pointee.stack[base + i - 1] : .nil
    }
    /// Overwrite argument slot i (e.g. to keep a converted value rooted).
    public func set(_ i: Int, _ v: Value) { vm.current.pointee.stack[base + i - 1] = v }
    public func isNone(_ i: Int) -> Bool { i > count }
    public func isNoneOrNil(_ i: Int) -> Bool { i > count || self[i].isNil }
    /// The function's short name as messages show it ("insert").
    public var name: String { vm.natives[fnIndex].shortName }
    /// Upvalue i (1-based) of a native closure.
    public func upvalue(_ i: Int) -> Value { closure.map { NClosure.upvals($0)[i - 1] } ?? .nil }
    public func setUpvalue(_ i: Int, _ v: Value) { if let c = closure { NClosure.upvals(c)[i - 1] = v } }

    /// Push one result and return 1: `return a.ret(v)`.
    /// Declare that this native catches the errors of the functions it calls (pcall-like): a
    /// message handler of an xpcall further out is then not run for them.
    public func catchesErrors() { vm.current.pointee.ci.pointee.status |= CallStatus.catches }

    /// What `finish(calling:)` returns: not a result count.
    public static let callsInPlace = -1

    /// Finish this native by calling `fn` with `args` in its place, like lua_callk with a
    /// continuation that returns the call's results: the interpreter runs the call as an ordinary
    /// frame above this native's, so it may yield when the native was called from Lua code, and
    /// its results, adjusted to `results` (-1: all of them), become the native's results. Use it
    /// only as `return try a.finish(calling: ...)`.
    public func finish(calling fn: Value, _ args: [Value], results: Int) throws(VMError) -> Int {
        try vm.ensureStack(args.count + 1 + max(results, 0))
        vm.callInPlace = (vm.current.pointee.top, results)
        vm.push(fn)
        for v in args { vm.push(v) }
        return Args.callsInPlace
    }

    @inline(__always) public func ret(_ v: Value) -> Int { vm.push(v); return 1 }
    @inline(__always) public func ret(_ a: Value, _ b: Value) -> Int { vm.push(a); vm.push(b); return 2 }
    @inline(__always) public func ret(_ a: Value, _ b: Value, _ c: Value) -> Int {
        vm.push(a); vm.push(b); vm.push(c); return 3
    }

    // MARK: errors, worded like lua's auxiliary library

    /// "bad argument #i to 'name' (msg)"
    public func argError(_ i: Int, _ msg: String) -> VMError { argError(i, bytes: Array(msg.utf8)) }

    /// `argError` for a message that is bytes (it may quote a byte of the input).
    public func argError(_ i: Int, bytes msg: [UInt8]) -> VMError {
        // Like luaL_argerror: the name comes from the call site, else from where package.loaded
        // holds the function ("string.rep", "print"), else "?"; method calls do not count self.
        var i = i
        let fname: String
        let th = vm.current!
        let ci = th.pointee.ci
        if let (kind, n) = vm.functionName(ci) {
            fname = n
            if kind == "method" {
                i -= 1
                if i == 0 { return vm.error(bytes: Array("calling '\(n)' on bad self (".utf8) + msg + [0x29]) }
            }
        } else {
            fname = vm.globalFunctionName(th.pointee.stack[ci.pointee.funcIdx]) ?? "?"
        }
        return vm.error(bytes: Array("bad argument #\(i) to '\(fname)' (".utf8) + msg + [0x29])
    }
    /// "bad argument #i to 'name' (number expected, got nil)"
    public func typeError(_ i: Int, _ expected: String) -> VMError {
        let got = isNone(i) ? "no value"
            : (self[i].tag == Tag.lightUserdata ? "light userdata" : vm.objTypeName(self[i]))
        return argError(i, "\(expected) expected, got \(got)")
    }

    // MARK: checks

    public func checkAny(_ i: Int) throws(VMError) {
        if isNone(i) { throw argError(i, "value expected") }
    }

    public func checkInteger(_ i: Int) throws(VMError) -> Int64 {
        let v = self[i]
        if v.tag == Tag.integer { return v.i }
        if let n = vm.toInteger(v) { return n }
        if vm.toNumber(v) != nil { throw argError(i, "number has no integer representation") }
        throw typeError(i, "number")
    }

    public func optInteger(_ i: Int, _ def: Int64) throws(VMError) -> Int64 {
        isNoneOrNil(i) ? def : try checkInteger(i)
    }

    /// A number as a Double (integers converted).
    public func checkNumber(_ i: Int) throws(VMError) -> Double {
        let v = self[i]
        if v.tag == Tag.float { return v.f }
        if v.tag == Tag.integer { return Double(v.i) }
        if let n = vm.toNumber(v) { return n.asDouble! }
        throw typeError(i, "number")
    }

    /// A number keeping its subtype (integer or float Value); strings are converted.
    public func checkNumberValue(_ i: Int) throws(VMError) -> Value {
        if let n = vm.toNumber(self[i]) { return n }
        throw typeError(i, "number")
    }

    public func optNumber(_ i: Int, _ def: Double) throws(VMError) -> Double {
        isNoneOrNil(i) ? def : try checkNumber(i)
    }

    /// String argument (numbers are converted, like lua) as a buffer valid during the call.
    public func checkBytes(_ i: Int) throws(VMError) -> UnsafeBufferPointer<UInt8> {
        let v = self[i]
        if v.tag == Tag.string { return LString.buffer(v.str) }
        if v.isNumber {
            let s = vm.numberToString(v)
            set(i, .string(s))   // keep it rooted for the rest of the call
            return LString.buffer(s)
        }
        throw typeError(i, "string")
    }

    /// The LString object of a string argument (numbers converted).
    public func checkLString(_ i: Int) throws(VMError) -> UnsafeMutablePointer<LString> {
        _ = try checkBytes(i)
        return self[i].str
    }

    public func checkString(_ i: Int) throws(VMError) -> [UInt8] { Array(try checkBytes(i)) }

    public func checkSwiftString(_ i: Int) throws(VMError) -> String {
        String(decoding: try checkBytes(i), as: UTF8.self)
    }

    public func optString(_ i: Int) throws(VMError) -> [UInt8]? {
        isNoneOrNil(i) ? nil : try checkString(i)
    }

    public func checkTable(_ i: Int) throws(VMError) -> UnsafeMutablePointer<LTable> {
        let v = self[i]
        if v.tag == Tag.table { return v.tbl }
        throw typeError(i, "table")
    }

    public func checkFunction(_ i: Int) throws(VMError) -> Value {
        let v = self[i]
        if v.isFunction { return v }
        throw typeError(i, "function")
    }

    public func checkType(_ i: Int, _ tag: UInt8, _ expected: String) throws(VMError) -> Value {
        let v = self[i]
        if v.tag == tag || (tag == Tag.false_ && v.tag == Tag.true_) { return v }
        throw typeError(i, expected)
    }

    /// Full userdata whose metatable is `mt` (like luaL_checkudata); `typeName` for the message.
    public func checkUserdata(_ i: Int, _ mt: UnsafeMutablePointer<LTable>, _ typeName: String) throws(VMError) -> UnsafeMutablePointer<LUserdata> {
        let v = self[i]
        if v.tag == Tag.userdata && v.udata.pointee.metatable == mt { return v.udata }
        throw typeError(i, typeName)
    }

    /// lua's toboolean.
    public func toBool(_ i: Int) -> Bool { self[i].isTruthy }

    /// luaL_checkoption: the index of the string argument in `options`.
    public func checkOption(_ i: Int, _ def: String?, _ options: [String]) throws(VMError) -> Int {
        let s: String
        if let d = def, isNoneOrNil(i) { s = d } else { s = try checkSwiftString(i) }
        if let k = options.firstIndex(of: s) { return k }
        throw argError(i, "invalid option '\(s)'")
    }
}

/// Adds functions to one library table (see `VM.register(library:_:)` with a body).
public struct LibraryBuilder {
    public let vm: VM
    public let table: UnsafeMutablePointer<LTable>
    public let library: String
    public func add(_ name: String, _ fn: @escaping NativeFunction) {
        let v = vm.newNative(library + "." + name, fn)
        vm.natives[vm.natives.count - 1].isLibrary = true
        vm.rawSetStr(table, vm.newString(name), v)
    }
}

public struct NativeEntry {
    /// Qualified name for tracebacks ("string.rep"); short name for argument errors ("rep").
    public var name: String
    public var shortName: String
    public var fn: NativeFunction
    /// Registered in a library table or as a global: tracebacks show its qualified name.
    public var isLibrary: Bool = false
}

extension VM {
    /// Add a native function to the table of natives; returns it as a light function value.
    public func newNative(_ name: String, _ fn: @escaping NativeFunction) -> Value {
        let short = name.split(separator: ".").last.map(String.init) ?? name
        natives.append(NativeEntry(name: name, shortName: short, fn: fn, isLibrary: false))
        nativeBoxes.append(fn)
        assert(nativeBoxes.count == natives.count)
        return Value(payload: UInt64(natives.count - 1), tag: Tag.lightNative)
    }

    /// A native closure with upvalues (read them with `args.upvalue(i)`).
    public func newNativeClosure(_ name: String, upvalues: [Value], _ fn: @escaping NativeFunction) -> Value {
        let light = newNative(name, fn)
        let c = newNativeClosure(Int(light.payload), upvalues: upvalues)
        return Value.object(UnsafeMutableRawPointer(c), Tag.nativeClosure)
    }

    /// The table of loaded modules (package.loaded), kept in the registry.
    public var loadedTable: UnsafeMutablePointer<LTable> {
        let key = newString("_LOADED")
        let v = LTable.getStr(registry, key)
        if v.isTable { return v.tbl }
        let t = newTable()
        rawSetStr(registry, key, .table(t))
        return t
    }

    /// Register functions into the library table `library` (made global and put in
    /// package.loaded) one `add` at a time. Not a [(name, fn)] array: a closure that passes
    /// through a tuple array is stored at the generic abstraction and every call then goes
    /// through two reabstraction thunks; `add` keeps the function's own calling convention.
    @discardableResult
    public func register(library: String, _ body: (LibraryBuilder) -> Void) -> UnsafeMutablePointer<LTable> {
        let lname = newString(library)
        let existing = LTable.getStr(globals, lname)
        let t = existing.isTable ? existing.tbl : newTable()
        rawSetStr(globals, lname, .table(t))  // reachable before anything else allocates
        body(LibraryBuilder(vm: self, table: t, library: library))
        rawSetStr(loadedTable, lname, .table(t))
        return t
    }

    public func setGlobal(_ name: String, _ v: Value) { rawSetStr(globals, newString(name), v) }
    public func getGlobal(_ name: String) -> Value { LTable.getStr(globals, newString(name)) }

    /// Raw get with any key.
    public func rawGet(_ t: UnsafeMutablePointer<LTable>, _ key: Value) -> Value { LTable.get(t, key) }
    public func rawLength(_ t: UnsafeMutablePointer<LTable>) -> Int64 { LTable.length(t) }

    /// Metatable for the basic type with this tag (Tag.string for strings...).
    public func setTypeMetatable(_ tag: UInt8, _ mt: UnsafeMutablePointer<LTable>?) {
        let key: UInt8
        switch tag {
        case Tag.true_, Tag.false_: key = Tag.false_
        case Tag.float, Tag.integer: key = Tag.integer
        case Tag.luaClosure, Tag.nativeClosure, Tag.lightNative: key = Tag.lightNative
        default: key = tag
        }
        typeMetatables[Int(key)] = mt
    }

    /// luaL_newmetatable: a metatable kept in the registry under `name`, with __name set.
    public func newMetatable(_ name: String) -> UnsafeMutablePointer<LTable> {
        let key = newString(name)
        let v = LTable.getStr(registry, key)
        if v.isTable { return v.tbl }
        let mt = newTable()
        rawSetStr(mt, tmNames[Int(TM.name.rawValue)], .string(key))
        rawSetStr(registry, key, .table(mt))
        return mt
    }

    public func registryMetatable(_ name: String) -> UnsafeMutablePointer<LTable>? {
        let v = LTable.getStr(registry, newString(name))
        return v.isTable ? v.tbl : nil
    }

    /// The interrupt check for long native loops: the same stack-top-vs-limit compare as every
    /// function entry. Throws the interrupt error when a request is pending.
    @inline(__always)
    public func checkInterrupt() throws(VMError) {
        let th = current!
        if UInt(bitPattern: th.pointee.stack + th.pointee.top) > vmstate_limit(state) {
            try serviceRequests(inNative: true)
        }
    }

    /// Slow path of every limit check that is not a real overflow: take the pending requests,
    /// restore the limit, and raise the interrupt error if one was asked for. `inNative`: the
    /// check is a library function's own (`checkInterrupt`), not a Lua function's entry or loop.
    public func serviceRequests(inNative: Bool = false) throws(VMError) {
        let bits = vmstate_take_pending(state)
        // Hooks switched on: only a dispatch loop's own slow path (which can re-enter its hooked
        // form) takes this bit; here it stays posted so the limit keeps failing until then.
        if bits & UInt32(VMSTATE_REQUEST_HOOKS) != 0 && current.pointee.hook.mask != 0 && current.pointee.hook.plainLoops > 0 {
            vmstate_request(state, UInt32(VMSTATE_REQUEST_HOOKS))
        }
        vmstate_restore_limit(state)
        // The DEOPT request: compiled code exited at its limit check to get here; drop all code so
        // that the program goes on interpreted (it tiers up again from its counters).
        if bits & UInt32(VMSTATE_REQUEST_DEOPT) != 0 { tier?.discardAll(self, why: "deopt request") }
        if bits & UInt32(VMSTATE_REQUEST_INSTALL) != 0 { tier?.installFinished(self) }
        // A profiler tick: the running frame is the interpreter's (or a native's), never compiled
        // code's, whose ticks its own check's slow path takes (VM.compiledLimitCheck).
        if bits & UInt32(VMSTATE_REQUEST_SAMPLE) != 0 { profiler?.sample(self, compiledPC: nil) }
        if bits & UInt32(VMSTATE_REQUEST_INTERRUPT) != 0 {
            throw interruptError()
        }
        if bits & UInt32(VMSTATE_REQUEST_PAUSE) != 0, let pause = hooks.pause {
            try servePause(pause, PauseSite(compiled: servingCompiledCheck, atLoopHeader: servingLoopCheck && !inNative,
                                            inNative: inNative))
        }
    }

    /// The PAUSE request at a check: the embedding's hook runs as a nested activation, like a
    /// debug hook. The running frame's registers are kept below the thread's top (Lua code the
    /// hook runs starts above them), no yield crosses it, and afterwards the top is as it was.
    private func servePause(_ pause: (VM, PauseSite) -> PauseAnswer, _ site: PauseSite) throws(VMError) {
        let th = current!
        let ci = th.pointee.ci
        let oldTop = th.pointee.top
        if ci.pointee.closure != nil { th.pointee.top = max(oldTop, ci.pointee.topIdx) }
        // At a loop check the frame resumes at savedPC: while paused it shows (its line, its
        // live locals) the instruction that runs next, as a frame stopped there by an interrupt.
        let shifted = site.atLoopHeader && ci.pointee.closure != nil && ci.pointee.savedPC != nil
        if shifted { ci.pointee.savedPC! += 1 }
        defer { if shifted { ci.pointee.savedPC! -= 1 } }
        // The checks of the Lua code the pause runs are its own.
        let (wasCompiled, wasLoop) = (servingCompiledCheck, servingLoopCheck)
        (servingCompiledCheck, servingLoopCheck) = (false, false)
        th.pointee.nonYieldable += 1
        pausesTaken &+= 1
        let answer = pause(self, site)
        th.pointee.nonYieldable -= 1
        (servingCompiledCheck, servingLoopCheck) = (wasCompiled, wasLoop)
        th.pointee.top = oldTop
        switch answer {
        case .goOn: break
        case .stop: throw interruptError()
        case .later: vmstate_request(state, UInt32(VMSTATE_REQUEST_PAUSE))
        }
    }

    /// A native caught a Lua error and goes on (coroutine.close, load's reader): forget the
    /// traceback captured for it in case nothing would catch it, and the error in flight.
    public func errorCaught() {
        pendingTraceback = nil
        errorValue = .nil
        handledMarker = nil
    }

    public func interruptError() -> VMError {
        let v = Value.string(newString("interrupted"))
        errorValue = v
        return VMError(kind: .interrupt, value: v)
    }

    /// tostring as bytes (with __tostring / __name).
    public func tostringBytes(_ v: Value) throws(VMError) -> [UInt8] {
        LString.byteArray(try tostring(v))
    }
}
