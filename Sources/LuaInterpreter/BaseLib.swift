// The base library (manual §6.1): print, type, tostring, tonumber, pairs, ipairs, next, select,
// raw*, metatables, assert, error, pcall, xpcall, load, loadfile, dofile, collectgarbage, and the
// package table (require and its searchers are written in Lua: stdlib/require.lua).
//
// Invariants: pcall/xpcall called from Lua never reach these natives (the dispatch loop runs them
// as pcall frames, see protectedCall); the natives here are the fallback for calls from Swift.
// Interrupt errors pass through every pcall. Output goes through C stdio's stdout so that it
// interleaves correctly with io.write; print flushes it after each line.

import LuaBytecode
import LuaRuntime
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

public enum BaseLibrary {
    public static func open(_ vm: VM) {
        Interpreter.install(vm)
        // Registered one by one (not through a tuple array) so each call goes straight to the
        // function, without reabstraction thunks.
        func global(_ name: String, _ fn: @escaping NativeFunction) {
            let v = vm.newNative(name, fn)
            vm.natives[vm.natives.count - 1].isLibrary = true
            vm.setGlobal(name, v)
        }
        global("print", print); global("type", type); global("tostring", tostring)
        global("tonumber", tonumber); global("ipairs", ipairs); global("pairs", pairs)
        global("next", next); vm.nextIndex = vm.natives.count - 1
        vm.ipairsIteratorIndex = Int(vm.newNative("ipairs_iterator", ipairsIter).payload)
        global("select", select); global("rawget", rawget)
        global("rawset", rawset); global("rawequal", rawequal); global("rawlen", rawlen)
        global("setmetatable", setmetatable); global("getmetatable", getmetatable)
        global("assert", assert); global("error", error); global("load", load)
        global("loadfile", loadfile); global("dofile", dofile)
        global("collectgarbage", collectgarbage)
        global("warn", warn)
        let pc = vm.newNative("pcall", pcall)
        vm.pcallIndex = Int(pc.payload)
        vm.natives[vm.pcallIndex].isLibrary = true
        vm.setGlobal("pcall", pc)
        let xpc = vm.newNative("xpcall", xpcall)
        vm.xpcallIndex = Int(xpc.payload)
        vm.natives[vm.xpcallIndex].isLibrary = true
        vm.setGlobal("xpcall", xpc)
        vm.setGlobal("_G", .table(vm.globals))
        vm.setGlobal("_VERSION", vm.str("Lua 5.4"))
        // package: loaded, preload, path.
        let package = vm.newTable()
        vm.rawSetStr(package, vm.newString("loaded"), .table(vm.loadedTable))
        vm.rawSetStr(package, vm.newString("preload"), .table(vm.newTable()))
        vm.rawSetStr(package, vm.newString("path"), vm.str(searchPath("LUA_PATH", defaultPath)))
        vm.rawSetStr(package, vm.newString("cpath"), vm.str(searchPath("LUA_CPATH", defaultCPath)))
        vm.rawSetStr(package, vm.newString("config"), vm.str("/\n;\n?\n!\n-\n"))
        vm.setGlobal("package", .table(package))
        vm.rawSetStr(vm.loadedTable, vm.newString("_G"), .table(vm.globals))
        vm.rawSetStr(vm.loadedTable, vm.newString("package"), .table(package))
        CoroutineLibrary.open(vm)
    }

    static func write(_ b: UnsafeBufferPointer<UInt8>, _ out: UnsafeMutablePointer<FILE>) {
        if b.count > 0 { fwrite(b.baseAddress, 1, b.count, out) }
    }

    static func print(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let out = vm.standardOutput
        for i in 1...max(a.count, 1) where i <= a.count {
            if i > 1 { fputc(9, out) }
            let v = a[i]
            if !vm.isPlainText(v) {
                let s = try vm.tostring(v)
                write(LString.buffer(s), out)
            } else if v.isString { write(LString.buffer(v.str), out) }
            else {
                let s = LuaNumber.format(v)
                fputs(s, out)
            }
        }
        fputc(10, out)
        // Each line reaches the reader at once, into a pipe or a file too (stdio only flushes
        // a terminal's stdout by line), as lua's print does.
        fflush(out)
        return 0
    }

    static func type(_ a: Args) throws(VMError) -> Int {
        try a.checkAny(1)
        return a.ret(a.vm.str(a.vm.typeName(a[1])))
    }

    static func tostring(_ a: Args) throws(VMError) -> Int {
        try a.checkAny(1)
        return a.ret(.string(try a.vm.tostring(a[1])))
    }

    static func tonumber(_ a: Args) throws(VMError) -> Int {
        if a.isNoneOrNil(2) {
            let v = a[1]
            if v.isNumber { return a.ret(v) }
            if v.isString, let n = LuaNumber.parse(LString.buffer(v.str)) { return a.ret(n) }
            try a.checkAny(1)
            return a.ret(.nil)
        }
        let base = try a.checkInteger(2)
        let v = a[1]
        guard v.isString else { throw a.typeError(1, "string") }
        if base < 2 || base > 36 { throw a.argError(2, "base out of range") }
        let b = LString.buffer(v.str)
        var i = 0, e = b.count
        func isSpace(_ c: UInt8) -> Bool { c == 32 || (c >= 9 && c <= 13) }
        while i < e && isSpace(b[i]) { i += 1 }
        while e > i && isSpace(b[e - 1]) { e -= 1 }
        var neg = false
        if i < e && b[i] == UInt8(ascii: "-") { neg = true; i += 1 }
        else if i < e && b[i] == UInt8(ascii: "+") { i += 1 }
        if i >= e { return a.ret(.nil) }
        var n: Int64 = 0
        while i < e {
            let c = b[i]
            var d: Int
            if c >= 48 && c <= 57 { d = Int(c) - 48 }
            else if c >= 97 && c <= 122 { d = Int(c) - 87 }
            else if c >= 65 && c <= 90 { d = Int(c) - 55 }
            else { return a.ret(.nil) }
            if d >= Int(base) { return a.ret(.nil) }
            n = n &* base &+ Int64(d)
            i += 1
        }
        return a.ret(.integer(neg ? 0 &- n : n))
    }

    static func ipairsIter(_ a: Args) throws(VMError) -> Int {
        let i = (try a.checkInteger(2)) &+ 1
        let t = a[1]
        let v: Value
        if t.tag == Tag.table && t.tbl.pointee.metatable == nil { v = LTable.getInt(t.tbl, i) }
        else { v = try a.vm.getIndex(t, .integer(i)) }
        if v.isNil { return a.ret(.nil) }
        return a.ret(.integer(i), v)
    }

    static func ipairs(_ a: Args) throws(VMError) -> Int {
        try a.checkAny(1)
        let vm = a.vm
        return a.ret(Value(payload: UInt64(vm.ipairsIteratorIndex), tag: Tag.lightNative), a[1], .integer(0))
    }

    static func pairs(_ a: Args) throws(VMError) -> Int {
        try a.checkAny(1)
        let vm = a.vm
        let h = vm.tm(a[1], .pairs)
        // The handler's first three results, from a call that may yield (lua_callk in lua).
        if !h.isNil { return try a.finish(calling: h, [a[1]], results: 3) }
        // No type check here: next raises it when the loop starts, as in lua.
        return a.ret(Value(payload: UInt64(vm.nextIndex), tag: Tag.lightNative), a[1], .nil)  // the global next, as in lua
    }

    static func next(_ a: Args) throws(VMError) -> Int {
        let t = try a.checkTable(1)
        if let (k, v) = try a.vm.next(t, a[2]) { return a.ret(k, v) }
        return a.ret(.nil)
    }

    static func select(_ a: Args) throws(VMError) -> Int {
        let n = Int64(a.count)
        let first = a[1]
        if first.isString && LString.buffer(first.str).first == UInt8(ascii: "#") {
            return a.ret(.integer(n - 1))
        }
        var i = try a.checkInteger(1)
        if i < 0 { i = n + i } else if i > n { i = n }
        if i < 1 { throw a.argError(1, "index out of range") }
        var j = Int(i) + 1
        while j <= Int(n) { a.vm.push(a[j]); j += 1 }
        return Int(n - i)
    }

    static func rawget(_ a: Args) throws(VMError) -> Int {
        let t = try a.checkTable(1)
        try a.checkAny(2)
        return a.ret(LTable.get(t, a[2]))
    }

    static func rawset(_ a: Args) throws(VMError) -> Int {
        let t = try a.checkTable(1)
        try a.checkAny(2)
        try a.checkAny(3)
        try a.vm.rawSet(t, a[2], a[3])
        return a.ret(a[1])
    }

    static func rawequal(_ a: Args) throws(VMError) -> Int {
        try a.checkAny(1)
        try a.checkAny(2)
        return a.ret(.bool(Value.rawEquals(a[1], a[2])))
    }

    static func rawlen(_ a: Args) throws(VMError) -> Int {
        let v = a[1]
        if v.isTable { return a.ret(.integer(LTable.length(v.tbl))) }
        if v.isString { return a.ret(.integer(v.str.pointee.length)) }
        throw a.typeError(1, "table or string")
    }

    static func setmetatable(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let t = try a.checkTable(1)
        let m = a[2]
        if !m.isNil && !m.isTable { throw a.typeError(2, "nil or table") }
        if let old = t.pointee.metatable, !vm.fastTM(old, .metatable).isNil {
            throw vm.error("cannot change a protected metatable")
        }
        t.pointee.metatable = m.isNil ? nil : m.tbl
        vm.checkFinalizer(a[1], t.pointee.metatable)
        return a.ret(a[1])
    }

    static func getmetatable(_ a: Args) throws(VMError) -> Int {
        try a.checkAny(1)
        let vm = a.vm
        guard let mt = vm.metatable(of: a[1]) else { return a.ret(.nil) }
        let protected = vm.fastTM(mt, .metatable)
        if !protected.isNil { return a.ret(protected) }
        return a.ret(.table(mt))
    }

    static func assert(_ a: Args) throws(VMError) -> Int {
        if a[1].isTruthy {
            for i in 1...max(a.count, 1) where i <= a.count { a.vm.push(a[i]) }
            return a.count
        }
        try a.checkAny(1)
        // As lua's assert hands its message to `error` (level 1): a string gets the position of
        // the calling Lua code, any other value is raised as it is.
        if a.count >= 2 {
            let m = a[2]
            if m.tag == Tag.string { throw a.vm.error(bytes: LString.byteArray(m.str)) }
            throw a.vm.errorWithValue(m)
        }
        throw a.vm.error("assertion failed!")
    }

    static func error(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let level = try a.optInteger(2, 1)
        var v = a[1]
        if v.isString && level > 0, let ci = vm.frame(level: Int(level)), ci.pointee.closure != nil {
            let pos = vm.wherePrefix(ci)
            if !pos.isEmpty { v = vm.str(Array((pos + " ").utf8) + LString.byteArray(v.str)) }
        }
        throw vm.errorWithValue(v)
    }

    static func pcall(_ a: Args) throws(VMError) -> Int {
        try a.checkAny(1)
        return try protectedCall(a, argsFrom: 2) { e throws(VMError) in a.ret(.false, e) }
    }

    static func xpcall(_ a: Args) throws(VMError) -> Int {
        _ = try a.checkFunction(2)
        return try protectedCall(a, argsFrom: 3) { e throws(VMError) in
            let h = try a.vm.call(a[2], [e], nResults: 1)
            return a.ret(.false, h.first ?? .nil)
        }
    }

    /// Call a[1] with a[first...] in protected mode: on success push true and the results; on a
    /// Lua error return what `onError` makes of the error value (interrupts pass through).
    @inline(__always)
    private static func protectedCall(_ a: Args, argsFrom first: Int,
                                      onError: (Value) throws(VMError) -> Int) throws(VMError) -> Int {
        let vm = a.vm
        var args: [Value] = []
        if a.count >= first { for i in first...a.count { args.append(a[i]) } }
        do {
            let r = try vm.call(a[1], args)
            vm.push(.true)
            for v in r { vm.push(v) }
            return r.count + 1
        } catch {
            if error.kind != .error { throw error }
            vm.releaseErrorZone(vm.current)
            return try onError(error.value)
        }
    }

    // MARK: loading code

    /// Compile `source` and make a closure with _ENV = env (globals by default).
    public static func loadChunk(_ vm: VM, _ source: [UInt8], chunkName: String, env: Value? = nil) -> (Value?, String?) {
        guard let compile = vm.hooks.compile else { return (nil, "no compiler") }
        let (fp, err, _) = compile(source, chunkName)
        guard let proto = fp else { return (nil, err ?? "syntax error") }
        return (vm.newMainClosure(proto, env: env), nil)
    }

    static func load(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        var chunk = a[1]
        if chunk.isNumber { chunk = .string(vm.numberToString(chunk)) }  // lua accepts numbers as text
        // Checked in lua's order: the mode, the chunk name, then the chunk.
        let mode = a.isNoneOrNil(3) ? "bt" : try a.checkSwiftString(3)
        var source: [UInt8]
        var name: String
        if chunk.isString {
            source = LString.byteArray(chunk.str)
            name = a.isNoneOrNil(2) ? String(decoding: source, as: UTF8.self) : try a.checkSwiftString(2)
        } else {
            source = []
            name = a.isNoneOrNil(2) ? "=(load)" : try a.checkSwiftString(2)
            if !chunk.isFunction { throw a.typeError(1, "function") }
            while true {
                // An error in the reader is load's failure (nil plus the error value), as in lua.
                let r: [Value]
                do { r = try vm.call(chunk, [], nResults: 1) } catch {
                    if error.kind != .error { throw error }
                    vm.errorCaught()
                    return a.ret(.nil, error.value)
                }
                var piece = r.first ?? .nil
                if piece.isNil { break }
                if piece.isNumber { piece = .string(vm.numberToString(piece)) }
                // Raised like luaL_error (with the position of load's caller), caught as load's failure.
                guard piece.isString else {
                    let e = vm.error("reader function must return a string")
                    vm.errorCaught()
                    return a.ret(.nil, e.value)
                }
                if piece.str.pointee.length == 0 { break }
                source += LString.buffer(piece.str)
            }
        }
        if let err = modeError(source, mode) { return a.ret(.nil, vm.str(err)) }
        let env: Value? = a.count >= 4 ? a[4] : nil
        let (f, err) = loadChunk(vm, source, chunkName: name, env: env)
        if let f = f { return a.ret(f) }
        return a.ret(.nil, vm.str(err ?? ""))
    }

    /// load's and loadfile's `mode` ("b", "t" or "bt") against the chunk: lua's message, or nil.
    /// Binary chunks (string.dump output) start with ESC and go through the same compile hook.
    static func modeError(_ source: [UInt8], _ mode: String) -> String? {
        if source.first == 0x1B {
            return mode.contains("b") ? nil : "attempt to load a binary chunk (mode is '\(mode)')"
        }
        return mode.contains("t") ? nil : "attempt to load a text chunk (mode is '\(mode)')"
    }

    /// A chunk file as loadfile, dofile and the command line read it (luaL_loadfilex): a UTF-8
    /// byte-order mark is skipped, then a first line starting with '#' (kept as an empty line in
    /// text, so line numbers stay right; dropped before a binary chunk). nil path: stdin.
    /// Failures read "cannot open NAME: reason" or "cannot read NAME: reason", as in lua.
    public static func readChunkFile(_ path: String?) -> Result<[UInt8], ChunkFileError> {
        let name = path ?? "stdin"
        let fp: UnsafeMutablePointer<FILE>?
        if let p = path { fp = fopen(p, "rb") } else { fp = stdin }
        guard let f = fp else { return .failure(ChunkFileError(message: "cannot open \(name): \(String(cString: strerror(errno)))")) }
        defer { if path != nil { fclose(f) } else { clearerr(f) } }
        // Sized once from the file when it is a regular file; a pipe or terminal is read in pieces.
        var bytes: [UInt8] = []
        var piece = 4096
        var st = stat()
        if fstat(fileno(f), &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG && st.st_size > 0 {
            piece = Int(st.st_size) + 1  // one more byte to see the end of file in one read
        }
        while true {
            let have = bytes.count
            var got = 0
            bytes.append(contentsOf: repeatElement(0, count: piece))
            bytes.withUnsafeMutableBufferPointer { b in got = fread(b.baseAddress! + have, 1, piece, f) }
            bytes.removeLast(piece - got)
            if got < piece { break }
            piece = min(piece * 2, 1 << 24)
        }
        if ferror(f) != 0 { return .failure(ChunkFileError(message: "cannot read \(name): \(String(cString: strerror(errno)))")) }
        var i = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        var comment = false
        if i < bytes.count && bytes[i] == UInt8(ascii: "#") {
            comment = true
            while i < bytes.count && bytes[i] != UInt8(ascii: "\n") { i += 1 }
        }
        if i == 0 { return .success(bytes) }
        if comment && i < bytes.count {
            if bytes.count > i + 1 && bytes[i + 1] == 0x1B { i += 1 }  // binary: no line to keep
            // else: keep the comment's newline (at i) for the line numbers
        }
        return .success(Array(bytes[i...]))
    }

    public struct ChunkFileError: Error {
        public let message: String
    }

    static func loadfile(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let path = a.isNoneOrNil(1) ? nil : try a.checkSwiftString(1)
        let mode = a.isNoneOrNil(2) ? "bt" : try a.checkSwiftString(2)
        let src: [UInt8]
        switch readChunkFile(path) {
        case .success(let b): src = b
        case .failure(let e): return a.ret(.nil, vm.str(e.message))
        }
        if let err = modeError(src, mode) { return a.ret(.nil, vm.str(err)) }
        let env: Value? = a.count >= 3 ? a[3] : nil
        let (f, err) = loadChunk(vm, src, chunkName: path.map { "@" + $0 } ?? "=stdin", env: env)
        if let f = f { return a.ret(f) }
        return a.ret(.nil, vm.str(err ?? ""))
    }

    static func dofile(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let path = a.isNoneOrNil(1) ? nil : try a.checkSwiftString(1)
        let src: [UInt8]
        switch readChunkFile(path) {
        case .success(let b): src = b
        case .failure(let e): throw vm.error(e.message)
        }
        let (f, err) = loadChunk(vm, src, chunkName: path.map { "@" + $0 } ?? "=stdin")
        guard let fn = f else { throw vm.errorWithValue(vm.str(err ?? "")) }
        return try a.finish(calling: fn, [], results: -1)  // may yield, as in lua
    }

    static func collectgarbage(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let opts = ["collect", "stop", "restart", "count", "step", "isrunning", "incremental",
                    "generational", "setpause", "setstepmul"]
        let o = try a.checkOption(1, "collect", opts)
        if vm.inFinalizer { return a.ret(.nil) }  // the collector is busy finalizing: fail, as lua
        switch opts[o] {
        case "collect":
            vm.fullCollect()
            try vm.runPendingFinalizers()
            return a.ret(.integer(0))
        case "count":
            return a.ret(.number(Double(vm.heapBytes) / 1024.0))
        case "step":
            // Work proportional to the argument; true only when a cycle ended (VM.gcStep).
            let ended = vm.gcStep(kilobytes: try a.optInteger(2, 0))
            if ended { try vm.runPendingFinalizers() }
            return a.ret(.bool(ended))
        case "isrunning":
            return a.ret(.bool(vm.gcRunning))
        case "stop":
            vm.gcRunning = false
            return a.ret(.integer(0))
        case "restart":
            vm.gcRunning = true
            return a.ret(.integer(0))
        case "incremental", "generational":
            let previous = vm.gcx.mode
            vm.gcx.mode = opts[o]
            return a.ret(vm.str(previous))
        case "setpause":
            let previous = vm.gcx.pause
            vm.gcx.pause = Int(try a.optInteger(2, 0))
            return a.ret(.integer(Int64(previous)))
        case "setstepmul":
            let previous = vm.gcx.stepMul
            vm.gcx.stepMul = Int(try a.optInteger(2, 0))
            return a.ret(.integer(Int64(previous)))
        default:
            return a.ret(.integer(0))
        }
    }
}

/// Replace every occurrence of `what` in `s` (no Foundation dependency).
extension BaseLibrary {
    /// package.path and package.cpath without LUA_PATH / LUA_CPATH: lua5.4's on Debian, so that
    /// Lua modules installed for lua5.4 are found (C modules are found too, and refused by
    /// package.loadlib: there is no C API).
    public static let defaultPath = "/usr/local/share/lua/5.4/?.lua;/usr/local/share/lua/5.4/?/init.lua;"
        + "/usr/local/lib/lua/5.4/?.lua;/usr/local/lib/lua/5.4/?/init.lua;"
        + "/usr/share/lua/5.4/?.lua;/usr/share/lua/5.4/?/init.lua;./?.lua;./?/init.lua"
    public static let defaultCPath = "/usr/local/lib/lua/5.4/?.so;/usr/lib/x86_64-linux-gnu/lua/5.4/?.so;"
        + "/usr/lib/lua/5.4/?.so;/usr/local/lib/lua/5.4/loadall.so;./?.so"

    /// A search path from NAME_5_4 or NAME in the environment, as lua sets package.path and
    /// package.cpath: its first ";;" stands for the default (with no empty template left at
    /// either end); the default without either variable.
    static func searchPath(_ name: String, _ def: String) -> String {
        guard let env = getenv(name + "_5_4") ?? getenv(name) else { return def }
        let path = Array(String(cString: env).utf8)
        let semi = UInt8(ascii: ";")
        guard let i = path.indices.dropLast().first(where: { path[$0] == semi && path[$0 + 1] == semi }) else {
            return String(decoding: path, as: UTF8.self)
        }
        let before = String(decoding: path[..<i], as: UTF8.self)
        let after = String(decoding: path[(i + 2)...], as: UTF8.self)
        return (before.isEmpty ? "" : before + ";") + def + (after.isEmpty ? "" : ";" + after)
    }
}
