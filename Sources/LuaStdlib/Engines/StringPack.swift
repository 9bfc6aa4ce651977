// StringPack: string.pack, string.unpack and string.packsize (manual §6.4.2) over bytes.
//
// Invariants:
//  - Native layout is x86-64/LP64 little-endian: short 2, int 4, long 8, size_t 8, lua_Integer 8,
//    float 4, double 8, maximum alignment 8.
//  - Integers wider than 8 bytes are sign- (or zero-) extended when packed; when unpacked, the
//    extra bytes must be the extension of the low 8 bytes ("does not fit into Lua Integer").
//  - Errors use lua5.4's words; argument errors carry the argument index (ArgumentError).

/// A value string.unpack produces.
public enum PackValue: Equatable {
    case integer(Int64)
    case float(Double)
    case string([UInt8])
}

/// How string.pack reads its arguments (1-based positions; the format is argument 1).
public protocol PackArguments {
    mutating func integer(_ index: Int) throws -> Int64
    mutating func number(_ index: Int) throws -> Double
    mutating func string(_ index: Int) throws -> [UInt8]
}

public enum StringPack {
    static let maxAlign = 8
    static let maxSize = Int(Int32.max)

    enum Kind {
        case int(signed: Bool)
        case float, double
        case fixedString       // c[n]
        case lengthString      // s[n]
        case zeroString        // z
        case padding           // x
        case paddingAlign      // X
        case none              // ' ' and endianness / alignment settings
    }

    struct Option {
        var kind: Kind
        var size: Int
        var toAlign: Int
    }

    /// The format parser: endianness, maximum alignment and position within the format.
    struct Reader {
        let fmt: UnsafeBufferPointer<UInt8>
        var i = 0
        var little = true
        var maxAlign = 1

        init(_ fmt: UnsafeBufferPointer<UInt8>) { self.fmt = fmt }

        var atEnd: Bool { i >= fmt.count }

        mutating func number(default d: Int) -> Int {
            guard i < fmt.count, isDigit(fmt[i]) else { return d }
            var a = 0
            repeat {
                a = a * 10 + Int(fmt[i] - 48)
                i += 1
            } while i < fmt.count && isDigit(fmt[i]) && a <= (StringPack.maxSize - 9) / 10
            return a
        }

        mutating func intSize(default d: Int) throws -> Int {
            let n = number(default: d)
            if n > StdlibLimits.packMaxIntSize || n <= 0 {
                throw LibraryError("integral size (\(n)) out of limits [1,\(StdlibLimits.packMaxIntSize)]")
            }
            return n
        }

        /// One option and its natural size (alignment is the size for numbers).
        mutating func option() throws -> (Kind, Int) {
            let c = fmt[i]
            i += 1
            switch c {
            case UInt8(ascii: "b"): return (.int(signed: true), 1)
            case UInt8(ascii: "B"): return (.int(signed: false), 1)
            case UInt8(ascii: "h"): return (.int(signed: true), 2)
            case UInt8(ascii: "H"): return (.int(signed: false), 2)
            case UInt8(ascii: "l"), UInt8(ascii: "j"): return (.int(signed: true), 8)
            case UInt8(ascii: "L"), UInt8(ascii: "J"), UInt8(ascii: "T"): return (.int(signed: false), 8)
            case UInt8(ascii: "f"): return (.float, 4)
            case UInt8(ascii: "n"), UInt8(ascii: "d"): return (.double, 8)
            case UInt8(ascii: "i"): return (.int(signed: true), try intSize(default: 4))
            case UInt8(ascii: "I"): return (.int(signed: false), try intSize(default: 4))
            case UInt8(ascii: "s"): return (.lengthString, try intSize(default: 8))
            case UInt8(ascii: "c"):
                let n = number(default: -1)
                if n == -1 { throw LibraryError("missing size for format option 'c'") }
                return (.fixedString, n)
            case UInt8(ascii: "z"): return (.zeroString, 0)
            case UInt8(ascii: "x"): return (.padding, 1)
            case UInt8(ascii: "X"): return (.paddingAlign, 0)
            case UInt8(ascii: " "): return (.none, 0)
            case UInt8(ascii: "<"), UInt8(ascii: "="): little = true; return (.none, 0)
            case UInt8(ascii: ">"): little = false; return (.none, 0)
            case UInt8(ascii: "!"): maxAlign = try intSize(default: StringPack.maxAlign); return (.none, 0)
            default: throw LibraryError(bytes: Array("invalid format option '".utf8) + [c, 0x27])
            }
        }

        /// The next option with the padding needed before it, given the bytes so far.
        mutating func details(total: Int) throws -> Option {
            var (kind, size) = try option()
            var align = size
            if case .paddingAlign = kind {
                if atEnd { throw ArgumentError(1, "invalid next option for option 'X'") }
                let (k2, s2) = try option()
                if case .fixedString = k2 { throw ArgumentError(1, "invalid next option for option 'X'") }
                if s2 == 0 { throw ArgumentError(1, "invalid next option for option 'X'") }
                align = s2
                size = 0
            }
            var toAlign = 0
            if align > 1 {
                switch kind {
                case .int, .float, .double, .paddingAlign, .lengthString, .zeroString, .padding, .none:
                    if align > maxAlign { align = maxAlign }
                    if align & (align - 1) != 0 { throw ArgumentError(1, "format asks for alignment not power of 2") }
                    toAlign = (align - (total & (align - 1))) & (align - 1)
                case .fixedString:
                    break  // c[n] is never aligned
                }
            }
            return Option(kind: kind, size: size, toAlign: toAlign)
        }
    }

    static func appendInt(_ out: inout [UInt8], _ v: Int64, size: Int, little: Bool, signed: Bool = false) {
        var bytes = [UInt8](repeating: signed && v < 0 ? 0xFF : 0, count: size)
        var u = UInt64(bitPattern: v)
        for k in 0..<min(size, 8) {
            bytes[k] = UInt8(truncatingIfNeeded: u)
            u >>= 8
        }
        out += little ? bytes : bytes.reversed()
    }

    public static func pack<A: PackArguments>(_ fmt: UnsafeBufferPointer<UInt8>, _ args: inout A) throws -> [UInt8] {
        var r = Reader(fmt)
        var out: [UInt8] = []
        var arg = 1
        while !r.atEnd {
            let o = try r.details(total: out.count)
            if o.size + o.toAlign > maxSize - out.count { throw ArgumentError(1, "format result too large") }
            if o.toAlign > 0 { out += [UInt8](repeating: 0, count: o.toAlign) }
            switch o.kind {
            case .int(let signed):
                arg += 1
                let v = try args.integer(arg)
                if o.size < 8 {
                    if signed {
                        let lim = Int64(1) << (o.size * 8 - 1)
                        if !(-lim <= v && v < lim) { throw ArgumentError(arg, "integer overflow") }
                    } else if UInt64(bitPattern: v) >= UInt64(1) << (o.size * 8) {
                        throw ArgumentError(arg, "unsigned overflow")
                    }
                }
                appendInt(&out, v, size: o.size, little: r.little, signed: signed)
            case .float:
                arg += 1
                let bits = Float(try args.number(arg)).bitPattern
                appendInt(&out, Int64(bits), size: 4, little: r.little)
            case .double:
                arg += 1
                let bits = (try args.number(arg)).bitPattern
                appendInt(&out, Int64(bitPattern: bits), size: 8, little: r.little)
            case .fixedString:
                arg += 1
                let s = try args.string(arg)
                if s.count > o.size { throw ArgumentError(arg, "string longer than given size") }
                out += s
                out += [UInt8](repeating: 0, count: o.size - s.count)
            case .lengthString:
                arg += 1
                let s = try args.string(arg)
                if o.size < 8 && s.count >= 1 << (o.size * 8) {
                    throw ArgumentError(arg, "string length does not fit in given size")
                }
                appendInt(&out, Int64(s.count), size: o.size, little: r.little)
                out += s
            case .zeroString:
                arg += 1
                let s = try args.string(arg)
                if s.contains(0) { throw ArgumentError(arg, "string contains zeros") }
                out += s
                out.append(0)
            case .padding:
                out.append(0)
            case .paddingAlign, .none:
                break
            }
            if out.count > maxSize { throw ArgumentError(1, "format result too large") }
        }
        return out
    }

    public static func packsize(_ fmt: UnsafeBufferPointer<UInt8>) throws -> Int {
        var r = Reader(fmt)
        var total = 0
        while !r.atEnd {
            let o = try r.details(total: total)
            switch o.kind {
            case .lengthString, .zeroString: throw ArgumentError(1, "variable-length format")
            case .int, .float, .double, .fixedString, .padding, .paddingAlign, .none: break
            }
            let size = o.size + o.toAlign
            if total > maxSize - size { throw ArgumentError(1, "format result too large") }
            total += size
        }
        return total
    }

    /// Values read from `data` starting at 0-based `from`, and the 0-based offset after them.
    public static func unpack(_ fmt: UnsafeBufferPointer<UInt8>, _ data: UnsafeBufferPointer<UInt8>,
                              from: Int) throws -> ([PackValue], Int) {
        if from > data.count || from < 0 { throw ArgumentError(3, "initial position out of string") }
        var r = Reader(fmt)
        var pos = from
        var out: [PackValue] = []
        while !r.atEnd {
            let o = try r.details(total: pos)
            if o.toAlign + o.size > data.count - pos {
                throw ArgumentError(2, "data string too short")
            }
            pos += o.toAlign
            switch o.kind {
            case .int(let signed):
                out.append(.integer(try readInt(data, pos, o.size, little: r.little, signed: signed)))
            case .float:
                let bits = UInt32(truncatingIfNeeded: try readInt(data, pos, 4, little: r.little, signed: false))
                out.append(.float(Double(Float(bitPattern: bits))))
            case .double:
                let bits = UInt64(bitPattern: try readInt(data, pos, 8, little: r.little, signed: false))
                out.append(.float(Double(bitPattern: bits)))
            case .fixedString:
                out.append(.string(Array(data[pos..<(pos + o.size)])))
            case .lengthString:
                let len = UInt64(bitPattern: try readInt(data, pos, o.size, little: r.little, signed: false))
                if len > UInt64(data.count - pos - o.size) { throw ArgumentError(2, "data string too short") }
                let start = pos + o.size
                out.append(.string(Array(data[start..<(start + Int(len))])))
                pos += Int(len)
            case .zeroString:
                var e = pos
                while e < data.count && data[e] != 0 { e += 1 }
                if e >= data.count { throw ArgumentError(2, "unfinished string for format 'z'") }
                out.append(.string(Array(data[pos..<e])))
                pos = e + 1 - o.size
            case .padding, .paddingAlign, .none:
                break
            }
            pos += o.size
        }
        return (out, pos)
    }

    static func readInt(_ data: UnsafeBufferPointer<UInt8>, _ pos: Int, _ size: Int,
                        little: Bool, signed: Bool) throws -> Int64 {
        @inline(__always) func byte(_ k: Int) -> UInt8 { little ? data[pos + k] : data[pos + size - 1 - k] }
        var u: UInt64 = 0
        let limit = min(size, 8)
        for k in stride(from: limit - 1, through: 0, by: -1) { u = (u << 8) | UInt64(byte(k)) }
        if size < 8 {
            if signed {
                let shift = UInt64(64 - size * 8)
                u = UInt64(bitPattern: Int64(bitPattern: u << shift) >> Int64(shift))
            }
        } else if size > 8 {
            let ext: UInt8 = (!signed || Int64(bitPattern: u) >= 0) ? 0 : 0xFF
            for k in 8..<size where byte(k) != ext {
                throw LibraryError("\(size)-byte integer does not fit into Lua Integer")
            }
        }
        return Int64(bitPattern: u)
    }
}
