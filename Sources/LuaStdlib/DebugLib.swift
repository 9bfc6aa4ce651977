// DebugLib: the debug library (manual §6.10) over the runtime's frame introspection:
// traceback, getinfo, getlocal/setlocal, getupvalue/setupvalue, upvalueid/upvaluejoin,
// get/setmetatable for any type, getregistry, get/setuservalue, sethook/gethook.
//
// Invariants: level 0 is the running native (the debug function itself), level 1 its caller,
// like lua; an optional leading thread argument selects another coroutine's frames. Hooks are
// per coroutine (LuaRuntime/Hooks.swift); the interpreter fires them (Interpreter+Hooks.swift)
// and records, while a call or return hook runs, which frame's values it transfers (getinfo "r").

import LuaBytecode
import LuaRuntime
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

enum DebugLib {

    static func open(_ vm: VM) {
        vm.register(library: "debug") { lib in
            lib.add("traceback", traceback); lib.add("getinfo", getinfo)
            lib.add("getlocal", getlocal); lib.add("setlocal", setlocal)
            lib.add("getupvalue", getupvalue); lib.add("setupvalue", setupvalue)
            lib.add("upvalueid", upvalueid); lib.add("upvaluejoin", upvaluejoin)
            lib.add("getmetatable", getmetatable); lib.add("setmetatable", setmetatable)
            lib.add("getregistry", { a throws(VMError) in a.ret(.table(a.vm.registry)) })
            lib.add("getuservalue", getuservalue); lib.add("setuservalue", setuservalue)
            lib.add("sethook", sethook); lib.add("gethook", gethook); lib.add("debug", debugLoop)
            // 5.4.0-5.4.2 compatibility: the C stack limit is fixed; like lua 5.4.8, check the
            // argument and answer the fixed limit.
            lib.add("setcstacklimit", { a throws(VMError) in
                _ = try a.checkInteger(1)
                return a.ret(.integer(StdlibLimits.cStackLimitAnswer)) })
        }
    }

    /// The optional thread argument: (thread, index of the next argument).
    static func threadArg(_ a: Args) -> (UnsafeMutablePointer<LThread>, Int) {
        if a[1].tag == Tag.thread { return (a[1].thread, 2) }
        return (a.vm.current, 1)
    }

    /// Frame `level` of thread `th` (0 = its innermost frame).
    static func frame(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ level: Int) -> UnsafeMutablePointer<CallInfo>? {
        if level < 0 { return nil }
        var ci: UnsafeMutablePointer<CallInfo>? = th.pointee.ci
        var l = level
        while let c = ci, l > 0 {
            if c == th.pointee.baseCI { return nil }
            ci = c.pointee.previous
            l -= 1
        }
        if let c = ci, c == th.pointee.baseCI { return nil }
        return ci
    }

    static func traceback(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let (th, i) = threadArg(a)
        let msg = a[i]
        if !msg.isNil && !msg.isString && !msg.isNumber { return a.ret(msg) }
        let level = Int(try a.optInteger(i + 1, th == vm.current ? 1 : 0))
        var text = ""
        if !msg.isNil { text = LString.swiftString(msg.isString ? msg.str : vm.numberToString(msg)) + "\n" }
        text += vm.traceback(level: max(level, 0), thread: th)
        return a.ret(vm.str(text))
    }

    static func getinfo(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let (th, i) = threadArg(a)
        let what = a.isNoneOrNil(i + 1) ? "flnSrtu" : try a.checkSwiftString(i + 1)
        var fn: Value
        var ci: UnsafeMutablePointer<CallInfo>? = nil
        if a[i].isFunction {
            fn = a[i]
        } else {
            let level = try a.checkInteger(i)
            guard let c = frame(vm, th, Int(clamping: level)) else { return a.ret(.nil) }
            ci = c
            fn = th.pointee.stack[c.pointee.funcIdx]
            if let cl = c.pointee.closure { fn = .object(UnsafeMutableRawPointer(cl), Tag.luaClosure) }
            // An xpcall frame keeps its message handler in the function slot.
            if c.pointee.status & CallStatus.xpcall != 0 { fn = Value(payload: UInt64(vm.xpcallIndex), tag: Tag.lightNative) }
        }
        if what.hasPrefix(">") { throw a.argError(i + 1, "invalid option '>'") }
        for ch in what where !"SlnrutfL".contains(ch) { throw a.argError(i + 1, "invalid option") }
        let t = vm.newTable(nhash: 16)
        vm.push(.table(t))
        func set(_ k: String, _ v: Value) { vm.rawSetStr(t, vm.newString(k), v) }
        let isLua = fn.tag == Tag.luaClosure
        let info: FunctionPrototype? = isLua ? vm.protoInfo(of: fn.lclosure.pointee.proto) : nil
        if what.contains("S") {
            if let p = info {
                let src = p.source
                set("source", vm.str(src))
                set("short_src", vm.str(VM.chunkID(src)))
                set("linedefined", .integer(p.lineDefined))
                set("lastlinedefined", .integer(p.lastLineDefined))
                set("what", vm.str(p.lineDefined == 0 ? "main" : "Lua"))
            } else {
                set("source", vm.str("=[C]"))
                set("short_src", vm.str("[C]"))
                set("linedefined", .integer(-1))
                set("lastlinedefined", .integer(-1))
                set("what", vm.str("C"))
            }
        }
        if what.contains("l") {
            set("currentline", .integer(ci.map { $0.pointee.closure != nil ? vm.currentLine($0) : -1 } ?? -1))
        }
        if what.contains("u") {
            if isLua {
                set("nups", .integer(fn.lclosure.pointee.upvalCount))
                set("nparams", .integer(info!.numParams))
                set("isvararg", .bool(info!.isVararg))
            } else {
                set("nups", .integer(fn.tag == Tag.nativeClosure ? fn.nclosure.pointee.upvalCount : 0))
                set("nparams", .integer(0))
                set("isvararg", .true)
            }
        }
        if what.contains("n") {
            if let c = ci, let (kind, name) = vm.functionName(c) {
                set("name", vm.str(name))
                set("namewhat", vm.str(kind == "for iterator" ? "for iterator" : kind))
            } else {
                set("namewhat", vm.str(""))
            }
        }
        if what.contains("t") {
            set("istailcall", .bool(ci.map { $0.pointee.status & CallStatus.tailCalled != 0 } ?? false))
        }
        if what.contains("r") {
            // Only the frame a running call or return hook is about has transfer values.
            let h = th.pointee.hook
            let on = ci != nil && h.transferCI == ci
            set("ftransfer", .integer(on ? Int64(h.ftransfer) : 0))
            set("ntransfer", .integer(on ? Int64(h.ntransfer) : 0))
        }
        if what.contains("L"), let p = info {
            let lines = vm.newTable()
            set("activelines", .table(lines))
            // A vararg function's first instruction (VARARGPREP, on its definition line) is
            // never traced, so that line is left out, as lua does; stripped code has none.
            for (pc, l) in p.lineInfo.enumerated() where l > 0 && !(pc == 0 && p.isVararg) {
                vm.rawSetInt(lines, Int64(l), .true)
            }
        }
        if what.contains("f") { set("func", fn) }
        return 1
    }

    /// Name and stack slot of local `n` in a frame of thread `th`, if it exists: n >= 1 counts
    /// active locals then temporaries; n <= -1 counts a vararg function's extra arguments.
    /// Temporaries are the slots below the callee's function slot (or the thread's top for its
    /// innermost frame): a frame that is calling something cannot see that call's own slots.
    static func localSlot(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ ci: UnsafeMutablePointer<CallInfo>,
                          _ n: Int) -> (String, Int)? {
        let limit = ci == th.pointee.ci ? th.pointee.top : (ci.pointee.next?.pointee.funcIdx ?? th.pointee.top)
        if let c = ci.pointee.closure {
            if n < 0 {
                let nextra = ci.pointee.nExtraArgs
                guard vm.protoInfo(of: c.pointee.proto).isVararg, -n <= nextra else { return nil }
                return ("(vararg)", ci.pointee.baseIdx - nextra - n - 1)
            }
            if n == 0 { return nil }
            let pc = vm.currentPC(ci)
            var k = 0
            for lv in vm.protoInfo(of: c.pointee.proto).localVariables {
                if lv.startPC > pc { break }
                if pc < lv.endPC {
                    k += 1
                    if k == n { return (lv.name, ci.pointee.baseIdx + n - 1) }
                }
            }
            let slot = ci.pointee.baseIdx + n - 1
            // A frame below another reaches up to the callee's slot, past its own registers
            // (the open results a return hook sees); the running frame stops at its registers.
            if slot < limit && (ci != th.pointee.ci || slot < ci.pointee.topIdx) { return ("(temporary)", slot) }
            return nil
        }
        if n <= 0 { return nil }
        let slot = ci.pointee.funcIdx + n
        if slot < limit { return ("(C temporary)", slot) }
        return nil
    }

    static func getlocal(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let (th, i) = threadArg(a)
        let n = Int(clamping: try a.checkInteger(i + 1))
        if a[i].isFunction {
            let f = a[i]
            guard f.tag == Tag.luaClosure else { return a.ret(.nil) }
            let locals = vm.protoInfo(of: f.lclosure.pointee.proto).localVariables
            let params = locals.filter { $0.startPC == 0 }
            if n >= 1 && n <= min(params.count, vm.protoInfo(of: f.lclosure.pointee.proto).numParams) {
                return a.ret(vm.str(params[n - 1].name))
            }
            return a.ret(.nil)
        }
        let level = try a.checkInteger(i)
        guard let ci = frame(vm, th, Int(clamping: level)) else { throw a.argError(i, "level out of range") }
        guard let (name, slot) = localSlot(vm, th, ci, n) else { return a.ret(.nil) }
        return a.ret(vm.str(name), th.pointee.stack[slot])
    }

    static func setlocal(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let (th, i) = threadArg(a)
        let level = try a.checkInteger(i)
        let n = Int(clamping: try a.checkInteger(i + 1))
        try a.checkAny(i + 2)
        guard let ci = frame(vm, th, Int(clamping: level)) else { throw a.argError(i, "level out of range") }
        guard let (name, slot) = localSlot(vm, th, ci, n) else { return a.ret(.nil) }
        th.pointee.stack[slot] = a[i + 2]
        return a.ret(vm.str(name))
    }

    /// Upvalue `n` of function `f`: its name and a pointer to its value.
    static func upvalue(_ vm: VM, _ f: Value, _ n: Int) -> (String, UnsafeMutablePointer<Value>)? {
        if f.tag == Tag.luaClosure {
            let c = f.lclosure
            guard n >= 1 && n <= c.pointee.upvalCount else { return nil }
            let ups = vm.protoInfo(of: c.pointee.proto).upvalues
            let name = n - 1 < ups.count ? (ups[n - 1].name.isEmpty ? "(no name)" : ups[n - 1].name) : "(no name)"
            return (name, LClosure.upvals(c)[n - 1].pointee.v)
        }
        if f.tag == Tag.nativeClosure {
            let c = f.nclosure
            guard n >= 1 && n <= c.pointee.upvalCount else { return nil }
            return ("", NClosure.upvals(c) + (n - 1))
        }
        return nil
    }

    static func getupvalue(_ a: Args) throws(VMError) -> Int {
        let f = try a.checkFunction(1)
        let n = Int(clamping: try a.checkInteger(2))
        guard let (name, p) = upvalue(a.vm, f, n) else { return 0 }
        return a.ret(a.vm.str(name), p.pointee)
    }

    static func setupvalue(_ a: Args) throws(VMError) -> Int {
        try a.checkAny(3)
        let f = try a.checkFunction(1)
        let n = Int(clamping: try a.checkInteger(2))
        guard let (name, p) = upvalue(a.vm, f, n) else { return 0 }
        p.pointee = a[3]
        return a.ret(a.vm.str(name))
    }

    static func checkUpvalue(_ a: Args, _ fi: Int, _ ni: Int) throws(VMError) -> UnsafeMutablePointer<UnsafeMutablePointer<UpVal>> {
        let f = a[fi]
        if f.tag != Tag.luaClosure { throw a.argError(fi, "Lua function expected") }
        let n = try a.checkInteger(ni)
        let c = f.lclosure
        if n < 1 || n > Int64(c.pointee.upvalCount) { throw a.argError(ni, "invalid upvalue index") }
        return LClosure.upvals(c) + Int(n - 1)
    }

    /// A unique identity for an upvalue: a light userdata holding the upvalue's address (equal
    /// exactly when two closures share the upvalue).
    static func upvalueid(_ a: Args) throws(VMError) -> Int {
        let f = try a.checkFunction(1)
        let n = Int(clamping: try a.checkInteger(2))
        if f.tag == Tag.luaClosure {
            let c = f.lclosure
            guard n >= 1 && n <= c.pointee.upvalCount else { return a.ret(.nil) }
            return a.ret(.lightUserdata(UnsafeRawPointer(LClosure.upvals(c)[n - 1])))
        }
        guard let (_, p) = upvalue(a.vm, f, n) else { return a.ret(.nil) }
        return a.ret(.lightUserdata(UnsafeRawPointer(p)))
    }

    /// upvaluejoin's checks in lua's order: for each (function, index) pair the index is a
    /// number, the function a function, the index one of its upvalues; then both functions are
    /// Lua functions.
    static func upvaluejoin(_ a: Args) throws(VMError) -> Int {
        for (fi, ni) in [(1, 2), (3, 4)] {
            let n = Int(clamping: try a.checkInteger(ni))
            let f = try a.checkFunction(fi)
            if upvalue(a.vm, f, n) == nil { throw a.argError(ni, "invalid upvalue index") }
        }
        if a[1].tag != Tag.luaClosure { throw a.argError(1, "Lua function expected") }
        if a[3].tag != Tag.luaClosure { throw a.argError(3, "Lua function expected") }
        let u1 = try checkUpvalue(a, 1, 2)
        let u2 = try checkUpvalue(a, 3, 4)
        u1.pointee = u2.pointee
        return 0
    }

    static func getmetatable(_ a: Args) throws(VMError) -> Int {
        try a.checkAny(1)
        guard let mt = a.vm.metatable(of: a[1]) else { return a.ret(.nil) }
        return a.ret(.table(mt))
    }

    static func setmetatable(_ a: Args) throws(VMError) -> Int {
        let v = a[1]
        let m = a[2]
        if a.isNone(2) || (!m.isNil && !m.isTable) { throw a.typeError(2, "nil or table") }
        let mt: UnsafeMutablePointer<LTable>? = m.isTable ? m.tbl : nil
        switch v.tag {
        case Tag.table: v.tbl.pointee.metatable = mt; a.vm.checkFinalizer(v, mt)
        case Tag.userdata: v.udata.pointee.metatable = mt; a.vm.checkFinalizer(v, mt)
        default: a.vm.setTypeMetatable(v.tag, mt)
        }
        return a.ret(v)
    }

    static func getuservalue(_ a: Args) throws(VMError) -> Int {
        let v = a[1]
        if v.tag != Tag.userdata { return a.ret(.nil) }   // light userdata too: fail, one value
        let n = try a.optInteger(2, 1)
        if n < 1 || n > Int64(v.udata.pointee.userValueCount) { return a.ret(.nil) }  // no such slot
        return a.ret(v.udata.pointee.userValue, .true)
    }

    static func setuservalue(_ a: Args) throws(VMError) -> Int {
        let v = try a.checkType(1, Tag.userdata, "userdata")
        try a.checkAny(2)
        let n = try a.optInteger(3, 1)
        if n < 1 || n > Int64(v.udata.pointee.userValueCount) { return a.ret(.nil) }  // fail
        v.udata.pointee.userValue = a[2]
        return a.ret(v)
    }

    /// debug.debug: read lines from stdin and run each, until "cont" or end of input; errors
    /// are printed to stderr and the loop goes on.
    static func debugLoop(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        while true {
            fputs("lua_debug> ", stderr)
            fflush(stderr)
            var line: [UInt8] = []
            var c = try IOLib.getByte(vm, stdin)
            if c == EOF { return 0 }
            while c != EOF && c != 10 {
                line.append(UInt8(truncatingIfNeeded: c))
                c = try IOLib.getByte(vm, stdin)
            }
            if line == Array("cont".utf8) { return 0 }
            guard let compile = vm.hooks.compile else { return 0 }
            let (fp, err, _) = compile(line, "=(debug command)")
            guard let proto = fp else {
                fputs((err ?? "syntax error") + "\n", stderr)
                continue
            }
            do {
                _ = try vm.call(vm.newMainClosure(proto), [])
            } catch {
                if error.kind == .interrupt { throw error }
                fputs(vm.tostringBasic(error.value) + "\n", stderr)
            }
        }
    }

    /// debug.sethook([thread,] hook, mask [, count]) or debug.sethook([thread]) to turn hooks off.
    static func sethook(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let (th, i) = threadArg(a)
        if a.isNoneOrNil(i) {
            vm.setHook(th, .nil, mask: 0, count: 0)
            return 0
        }
        let smask = try a.checkString(i + 1)
        let f = try a.checkFunction(i)
        let count = try a.optInteger(i + 2, 0)
        var mask: UInt8 = 0
        if smask.contains(UInt8(ascii: "c")) { mask |= HookMask.call }
        if smask.contains(UInt8(ascii: "r")) { mask |= HookMask.ret }
        if smask.contains(UInt8(ascii: "l")) { mask |= HookMask.line }
        vm.setHook(th, f, mask: mask, count: Int(clamping: count))
        return 0
    }

    /// debug.gethook([thread]): hook, mask, count (fail when no hook is set).
    static func gethook(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let (th, _) = threadArg(a)
        let h = th.pointee.hook
        if h.mask == 0 { return a.ret(.nil) }
        var smask: [UInt8] = []
        if h.mask & HookMask.call != 0 { smask.append(UInt8(ascii: "c")) }
        if h.mask & HookMask.ret != 0 { smask.append(UInt8(ascii: "r")) }
        if h.mask & HookMask.line != 0 { smask.append(UInt8(ascii: "l")) }
        return a.ret(vm.hookFunction(th), vm.str(smask), .integer(Int64(h.baseCount)))
    }
}
