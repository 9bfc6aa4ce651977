// IOLib: the io library (manual §6.8): file handles as userdata with the "FILE*" metatable over
// C stdio, default input/output, open/popen/tmpfile/lines/type/close.
//
// Invariants:
//  - A file userdata's payload is an IOStream: the FILE pointer and how to close it. A closed
//    handle keeps its userdata with `file == nil` ("attempt to use a closed file").
//  - The standard streams are never closed ("cannot close standard file").
//  - Default input and output live in the registry (so the collector sees them).
//  - OS failures return (nil, "name: strerror", errno).

import LuaRuntime
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

struct IOStream {
    enum Kind: UInt8 { case file, pipe, standard }
    var file: UnsafeMutablePointer<FILE>?
    var kind: Kind
}

enum IOLib {
    static let metaName = "FILE*"
    static let inputKey = "_IO_input"
    static let outputKey = "_IO_output"
    /// The handle io.stdout starts as (io.stdout itself may be reassigned by Lua code).
    static let stdoutKey = "_IO_stdout"

    static func open(_ vm: VM) {
        let io = vm.register(library: "io") { lib in
            lib.add("close", ioClose)
            lib.add("flush", ioFlush)
            lib.add("input", input)
            lib.add("lines", ioLines)
            lib.add("open", open)
            lib.add("output", output)
            lib.add("popen", popen)
            lib.add("read", ioRead)
            lib.add("tmpfile", tmpfile)
            lib.add("type", type)
            lib.add("write", ioWrite)
        }
        let mt = vm.newMetatable(metaName)
        let methods = vm.newTable()
        // One call per method (not a tuple array): keeps each function's own calling convention.
        func method(_ name: String, _ f: @escaping NativeFunction) {
            vm.rawSetStr(methods, vm.newString(name), vm.newNative("FILE*." + name, f))
        }
        method("close", fClose); method("flush", fFlush); method("lines", fLines); method("read", fRead)
        method("seek", seek); method("setvbuf", setvbuf); method("write", fWrite)
        vm.rawSetStr(mt, vm.newString("__index"), .table(methods))
        vm.rawSetStr(mt, vm.newString("__gc"), vm.newNative("FILE*.__gc", gc))
        vm.rawSetStr(mt, vm.newString("__close"), vm.newNative("FILE*.__close", gc))
        vm.rawSetStr(mt, vm.newString("__tostring"), vm.newNative("FILE*.__tostring", tostring))
        let stdin = newFile(vm, Glibc.stdin, .standard)
        let stdout = newFile(vm, vm.standardOutput, .standard)
        let stderr = newFile(vm, Glibc.stderr, .standard)
        vm.rawSetStr(io, vm.newString("stdin"), stdin)
        vm.rawSetStr(io, vm.newString("stdout"), stdout)
        vm.rawSetStr(io, vm.newString("stderr"), stderr)
        vm.rawSetStr(vm.registry, vm.newString(inputKey), stdin)
        vm.rawSetStr(vm.registry, vm.newString(outputKey), stdout)
        vm.rawSetStr(vm.registry, vm.newString(stdoutKey), stdout)
    }

    static func metatable(_ vm: VM) -> UnsafeMutablePointer<LTable> { vm.registryMetatable(metaName)! }

    static func newFile(_ vm: VM, _ f: UnsafeMutablePointer<FILE>?, _ kind: IOStream.Kind) -> Value {
        // No user value slot, as lua's io files: debug.setuservalue on a file fails.
        let u = vm.newUserdata(size: MemoryLayout<IOStream>.stride, metatable: metatable(vm), userValues: 0)
        LUserdata.payload(u).initializeMemory(as: IOStream.self, repeating: IOStream(file: f, kind: kind), count: 1)
        return .object(UnsafeMutableRawPointer(u), Tag.userdata)
    }

    static func stream(_ v: Value) -> UnsafeMutablePointer<IOStream> {
        LUserdata.payload(v.udata).assumingMemoryBound(to: IOStream.self)
    }

    /// The file handle argument i, open ("attempt to use a closed file" otherwise).
    static func checkFile(_ a: Args, _ i: Int) throws(VMError) -> UnsafeMutablePointer<IOStream> {
        let u = try a.checkUserdata(i, metatable(a.vm), metaName)
        let s = LUserdata.payload(u).assumingMemoryBound(to: IOStream.self)
        if s.pointee.file == nil { throw a.vm.error("attempt to use a closed file") }
        return s
    }

    /// Close a stream; returns the results of close (true / fail triple / exec result).
    static func closeStream(_ a: Args, _ s: UnsafeMutablePointer<IOStream>) -> Int {
        guard let f = s.pointee.file else { return a.ret(.true) }
        switch s.pointee.kind {
        case .standard:
            return a.ret(.nil, a.vm.str("cannot close standard file"))
        case .pipe:
            s.pointee.file = nil
            return OSLib.execResult(a, pclose(f))
        case .file:
            s.pointee.file = nil
            return OSLib.fileResult(a, fclose(f) == 0, nil)
        }
    }

    static func defaultFile(_ a: Args, _ key: String) throws(VMError) -> Value {
        let v = LTable.getStr(a.vm.registry, a.vm.newString(key))
        if stream(v).pointee.file == nil {
            throw a.vm.error("default \(key == inputKey ? "input" : "output") file is closed")
        }
        return v
    }

    // MARK: io functions

    static func open(_ a: Args) throws(VMError) -> Int {
        let name = try a.checkSwiftString(1)
        let mode = a.isNoneOrNil(2) ? "r" : try a.checkSwiftString(2)
        if !validMode(mode) { throw a.argError(2, "invalid mode") }
        guard let f = fopen(name, mode) else { return OSLib.fileResult(a, false, name) }
        return a.ret(newFile(a.vm, f, .file))
    }

    /// [rwa]+?b*
    static func validMode(_ m: String) -> Bool {
        var b = Array(m.utf8)[...]
        guard let c = b.first, "rwa".utf8.contains(c) else { return false }
        b = b.dropFirst()
        if b.first == UInt8(ascii: "+") { b = b.dropFirst() }
        return b.allSatisfy { $0 == UInt8(ascii: "b") }
    }

    static func popen(_ a: Args) throws(VMError) -> Int {
        let cmd = try a.checkSwiftString(1)
        let mode = a.isNoneOrNil(2) ? "r" : try a.checkSwiftString(2)
        if mode != "r" && mode != "w" { throw a.argError(2, "invalid mode") }
        fflush(nil)
        guard let f = Glibc.popen(cmd, mode) else { return OSLib.fileResult(a, false, cmd) }
        return a.ret(newFile(a.vm, f, .pipe))
    }

    static func tmpfile(_ a: Args) throws(VMError) -> Int {
        guard let f = Glibc.tmpfile() else { return OSLib.fileResult(a, false, nil) }
        return a.ret(newFile(a.vm, f, .file))
    }

    static func type(_ a: Args) throws(VMError) -> Int {
        try a.checkAny(1)
        let v = a[1]
        guard v.tag == Tag.userdata, v.udata.pointee.metatable == metatable(a.vm) else { return a.ret(.nil) }
        return a.ret(a.vm.str(stream(v).pointee.file == nil ? "closed file" : "file"))
    }

    static func ioClose(_ a: Args) throws(VMError) -> Int {
        if a.isNone(1) {
            // The default output as a file argument: closed, it is "attempt to use a closed file".
            let s = stream(LTable.getStr(a.vm.registry, a.vm.newString(outputKey)))
            if s.pointee.file == nil { throw a.vm.error("attempt to use a closed file") }
            return closeStream(a, s)
        }
        return try fClose(a)
    }

    static func ioFlush(_ a: Args) throws(VMError) -> Int {
        let v = try defaultFile(a, outputKey)
        return OSLib.fileResult(a, fflush(stream(v).pointee.file) == 0, nil)
    }

    /// io.input / io.output: get or set the default file (by name or handle).
    static func setDefault(_ a: Args, _ key: String, _ mode: String) throws(VMError) -> Int {
        let vm = a.vm
        if !a.isNoneOrNil(1) {
            let v = a[1]
            if v.isString {
                let name = LString.swiftString(v.str)
                guard let f = fopen(name, mode) else {
                    throw vm.error("cannot open file '\(name)' (\(String(cString: strerror(errno))))")
                }
                vm.rawSetStr(vm.registry, vm.newString(key), newFile(vm, f, .file))
            } else {
                _ = try checkFile(a, 1)
                vm.rawSetStr(vm.registry, vm.newString(key), v)
            }
        }
        return a.ret(LTable.getStr(vm.registry, vm.newString(key)))
    }

    static func input(_ a: Args) throws(VMError) -> Int { try setDefault(a, inputKey, "r") }
    static func output(_ a: Args) throws(VMError) -> Int { try setDefault(a, outputKey, "w") }

    // MARK: methods

    static func fClose(_ a: Args) throws(VMError) -> Int {
        let s = try checkFile(a, 1)
        return closeStream(a, s)
    }

    static func fFlush(_ a: Args) throws(VMError) -> Int {
        let s = try checkFile(a, 1)
        return OSLib.fileResult(a, fflush(s.pointee.file) == 0, nil)
    }

    static func gc(_ a: Args) throws(VMError) -> Int {
        // As in lua, a direct call with something else than a file is an argument error.
        let u = try a.checkUserdata(1, metatable(a.vm), metaName)
        let s = LUserdata.payload(u).assumingMemoryBound(to: IOStream.self)
        if s.pointee.file != nil && s.pointee.kind != .standard { _ = closeStream(a, s) }
        return 0
    }

    static func tostring(_ a: Args) throws(VMError) -> Int {
        let u = try a.checkUserdata(1, metatable(a.vm), metaName)
        let s = LUserdata.payload(u).assumingMemoryBound(to: IOStream.self)
        guard let f = s.pointee.file else { return a.ret(a.vm.str("file (closed)")) }
        return a.ret(a.vm.str("file (0x" + String(UInt(bitPattern: f), radix: 16) + ")"))
    }

    static func seek(_ a: Args) throws(VMError) -> Int {
        let s = try checkFile(a, 1)
        let whence = try a.checkOption(2, "cur", ["set", "cur", "end"])
        let offset = try a.optInteger(3, 0)
        let modes = [SEEK_SET, SEEK_CUR, SEEK_END]
        if fseeko(s.pointee.file, off_t(offset), modes[whence]) != 0 { return OSLib.fileResult(a, false, nil) }
        return a.ret(.integer(Int64(ftello(s.pointee.file))))
    }

    static func setvbuf(_ a: Args) throws(VMError) -> Int {
        let s = try checkFile(a, 1)
        let k = try a.checkOption(2, nil, ["no", "full", "line"])
        let size = try a.optInteger(3, Int64(BUFSIZ))
        let modes = [_IONBF, _IOFBF, _IOLBF]
        let r = Glibc.setvbuf(s.pointee.file, nil, modes[k], Int(size))
        return OSLib.fileResult(a, r == 0, nil)
    }

    // MARK: writing

    static func ioWrite(_ a: Args) throws(VMError) -> Int {
        let v = try defaultFile(a, outputKey)
        return try write(a, stream(v).pointee.file!, first: 1, result: v)
    }

    static func fWrite(_ a: Args) throws(VMError) -> Int {
        let s = try checkFile(a, 1)
        return try write(a, s.pointee.file!, first: 2, result: a[1])
    }

    static func write(_ a: Args, _ f: UnsafeMutablePointer<FILE>, first: Int, result: Value) throws(VMError) -> Int {
        var ok = true
        var i = first
        while i <= a.count {
            let v = a[i]
            if v.isInteger {
                ok = ok && fputs(String(v.i), f) >= 0
            } else if v.isFloat {
                let b = StringFormat.formatDouble(v.f, ".14")
                ok = ok && fwrite(b, 1, b.count, f) == b.count
            } else {
                let b = try a.checkBytes(i)
                if b.count > 0 { ok = ok && fwrite(b.baseAddress, 1, b.count, f) == b.count }
            }
            i += 1
        }
        if ok { return a.ret(result) }
        return OSLib.fileResult(a, false, nil)
    }
}

/// Send print and the io library's standard output to `file` (an embedder capturing Lua's
/// output), nil: back to C's stdout. The io.stdout handle keeps its identity, so a default output
/// set to it follows.
public func redirectStandardOutput(_ vm: VM, to file: UnsafeMutablePointer<FILE>?) {
    let file = file ?? Glibc.stdout!
    vm.standardOutput = file
    let h = LTable.getStr(vm.registry, vm.newString(IOLib.stdoutKey))
    if h.tag == Tag.userdata { IOLib.stream(h).pointee.file = file }
}
