// IOLib+Read: reading from files: the formats n, l, L, a and byte counts, and the lines iterators.
//
// Invariants: reads stop at the first format that fails, which yields fail (nil) in its place;
// a read interrupted by a signal (EINTR: the SIGINT handler is installed without SA_RESTART)
// runs the interrupt check, which raises the interrupt error when Ctrl-C was pressed, and
// otherwise retries; numbers are read like lua: at most 200 characters of numeral syntax, then
// converted with the lexer's rules.

import LuaRuntime
#if canImport(Glibc)
import Glibc
#endif

extension IOLib {
    static let maxNumeral = 200
    static let maxLinesFormats = 250

    /// getc that turns EINTR into an interrupt check.
    @inline(__always)
    static func getByte(_ vm: VM, _ f: UnsafeMutablePointer<FILE>) throws(VMError) -> Int32 {
        while true {
            let c = getc_unlocked(f)
            if c != EOF { return c }
            if ferror(f) != 0 && errno == EINTR {
                clearerr(f)
                try vm.checkInterrupt()
                continue
            }
            return EOF
        }
    }

    static func ioRead(_ a: Args) throws(VMError) -> Int {
        let v = try defaultFile(a, inputKey)
        var formats: [Value] = []
        if a.count >= 1 { for i in 1...a.count { formats.append(a[i]) } }
        return try read(a, stream(v).pointee.file!, formats, firstArg: 1)
    }

    static func fRead(_ a: Args) throws(VMError) -> Int {
        let s = try checkFile(a, 1)
        var formats: [Value] = []
        if a.count >= 2 { for i in 2...a.count { formats.append(a[i]) } }
        return try read(a, s.pointee.file!, formats, firstArg: 2)
    }

    /// Read with `formats` (argument numbers start at `firstArg` for messages); pushes results.
    static func read(_ a: Args, _ f: UnsafeMutablePointer<FILE>, _ formats: [Value], firstArg: Int) throws(VMError) -> Int {
        let vm = a.vm
        clearerr(f)
        try vm.ensureStack(formats.count + 2)
        var n = 0
        var ok = true
        if formats.isEmpty {
            ok = try readLine(vm, f, keepNewline: false)
            n = 1
        } else {
            for (k, fmt) in formats.enumerated() {
                if fmt.isInteger || fmt.isFloat {
                    guard let count = vm.toInteger(fmt) else {
                        throw a.argError(firstArg + k, "number has no integer representation")
                    }
                    // lua reads the count as a size_t: a negative count means "as much as there is".
                    ok = count == 0 ? try testEOF(vm, f) : try readChars(vm, f, count < 0 ? Int.max : Int(count))
                } else if fmt.isString {
                    var b = LString.buffer(fmt.str)[...]
                    if b.first == UInt8(ascii: "*") { b = b.dropFirst() }
                    switch b.first {
                    case UInt8(ascii: "n"): ok = try readNumber(vm, f)
                    case UInt8(ascii: "l"): ok = try readLine(vm, f, keepNewline: false)
                    case UInt8(ascii: "L"): ok = try readLine(vm, f, keepNewline: true)
                    case UInt8(ascii: "a"): try readAll(vm, f); ok = true
                    default: throw a.argError(firstArg + k, "invalid format")
                    }
                } else {
                    // lua's luaL_checkstring; the lines iterator's formats are upvalues, not arguments.
                    let got = fmt.tag == Tag.lightUserdata ? "light userdata" : vm.objTypeName(fmt)
                    throw a.argError(firstArg + k, "string expected, got \(got)")
                }
                n += 1
                if !ok { break }
            }
        }
        if ferror(f) != 0 {
            vm.current.pointee.top -= n
            return OSLib.fileResult(a, false, nil)
        }
        if !ok {
            vm.current.pointee.stack[vm.current.pointee.top - 1] = .nil
        }
        return n
    }

    static func readLine(_ vm: VM, _ f: UnsafeMutablePointer<FILE>, keepNewline: Bool) throws(VMError) -> Bool {
        var out: [UInt8] = []
        var c: Int32 = EOF
        while true {
            c = try getByte(vm, f)
            if c == EOF || c == 10 { break }
            out.append(UInt8(truncatingIfNeeded: c))
        }
        if c == 10 && keepNewline { out.append(10) }
        vm.push(vm.str(out))
        return c == 10 || !out.isEmpty
    }

    static func readAll(_ vm: VM, _ f: UnsafeMutablePointer<FILE>) throws(VMError) {
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 1 << 14)
        while true {
            let r = buf.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
            out.append(contentsOf: buf[0..<r])
            if r < buf.count {
                if ferror(f) != 0 && errno == EINTR {
                    clearerr(f)
                    try vm.checkInterrupt()
                    continue
                }
                break
            }
        }
        vm.push(vm.str(out))
    }

    static func readChars(_ vm: VM, _ f: UnsafeMutablePointer<FILE>, _ n: Int) throws(VMError) -> Bool {
        var out: [UInt8] = []
        out.reserveCapacity(min(n, 1 << 16))
        while out.count < n {
            let c = try getByte(vm, f)
            if c == EOF { break }
            out.append(UInt8(truncatingIfNeeded: c))
        }
        vm.push(vm.str(out))
        return !out.isEmpty
    }

    static func testEOF(_ vm: VM, _ f: UnsafeMutablePointer<FILE>) throws(VMError) -> Bool {
        let c = try getByte(vm, f)
        if c != EOF { ungetc(c, f) }
        vm.push(vm.str(""))
        return c != EOF
    }

    /// Read a numeral: optional sign, 0x prefix, digits, point, digits, exponent.
    static func readNumber(_ vm: VM, _ f: UnsafeMutablePointer<FILE>) throws(VMError) -> Bool {
        var buf: [UInt8] = []
        var c = try getByte(vm, f)
        while c == 32 || (c >= 9 && c <= 13) { c = try getByte(vm, f) }
        var overflow = false
        func accept(_ set: String) throws(VMError) -> Bool {
            guard c != EOF, set.utf8.contains(UInt8(truncatingIfNeeded: c)) else { return false }
            if buf.count >= maxNumeral { overflow = true; return false }
            buf.append(UInt8(truncatingIfNeeded: c))
            c = try getByte(vm, f)
            return true
        }
        func digits(_ hex: Bool) throws(VMError) -> Int {
            var n = 0
            while try accept(hex ? "0123456789abcdefABCDEF" : "0123456789") { n += 1 }
            return n
        }
        _ = try accept("-+")
        var count = 0
        var hex = false
        if try accept("0") {
            if try accept("xX") { hex = true } else { count = 1 }
        }
        count += try digits(hex)
        if try accept(".") { count += try digits(hex) }
        if count > 0 {
            if try accept(hex ? "pP" : "eE") {
                _ = try accept("-+")
                _ = try digits(false)
            }
        }
        if c != EOF { ungetc(c, f) }
        if !overflow, let v = LuaNumber.parse(buf) {
            vm.push(v)
            return true
        }
        vm.push(.nil)
        return false
    }

    // MARK: lines

    static func fLines(_ a: Args) throws(VMError) -> Int {
        _ = try checkFile(a, 1)
        return try makeLines(a, file: a[1], firstFormat: 2, close: false)
    }

    static func ioLines(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        if a.isNoneOrNil(1) {
            let v = try defaultFile(a, inputKey)
            return try makeLines(a, file: v, firstFormat: 2, close: false)
        }
        let name = try a.checkSwiftString(1)
        guard let f = fopen(name, "r") else {
            throw vm.error("cannot open file '\(name)' (\(String(cString: strerror(errno))))")
        }
        let file = newFile(vm, f, .file)
        a.set(1, file)  // keep it rooted
        let n = try makeLines(a, file: file, firstFormat: 2, close: true)
        // io.lines returns the iterator, two nils and the file (a to-be-closed value).
        vm.push(.nil)
        vm.push(.nil)
        vm.push(file)
        return n + 3
    }

    /// The lines iterator: a closure over the file, the close flag and the formats.
    static func makeLines(_ a: Args, file: Value, firstFormat: Int, close: Bool) throws(VMError) -> Int {
        var ups: [Value] = [file, .bool(close)]
        if a.count >= firstFormat {
            if a.count - firstFormat + 1 > maxLinesFormats { throw a.argError(maxLinesFormats + firstFormat, "too many arguments") }
            for i in firstFormat...a.count { ups.append(a[i]) }
        }
        let c = a.vm.newNativeClosure(StdlibState.of(a.vm).linesStep, upvalues: ups)
        return a.ret(.object(UnsafeMutableRawPointer(c), Tag.nativeClosure))
    }

    static func linesStep(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let file = a.upvalue(1)
        let s = stream(file)
        guard let f = s.pointee.file else { throw vm.error("file is already closed") }
        var formats: [Value] = []
        if let c = a.closure, c.pointee.upvalCount > 2 {
            for i in 3...c.pointee.upvalCount { formats.append(a.upvalue(i)) }
        }
        let base = vm.current.pointee.top
        let n = try read(a, f, formats, firstArg: 2)
        let first = vm.current.pointee.stack[base]
        if first.isTruthy { return n }
        if n > 1 {  // (fail, message, errno): a read error
            let msg = vm.current.pointee.stack[base + 1]
            throw vm.error(msg.isString ? LString.swiftString(msg.str) : "read error")
        }
        if a.upvalue(2).isTruthy {
            vm.current.pointee.top = base
            _ = closeStream(a, s)
        }
        vm.current.pointee.top = base
        return 0
    }
}
