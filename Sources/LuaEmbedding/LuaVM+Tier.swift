// Wiring the method JIT into a LuaVM: the engine options, and what the embedding API offers on it.
//
// Invariant: the tier is installed before any chunk is loaded (the standard library's Lua code
// included), so that every proto carries the thresholds of the mode.

import CSigint
import LuaMethodJIT
import LuaRuntime
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

extension LuaVMOptions {
    /// `--jit-threads`' default: 1 when the machine has more than one CPU online, else 0.
    public static var defaultJITThreads: Int { sysconf(Int32(_SC_NPROCESSORS_ONLN)) > 1 ? 1 : 0 }
}

extension LuaVM {
    func installTier() {
        let mode: JITMode
        switch options.jit {
        case .off: return
        case .on: mode = .on
        case .eager: mode = .eager
        case .stress: mode = .stress
        }
        var o = JITOptions()
        o.mode = mode
        o.perfMap = options.perfMap
        o.threads = min(max(options.jitThreads, 0), 1)
        o.compileDelayMicros = max(options.jitCompileDelayMilliseconds, 0) * 1000
        if options.jitLog { o.log = { line in fputs(line + "\n", stderr) } }
        JITEngine.install(on: core, options: o)
    }

    /// The method JIT of this VM, if it is on.
    public var jitEngine: JITEngine? { core.tier as? JITEngine }

    /// Let the compiles in flight finish and install them (tier reports answer after it).
    func settleCompiles() { jitEngine?.settle(core) }

    /// Instructions run by the interpreter and by compiled code over the VM's life (the library's
    /// and freed functions' included), or nil when instruction counting is off (`jitStats`).
    public var bytecodeCounts: (interpreted: Int, compiled: Int)? {
        guard core.countsBytecodes else { return nil }
        let c = core.bytecodeCounts()
        return (c.interpreted, c.compiled)
    }

    /// `--jit-stats`' line: "N bytecodes run, X% in compiled code"; nil when counting is off.
    public var bytecodeCountSummary: String? { core.countsBytecodes ? core.bytecodeCounts().summary : nil }

    /// What `:tier` and `vmrepl.tier` say when instruction counting is off.
    static let countingHint = "the share of bytecodes run in compiled code is counted with vmrepl --jit-stats"

    /// Discard all compiled code now (`vmrepl.flush()`); answers how many code versions went.
    @discardableResult
    public func discardCompiledCode(why: String) -> Int { core.tier?.discardAll(core, why: why) ?? 0 }

    /// Ask the running code to continue in the interpreter: from any thread, like an interrupt.
    /// The compiled frame running (if any) exits at its next limit check and all compiled code is
    /// discarded there.
    public func requestDeopt() { vmstate_request(core.state, UInt32(VMSTATE_REQUEST_DEOPT)) }
}

// MARK: the `vmrepl` module

extension LuaVM {
    /// `require "vmrepl"`: the Lua face of the engine (a module in package.loaded, never a global:
    /// libraries test the global `jit` to detect LuaJIT).
    func openEngineModule() {
        let vm = core
        let t = vm.newTable()
        func add(_ name: String, _ fn: @escaping NativeFunction) {
            let v = vm.newNative("vmrepl." + name, fn)
            vm.natives[vm.natives.count - 1].isLibrary = true
            vm.rawSetStr(t, vm.newString(name), v)
        }
        /// The Lua function argument i's proto.
        func proto(_ a: Args, _ i: Int) throws(VMError) -> UnsafeMutablePointer<Proto> {
            let f = a[i]
            guard f.tag == Tag.luaClosure else { throw a.argError(i, "Lua function expected") }
            return f.lclosure.pointee.proto
        }
        add("deopt") { a throws(VMError) in
            // The calling frame: the Lua frame below this native's own. When it is compiled code
            // waiting for this call, it goes on in the interpreter once the call returns.
            guard let engine = a.vm.tier as? JITEngine, let caller = a.vm.current.pointee.ci.pointee.previous,
                  let cl = caller.pointee.closure else { return a.ret(.false) }
            let running = a.vm.compiledCaller == caller
            if running { a.vm.deoptAfterCall = caller }
            let exited = engine.deoptimize(a.vm, cl.pointee.proto, pc: a.vm.currentPC(caller))
            return a.ret(.bool(running || exited))
        }
        add("tier") { a throws(VMError) in
            let p = try proto(a, 1)
            (a.vm.tier as? JITEngine)?.settle(a.vm)  // the compiles in flight first
            let r = a.vm.newTable()
            a.vm.push(.table(r))  // rooted while it fills
            func set(_ k: String, _ v: Value) { a.vm.rawSetStr(r, a.vm.newString(k), v) }
            let info = (a.vm.tier as? JITEngine)?.info(p)
            set("tier", .string(a.vm.newString(info?.tier ?? "interpreted")))
            set("calls", .integer(p.pointee.callCount))
            set("versions", .integer(info?.versions ?? 0))
            set("osr", .integer(info?.osrTaken ?? 0))
            set("osrRefused", .integer(info?.osrRefused ?? 0))
            let reasons = a.vm.newTable()
            set("reasons", .table(reasons))
            // Where: "reason@line" (the source line of the instruction exited at) -> count.
            let sites = a.vm.newTable()
            set("sites", .table(sites))
            var total = 0
            for d in info?.deopts ?? [] {
                total += d.count
                for (t, name) in [(reasons, d.reason.name), (sites, "\(d.reason.name)@\(p.pointee.lines[d.pc])")] {
                    let k = a.vm.newString(name)
                    let old = LTable.getStr(t, k)
                    a.vm.rawSetStr(t, k, .integer((old.isNil ? 0 : old.i) + Int64(d.count)))
                }
            }
            set("deopts", .integer(total))
            // Instruction counts (`--jit-stats`): this function's own, not those of the functions in it.
            if a.vm.countsBytecodes {
                var c = BytecodeCounts()
                c.add(p)
                set("bytecodes", .integer(Int64(c.total)))
                set("compiledBytecodes", .integer(Int64(c.compiled)))
                if let share = c.compiledShare { set("compiledShare", .number(share)) }
                set("jitStats", .string(a.vm.newString("on")))
            } else {
                set("jitStats", .string(a.vm.newString("off: " + LuaVM.countingHint)))
            }
            return 1
        }
        add("compile") { a throws(VMError) in
            let p = try proto(a, 1)
            guard let engine = a.vm.tier as? JITEngine else {
                return a.ret(.false, .string(a.vm.newString("the JIT is off")))
            }
            if let why = engine.compileNow(a.vm, p) { return a.ret(.false, .string(a.vm.newString(why))) }
            return a.ret(.true)
        }
        add("flush") { a throws(VMError) in
            a.ret(.integer(a.vm.tier?.discardAll(a.vm, why: "vmrepl.flush()") ?? 0))
        }
        vm.rawSetStr(vm.loadedTable, vm.newString("vmrepl"), .table(t))
    }
}

extension LuaVM {
    /// `:disasm`: the IR and machine code of each installed version of a Lua function; nil when
    /// the value is not a Lua function.
    public func compiledListing(of f: LuaRef) -> String? {
        guard f.value.tag == Tag.luaClosure else { return nil }
        guard let engine = jitEngine else { return "the JIT is off: no compiled code\n" }
        engine.settle(core)
        let p = f.value.lclosure.pointee.proto
        let info = engine.info(p)
        var head = "\(info.tier)"
        if let why = info.refusal { head += " (last refused: \(why))" }
        return head + "\n" + engine.listing(p)
    }

    /// The JIT's part of a `:tier` row.
    func tierDetail(_ p: UnsafeMutablePointer<Proto>) -> (tier: String, lines: [String]) {
        guard let engine = jitEngine else { return ("interpreted", []) }
        let info = engine.info(p)
        var lines: [String] = []
        if info.versions > 0 || info.osrTaken > 0 || info.osrRefused > 0 {
            lines.append("jit: \(info.versions) code version\(info.versions == 1 ? "" : "s") made, \(info.installed) installed; "
                         + "OSR entries taken \(info.osrTaken), refused \(info.osrRefused)")
        }
        for d in info.deopts {
            lines.append("deopt \(d.reason.name) at pc \(d.pc + 1) (line \(p.pointee.lines[d.pc])): \(d.count)")
        }
        if let why = info.refusal { lines.append("refused: \(why)") }
        return (info.tier, lines)
    }
}
