// OSLib: the os library (manual §6.9): clock date difftime execute exit getenv remove rename
// setlocale time tmpname, over the C library.
//
// Invariants: OS failures return (nil, "message", errno) like lua's luaL_fileresult; os.date
// accepts only the C99 strftime conversions (others: "invalid conversion specifier"); os.time
// normalises the table it is given (mktime) and writes the normalised fields back; os.exit
// flushes C stdio before leaving.

import LuaRuntime
#if canImport(Glibc)
import Glibc
#endif

enum OSLib {
    static func open(_ vm: VM) {
        vm.register(library: "os") { lib in
            lib.add("clock", clock)
            lib.add("date", date)
            lib.add("difftime", difftime)
            lib.add("execute", execute)
            lib.add("exit", exit)
            lib.add("getenv", getenv)
            lib.add("remove", remove)
            lib.add("rename", rename)
            lib.add("setlocale", setlocale)
            lib.add("time", time)
            lib.add("tmpname", tmpname)
        }
    }

    /// (nil, "[name: ]strerror", errno) or true.
    static func fileResult(_ a: Args, _ ok: Bool, _ name: String?) -> Int {
        if ok { return a.ret(.true) }
        let e = errno
        let msg = String(cString: strerror(e))
        return a.ret(.nil, a.vm.str(name.map { "\($0): \(msg)" } ?? msg), .integer(Int64(e)))
    }

    /// lua's luaL_execresult for a system()/pclose() status.
    static func execResult(_ a: Args, _ stat: Int32) -> Int {
        if stat == -1 { return fileResult(a, false, nil) }
        var what = "exit"
        var code = stat
        if stat & 0x7F == 0 {
            code = (stat >> 8) & 0xFF  // WEXITSTATUS
        } else if ((stat & 0x7F) + 1) >> 1 > 0 {
            what = "signal"
            code = stat & 0x7F  // WTERMSIG
        }
        if what == "exit" && code == 0 { return a.ret(.true, a.vm.str(what), .integer(Int64(code))) }
        return a.ret(.nil, a.vm.str(what), .integer(Int64(code)))
    }

    static func clock(_ a: Args) throws(VMError) -> Int {
        a.ret(.number(Double(Glibc.clock()) / Double(CLOCKS_PER_SEC)))
    }

    static func getenv(_ a: Args) throws(VMError) -> Int {
        let name = try a.checkSwiftString(1)
        guard let v = Glibc.getenv(name) else { return a.ret(.nil) }
        return a.ret(a.vm.str(String(cString: v)))
    }

    static func remove(_ a: Args) throws(VMError) -> Int {
        let name = try a.checkSwiftString(1)
        return fileResult(a, Glibc.remove(name) == 0, name)
    }

    static func rename(_ a: Args) throws(VMError) -> Int {
        let from = try a.checkSwiftString(1), to = try a.checkSwiftString(2)
        return fileResult(a, Glibc.rename(from, to) == 0, nil)
    }

    static func tmpname(_ a: Args) throws(VMError) -> Int {
        var template = Array("/tmp/lua_XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd == -1 { throw a.vm.error("unable to generate a unique filename") }
        Glibc.close(fd)
        return a.ret(a.vm.str(template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }))
    }

    static func execute(_ a: Args) throws(VMError) -> Int {
        if a.isNoneOrNil(1) { return a.ret(.bool(system(nil) != 0)) }
        let cmd = try a.checkSwiftString(1)
        fflush(nil)
        return execResult(a, system(cmd))
    }

    static func exit(_ a: Args) throws(VMError) -> Int {
        var status: Int32 = EXIT_SUCCESS
        let v = a[1]
        if v.tag == Tag.true_ || a.isNoneOrNil(1) { status = EXIT_SUCCESS }
        else if v.tag == Tag.false_ { status = EXIT_FAILURE }
        else { status = Int32(truncatingIfNeeded: try a.optInteger(1, 0)) }
        // os.exit(code, true) closes the state first, like lua: pending finalizers run.
        if a[2].isTruthy { a.vm.closeState() }
        fflush(nil)
        Glibc.exit(status)
    }

    static func setlocale(_ a: Args) throws(VMError) -> Int {
        let cats: [Int32] = [LC_ALL, LC_COLLATE, LC_CTYPE, LC_MONETARY, LC_NUMERIC, LC_TIME]
        let k = try a.checkOption(2, "all", ["all", "collate", "ctype", "monetary", "numeric", "time"])
        let r: UnsafeMutablePointer<CChar>?
        if a.isNoneOrNil(1) { r = Glibc.setlocale(cats[k], nil) }
        else { r = Glibc.setlocale(cats[k], try a.checkSwiftString(1)) }
        guard let s = r else { return a.ret(.nil) }
        return a.ret(a.vm.str(String(cString: s)))
    }

    static func difftime(_ a: Args) throws(VMError) -> Int {
        let t1 = try a.checkInteger(1), t2 = try a.checkInteger(2)
        return a.ret(.number(Double(t1) - Double(t2)))
    }
}
