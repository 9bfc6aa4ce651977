// The embedding API: a Lua VM as Swift code (apps through the `Lua` module, the REPL, the CLI,
// tests) uses it. LuaValue+LuaVM.swift has the typed layer (LuaValue, LuaTable, LuaFunction).
//
// Invariants: every Value handed out is anchored (LuaRef) until released, so no collection can
// free it; calls run on the running thread's stack and leave it as they found it, also on error;
// the standard libraries are open from init on. Every call runs from a native frame (`host`),
// as lua.c runs each chunk from a C function: that frame is the level below the main chunk
// (debug.getinfo(2, "S").what == "C") and the "[C]: in ?" that ends its tracebacks.
// Threading: one thread at a time uses a LuaVM; only `requestInterrupt` (and
// LuaInterruptHandle) may be called from any thread.

import CSigint
import LuaBytecode
import LuaFrontend
import LuaInterpreter
import LuaRuntime
import LuaStdlib

/// How the engine runs Lua code (`vmrepl --jit=`): the interpreter only, or with the method JIT
/// tiering hot code up (`on`), compiling everything at once (`eager`), or eager with every guard
/// and limit check of compiled code exiting once (`stress`, a test mode).
public enum TierMode: String, Sendable, CaseIterable { case off, on, eager, stress }

/// How a LuaVM is set up; the defaults suit an app.
public struct LuaVMOptions: Sendable {
    /// Collect garbage at every safe point (a test mode: slow).
    public var gcStress: Bool = false
    public var jit: TierMode = .on
    /// `--jit-log`: one line per JIT event (compile, osr, deopt, discard, refuse) on stderr.
    public var jitLog: Bool = false
    /// `--perf-map`: name compiled code for Linux perf in /tmp/perf-PID.map.
    public var perfMap: Bool = false
    /// `--jit-threads`: 1 compiles on a thread of its own while the program goes on (the default
    /// with more than one CPU), 0 on the program's thread.
    public var jitThreads: Int = LuaVMOptions.defaultJITThreads
    /// `--jit-compile-delay` (a testing aid): the compiler thread waits this many milliseconds
    /// before each compile.
    public var jitCompileDelayMilliseconds: Int = 0
    /// `--jit-stats`: count the instructions each tier runs, for the share run in compiled code
    /// (`:tier`, `vmrepl.tier`, `bytecodeCounts`). Off, counting costs nothing.
    public var jitStats: Bool = false
    /// Calls and loop back-edges after which a function or loop is compiled (`on` mode).
    public var hotCallThreshold: Int = Limits.defaultHotCallThreshold
    public var hotLoopThreshold: Int = Limits.defaultHotLoopThreshold
    /// Value-stack slots per coroutine; past them Lua code gets "stack overflow".
    public var maxStackSlots: Int = Limits.defaultMaxStackSlots
    /// Heap size past which allocation fails with "not enough memory".
    public var heapLimitBytes: Int = Limits.defaultHeapLimitBytes
    public init() {}
}

/// A value kept alive across calls (anchored in the VM until released/deinit).
///
/// `@unchecked Sendable` only so that LuaError (an Error, hence Sendable) can carry the error
/// value: a LuaRef is still used, and let go, on its VM's thread.
public final class LuaRef: @unchecked Sendable {
    // Strong: a ref may outlive every other use of its VM (Swift ends lifetimes at last use), and
    // its deinit must still reach the VM to drop the anchor. The VM never holds LuaRefs: no cycle.
    let vm: LuaVM
    let slot: Int
    init(_ vm: LuaVM, _ v: Value) { self.vm = vm; self.slot = vm.core.anchor(v) }
    deinit { vm.core.unanchor(slot) }
    /// The runtime value (LuaRuntime's `Value`); `vm.value(ref)` gives the LuaValue.
    public var value: Value { vm.core.refs[slot] }
}

/// What `LuaVM.compile` gives: the chunk as a function, or the syntax error (and whether the
/// input merely ended too early, which the REPL answers with a continuation line).
public enum CompileOutcome {
    case function(LuaRef)
    case syntaxError(message: String, incomplete: Bool)
}

/// An error raised by Lua code, a syntax error, or an interrupt.
///
/// `message` is what lua's standalone interpreter prints for the error value (`"input:1: boom"`);
/// `value` is the error value itself (any Lua value; nil for errors made on the Swift side).
public struct LuaError: Error {
    public var message: String
    /// `stack traceback:` and the frames, when the error left every protected call; else empty.
    public var traceback: String
    /// The code was stopped by `requestInterrupt` (or Ctrl-C in the REPL).
    public var isInterrupt: Bool
    public var value: LuaRef?
}

/// A Lua 5.4 state with the standard libraries open.
///
/// Threading: a LuaVM is not thread-safe. Create it, run code, read values and let it go on one
/// thread at a time (its thread). The one exception is stopping running code: `requestInterrupt()`
/// may be called from any thread or a signal handler, through `interruptHandle` when Swift's
/// concurrency checking asks for a `Sendable` value.
public final class LuaVM {
    public let options: LuaVMOptions
    /// The runtime VM (for library code and tests that need the lower-level API).
    public let core: VM
    /// The native every call starts from: it calls its first argument with the others, in its
    /// place (so the callee's frame sits right above it), and returns all the results.
    let host: Value
    /// How many Swift functions (`register`) are running: errors crossing them keep the
    /// traceback captured for the outermost caller.
    var swiftCallDepth = 0
    /// Where Lua's output goes when the app captures it (LuaVM+Output.swift).
    var output: OutputFile?

    public init(options: LuaVMOptions = LuaVMOptions()) {
        self.options = options
        var ro = RuntimeOptions()
        ro.gcStress = options.gcStress
        ro.maxStackSlots = options.maxStackSlots
        ro.heapLimitBytes = options.heapLimitBytes
        ro.hotCallThreshold = options.hotCallThreshold
        ro.hotLoopThreshold = options.hotLoopThreshold
        ro.countBytecodes = options.jitStats
        if options.jit == .eager || options.jit == .stress {
            // Compile at the first call, enter loops at their first back-edge.
            ro.hotCallThreshold = 1
            ro.hotLoopThreshold = 1
        }
        core = VM(options: ro)
        core.hooks.compile = { source, name in
            switch compileChunk(source, chunkName: name) {
            case .success(let fp): return (fp, nil, false)
            case .failure(let e): return (nil, e.message, e.isIncomplete)
            }
        }
        host = core.newNative("?") { a throws(VMError) in
            var args: [Value] = []
            if a.count >= 2 { for i in 2...a.count { args.append(a[i]) } }
            return try a.finish(calling: a[1], args, results: -1)
        }
        installTier()
        BaseLibrary.open(core)
        openStdlib(core)
        openEngineModule()
    }

    deinit { closeOutput() }

    public var state: UnsafeMutablePointer<VMState> { core.state }
    /// Stop the running Lua code at its next function entry or loop back-edge: it fails with a
    /// LuaError whose `isInterrupt` is true (pcall does not catch it). Callable from any thread;
    /// a request made while nothing runs stops the next run (`clearInterrupt` drops it).
    public func requestInterrupt() { core.requestInterrupt() }
    public func clearInterrupt() { core.clearInterrupt() }

    func ref(_ v: Value) -> LuaRef { LuaRef(self, v) }

    /// Compile a chunk (source text, or a binary chunk from string.dump) without running it.
    public func compile(_ source: [UInt8], chunkName: String) -> CompileOutcome {
        // Through the runtime's compile hook: binary chunks (string.dump output) load too.
        guard let compile = core.hooks.compile else { return .syntaxError(message: "no compiler", incomplete: false) }
        let (fp, err, incomplete) = compile(source, chunkName)
        guard let proto = fp else { return .syntaxError(message: err ?? "syntax error", incomplete: incomplete) }
        return .function(ref(core.newMainClosure(proto)))
    }

    /// Set package.path and package.cpath to their defaults (the command line's -E: no
    /// LUA_PATH / LUA_CPATH).
    public func useDefaultSearchPaths() {
        let pkg = global("package")
        rawSet(pkg, string("path"), string(BaseLibrary.defaultPath))
        rawSet(pkg, string("cpath"), string(BaseLibrary.defaultCPath))
    }

    /// The message lua's standalone interpreter prints for an error value.
    func errorMessage(_ v: Value) -> String { describeError(v).message }

    /// The message for an error value, and whether it is the text of its `__tostring` (lua.c's
    /// message handler then gives that text alone, with no traceback).
    func describeError(_ v: Value) -> (message: String, viaToString: Bool) {
        if v.isString { return (LString.swiftString(v.str), false) }
        if v.isNumber { return (LuaNumber.format(v), false) }
        if !core.tm(v, .tostring).isNil, let s = try? core.tostring(v) { return (LString.swiftString(s), true) }
        return ("(error object is a \(core.typeName(v)) value)", false)
    }

    func wrapError(_ e: VMError) -> LuaError {
        let tb = core.pendingTraceback ?? "stack traceback:\n\t[C]: in ?"
        // Inside a Swift function the error may go on to Lua code: its traceback and value stay.
        if swiftCallDepth == 0 {
            core.pendingTraceback = nil
            core.errorValue = .nil
        }
        if e.kind == .interrupt {
            return LuaError(message: "interrupted", traceback: tb, isInterrupt: true, value: ref(e.value))
        }
        if e.kind == .yield {
            return LuaError(message: "attempt to yield from outside a coroutine", traceback: tb, isInterrupt: false, value: nil)
        }
        let (message, viaToString) = describeError(e.value)
        return LuaError(message: message, traceback: viaToString ? "" : tb, isInterrupt: false, value: ref(e.value))
    }

    /// Call `f` with `args`; every result, anchored.
    public func call(_ f: LuaRef, _ args: [LuaRef] = []) throws(LuaError) -> [LuaRef] {
        core.pendingTraceback = nil
        let th = core.mainThread!
        let savedTop = th.pointee.top
        do {
            let r = try core.call(host, [f.value] + args.map { $0.value })
            th.pointee.top = savedTop
            flushOutput()
            return r.map { ref($0) }
        } catch {
            th.pointee.top = savedTop
            flushOutput()
            throw wrapError(error)
        }
    }

    /// Compile and run a chunk given as bytes (`run(_:chunkName:arguments:)` takes a String).
    public func run(_ source: [UInt8], chunkName: String, args: [LuaRef] = []) throws(LuaError) -> [LuaRef] {
        switch compile(source, chunkName: chunkName) {
        case .syntaxError(let message, _):
            throw LuaError(message: message, traceback: "", isInterrupt: false, value: string(message))
        case .function(let f):
            return try call(f, args)
        }
    }

    /// Run a Lua file, as `lua path` does (a '#' first line is skipped).
    public func runFile(_ path: String) throws(LuaError) -> [LuaRef] {
        try run(try LuaVM.readChunkFile(path), chunkName: "@" + path)
    }

    /// A chunk file's bytes as lua reads them (byte-order mark and '#' first line skipped);
    /// nil: stdin. The error's message is lua's ("cannot open NAME: reason").
    public static func readChunkFile(_ path: String?) throws(LuaError) -> [UInt8] {
        switch BaseLibrary.readChunkFile(path) {
        case .success(let src): return src
        case .failure(let e): throw LuaError(message: e.message, traceback: "", isInterrupt: false, value: nil)
        }
    }

    public func string(_ s: String) -> LuaRef { ref(core.str(s)) }
    public func string(bytes: [UInt8]) -> LuaRef { ref(core.str(bytes)) }
    public func integer(_ i: Int64) -> LuaRef { ref(.integer(i)) }
    public func number(_ d: Double) -> LuaRef { ref(.number(d)) }
    public func boolean(_ b: Bool) -> LuaRef { ref(.bool(b)) }
    public var nilRef: LuaRef { ref(.nil) }
    public func newTable() -> LuaRef { ref(.table(core.newTable())) }

    public func tostring(_ v: LuaRef) throws(LuaError) -> String {
        do { return LString.swiftString(try core.tostring(v.value)) } catch { throw wrapError(error) }
    }

    public func typeName(_ v: LuaRef) -> String { core.typeName(v.value) }
    public func global(_ name: String) -> LuaRef { ref(core.getGlobal(name)) }
    public func setGlobal(_ name: String, _ v: LuaRef) { core.setGlobal(name, v.value) }
    /// Raw t[k] (no metamethods); nil if `t` is not a table.
    public func rawGet(_ t: LuaRef, _ k: LuaRef) -> LuaRef {
        t.value.isTable ? ref(LTable.get(t.value.tbl, k.value)) : nilRef
    }

    /// Raw t[k] = v (no metamethods); ignored if `t` is not a table or k is nil/NaN.
    public func rawSet(_ t: LuaRef, _ k: LuaRef, _ v: LuaRef) {
        guard t.value.isTable else { return }
        try? core.rawSet(t.value.tbl, k.value, v.value)
    }

    public func stringKeys(of v: LuaRef) -> [String] {
        guard v.value.isTable else { return [] }
        return keys(v.value.tbl)
    }

    func keys(_ t: UnsafeMutablePointer<LTable>) -> [String] {
        var out: [String] = []
        var k = Value.nil
        while let (nk, _) = try? core.next(t, k) {
            if nk.isString { out.append(LString.swiftString(nk.str)) }
            k = nk
        }
        return out
    }

    public func completionKeys(of v: LuaRef) -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        var cur: Value? = v.value
        var depth = 0
        while let c = cur, depth < 16 {
            if c.isTable { for s in keys(c.tbl) where seen.insert(s).inserted { out.append(s) } }
            guard let mt = core.metatable(of: c) else { break }
            let idx = core.fastTM(mt, .index)
            cur = idx.isTable ? idx : nil
            depth += 1
        }
        return out
    }

    public func tableEntries(of v: LuaRef) -> [(key: LuaRef, value: LuaRef)] {
        guard v.value.isTable else { return [] }
        var out: [(key: LuaRef, value: LuaRef)] = []
        var k = Value.nil
        while let (nk, nv) = try? core.next(v.value.tbl, k) {
            out.append((key: ref(nk), value: ref(nv)))
            k = nk
        }
        return out
    }

    public func identity(of v: LuaRef) -> UInt? {
        v.value.isCollectable ? UInt(v.value.payload) : nil
    }

    public func bytecodeListing(of f: LuaRef) -> String? {
        let v = f.value
        guard v.tag == Tag.luaClosure else { return nil }
        return listing(core.protoInfo(of: v.lclosure.pointee.proto), recursive: true)
    }

    public var heapBytes: Int { core.heapBytes }
    /// A full collection, then the finalizers it made due (as collectgarbage("collect") does).
    public func collectGarbage() {
        core.fullCollect()
        try? core.runPendingFinalizers()
    }
    public func verifyHeap() -> [String] { core.verifyHeap() }
}
