// ChunkDump: the binary chunk format of string.dump and load: a FunctionPrototype as bytes.
//
// Layout (little-endian): lua 5.4's standard header (signature "\x1bLua", version 0x54, format 0,
// LUAC_DATA "\x19\x93\r\n\x1a\n", the sizes of instructions, integers and numbers, the check
// integer 0x5678 and the check float 370.5; load refuses a chunk that differs in any of these
// bytes, with lua's messages), the main function's upvalue count (one byte, as lua writes it),
// then this VM's own body: format tag "VMR", its version, and the main function: source,
// lines, parameters, vararg, stack size, code, constants, upvalues, children, line info, local
// variables. A nested function whose source is its parent's writes an empty source and inherits
// it on load (the chunk name is stored once, not once per function). A chunk of PUC Lua passes
// the header and is refused at the tag, so its bytecode never runs here.
//
// Invariants: reading never goes past the input ("truncated chunk"); every count
// is bounded by the bytes left; a loaded prototype satisfies FunctionPrototype's invariants
// (one line per instruction, stack size <= 255, closure indices < children). Bytecode itself is
// not verified, as in lua: load binary chunks only from trusted sources.

import LuaBytecode

public enum ChunkDump {
    public static let signature: [UInt8] = [0x1B, 0x4C, 0x75, 0x61]  // "\x1bLua"
    static let luaVersion: UInt8 = 0x54
    static let luaFormat: UInt8 = 0
    static let luacData: [UInt8] = [0x19, 0x93, 0x0D, 0x0A, 0x1A, 0x0A]
    /// The sizes lua checks, in its order, with the names its messages give them.
    static let sizes: [(size: UInt8, name: String)] = [(4, "Instruction"), (8, "lua_Integer"), (8, "lua_Number")]
    static let checkInteger: Int64 = 0x5678
    static let checkNumber: Double = 370.5
    static let formatTag: [UInt8] = Array("VMR".utf8)
    static let version: UInt8 = 2

    // MARK: writing

    public static func dump(_ f: FunctionPrototype, strip: Bool) -> [UInt8] {
        var w = Writer()
        w.bytes(signature)
        w.byte(luaVersion)
        w.byte(luaFormat)
        w.bytes(luacData)
        for s in sizes { w.byte(s.size) }
        w.u64(UInt64(bitPattern: checkInteger))
        w.u64(checkNumber.bitPattern)
        w.byte(UInt8(truncatingIfNeeded: f.upvalues.count))
        w.bytes(formatTag)
        w.byte(version)
        function(&w, f, strip: strip, parentSource: nil)
        return w.out
    }

    struct Writer {
        var out: [UInt8] = []
        mutating func byte(_ b: UInt8) { out.append(b) }
        mutating func bytes(_ b: [UInt8]) { out += b }
        mutating func u32(_ v: UInt32) { for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(k)))) } }
        mutating func u64(_ v: UInt64) { for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(k)))) } }
        /// Unsigned LEB128.
        mutating func size(_ v: Int) {
            var x = UInt64(v)
            repeat {
                var b = UInt8(x & 0x7F)
                x >>= 7
                if x != 0 { b |= 0x80 }
                out.append(b)
            } while x != 0
        }
        mutating func string(_ s: [UInt8]) { size(s.count); out += s }
    }

    static func function(_ w: inout Writer, _ f: FunctionPrototype, strip: Bool, parentSource: String?) {
        let source = strip ? "=?" : f.source
        w.string(source == parentSource ? [] : Array(source.utf8))
        w.size(f.lineDefined)
        w.size(f.lastLineDefined)
        w.size(f.numParams)
        w.byte(f.isVararg ? 1 : 0)
        w.size(f.maxStackSize)
        w.size(f.code.count)
        for ins in f.code { w.u32(ins.raw) }
        w.size(f.constants.count)
        for k in f.constants {
            switch k {
            case .nil: w.byte(0)
            case .boolean(let b): w.byte(b ? 2 : 1)
            case .integer(let i): w.byte(3); w.u64(UInt64(bitPattern: i))
            case .float(let bits): w.byte(4); w.u64(bits)
            case .string(let s): w.byte(5); w.string(s)
            }
        }
        w.size(f.upvalues.count)
        for u in f.upvalues {
            w.byte(u.inStack ? 1 : 0)
            w.size(u.index)
            w.byte(u.kind.rawValue)
            w.string(strip ? [] : Array(u.name.utf8))
        }
        w.size(f.children.count)
        for c in f.children { function(&w, c, strip: strip, parentSource: source) }
        w.size(strip ? 0 : f.lineInfo.count)
        if !strip { for l in f.lineInfo { w.u32(UInt32(bitPattern: l)) } }
        w.size(strip ? 0 : f.localVariables.count)
        if !strip {
            for lv in f.localVariables {
                w.string(Array(lv.name.utf8))
                w.size(lv.startPC)
                w.size(lv.endPC)
            }
        }
    }

    // MARK: reading

    public struct LoadError: Error { public let message: String }

    /// The name lua's messages give a binary chunk: "=x"/"@x" -> "x", a chunk named by its own
    /// text -> "binary string".
    public static func displayName(_ chunkName: String) -> String {
        if chunkName.hasPrefix("=") || chunkName.hasPrefix("@") { return String(chunkName.dropFirst()) }
        if chunkName.utf8.first == signature[0] { return "binary string" }
        return chunkName
    }

    /// The prototype in a binary chunk, or an error worded like lua's ("bad binary format").
    public static func undump(_ data: [UInt8], chunkName: String) throws -> FunctionPrototype {
        var r = Reader(data: data, name: displayName(chunkName))
        // Any chunk whose first byte is the signature's is binary (as in lua): a prefix of the
        // signature is a truncated chunk, anything else after ESC is not a binary chunk.
        guard data.starts(with: signature) else {
            throw r.fail(signature.starts(with: data) ? "truncated chunk" : "not a binary chunk")
        }
        r.pos = signature.count
        guard try r.byte() == luaVersion else { throw r.fail("version mismatch") }
        guard try r.byte() == luaFormat else { throw r.fail("format mismatch") }
        guard try r.take(luacData.count) == luacData else { throw r.fail("corrupted chunk") }
        for s in sizes { if try r.byte() != s.size { throw r.fail("\(s.name) size mismatch") } }
        guard try r.u64() == UInt64(bitPattern: checkInteger) else { throw r.fail("integer format mismatch") }
        // Compared as numbers, as lua does (so -0.0 and 0.0 would be one; 370.5 has one form).
        guard Double(bitPattern: try r.u64()) == checkNumber else { throw r.fail("float format mismatch") }
        let nUpvalues = Int(try r.byte())
        guard try r.take(formatTag.count) == formatTag, try r.byte() == version else {
            throw r.fail("not a chunk of this VM")
        }
        let f = try function(&r, depth: 0, parentSource: nil)
        if f.upvalues.count & 0xFF != nUpvalues { throw r.fail("bad upvalue count") }
        if r.pos != data.count { throw r.fail("extra bytes after the chunk") }
        return f
    }

    struct Reader {
        let data: [UInt8]
        let name: String
        var pos = 0

        func fail(_ why: String) -> LoadError {
            LoadError(message: "\(name): bad binary format (\(why))")
        }
        var truncated: LoadError { fail("truncated chunk") }

        mutating func byte() throws -> UInt8 {
            guard pos < data.count else { throw truncated }
            pos += 1
            return data[pos - 1]
        }
        mutating func take(_ n: Int) throws -> [UInt8] {
            guard n >= 0, data.count - pos >= n else { throw truncated }
            pos += n
            return Array(data[(pos - n)..<pos])
        }
        mutating func u32() throws -> UInt32 {
            var v: UInt32 = 0
            for k in 0..<4 { v |= UInt32(try byte()) << (8 * UInt32(k)) }
            return v
        }
        mutating func u64() throws -> UInt64 {
            var v: UInt64 = 0
            for k in 0..<8 { v |= UInt64(try byte()) << (8 * UInt64(k)) }
            return v
        }
        mutating func size() throws -> Int {
            var v: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let b = try byte()
                if shift > 56 { throw fail("size overflow") }
                v |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { break }
                shift += 7
            }
            if v > UInt64(data.count) * 8 + 1024 { throw fail("size too large") }
            return Int(v)
        }
        /// A count of items each at least `minBytes` long: bounded by what is left.
        mutating func count(_ minBytes: Int) throws -> Int {
            let n = try size()
            if n * max(minBytes, 1) > data.count - pos { throw truncated }
            return n
        }
        mutating func string() throws -> [UInt8] { try take(try size()) }
    }

    static func function(_ r: inout Reader, depth: Int, parentSource: String?) throws -> FunctionPrototype {
        if depth > 200 { throw r.fail("functions nested too deeply") }
        let stored = try r.string()
        let source = stored.isEmpty ? (parentSource ?? "") : String(decoding: stored, as: UTF8.self)
        let f = FunctionPrototype(source: source)
        f.lineDefined = try r.size()
        f.lastLineDefined = try r.size()
        f.numParams = try r.size()
        f.isVararg = try r.byte() != 0
        f.maxStackSize = try r.size()
        if f.maxStackSize > 255 || f.numParams > f.maxStackSize { throw r.fail("bad stack size") }
        let nCode = try r.count(4)
        f.code = []
        f.code.reserveCapacity(nCode)
        for _ in 0..<nCode { f.code.append(Instruction(raw: try r.u32())) }
        let nK = try r.count(1)
        for _ in 0..<nK {
            switch try r.byte() {
            case 0: f.constants.append(.nil)
            case 1: f.constants.append(.boolean(false))
            case 2: f.constants.append(.boolean(true))
            case 3: f.constants.append(.integer(Int64(bitPattern: try r.u64())))
            case 4: f.constants.append(.float(bits: try r.u64()))
            case 5: f.constants.append(.string(try r.string()))
            default: throw r.fail("bad constant")
            }
        }
        let nUp = try r.count(4)
        for _ in 0..<nUp {
            let inStack = try r.byte() != 0
            let index = try r.size()
            guard let kind = VariableKind(rawValue: try r.byte()) else { throw r.fail("bad upvalue") }
            let name = String(decoding: try r.string(), as: UTF8.self)
            if index > 255 { throw r.fail("bad upvalue") }
            f.upvalues.append(UpvalueDescriptor(inStack: inStack, index: index, name: name, kind: kind))
        }
        let nChildren = try r.count(8)
        for _ in 0..<nChildren { f.children.append(try function(&r, depth: depth + 1, parentSource: source)) }
        let nLines = try r.count(4)
        for _ in 0..<nLines { f.lineInfo.append(Int32(bitPattern: try r.u32())) }
        if nLines == 0 { f.lineInfo = [Int32](repeating: 0, count: f.code.count) }
        if f.lineInfo.count != f.code.count { throw r.fail("bad line information") }
        let nLocals = try r.count(3)
        for _ in 0..<nLocals {
            let name = String(decoding: try r.string(), as: UTF8.self)
            let s = try r.size(), e = try r.size()
            f.localVariables.append(LocalVariableInfo(name: name, startPC: s, endPC: e))
        }
        return f
    }
}
