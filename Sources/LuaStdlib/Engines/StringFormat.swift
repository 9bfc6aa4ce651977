// StringFormat: string.format over bytes; library code supplies the arguments through a protocol.
//
// Invariants:
//  - Each conversion other than `%%` takes the next argument before its specification is checked,
//    so a missing argument is reported first ("no value"), as lua5.4 does.
//  - A specification is at most StdlibLimits.formatMaxSpec bytes; width and precision have at
//    most two digits; each conversion accepts only its own flags (lua5.4's rules). Only validated
//    specifications reach C's snprintf, so its output is exactly printf's.
//  - %e %E %f %g %G print through DecimalFormat (LuaRuntime), which writes exactly what printf
//    writes or declines; only what it declines (huge or tiny magnitudes, long precisions) goes
//    to snprintf.
//  - `%q` output reads back (through `load`) as the same value: integers in decimal (mininteger
//    in hex), floats as hex floats, inf/-inf/nan as 1e9999/-1e9999/(0/0), strings escaped.

import LuaRuntime
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An error about argument `index` (1-based among the function's arguments); library code turns
/// it into "bad argument #index to 'name' (message)".
public struct ArgumentError: Error, Equatable {
    public let index: Int
    public let message: String
    public init(_ index: Int, _ message: String) { self.index = index; self.message = message }
}

/// A value as `%q` sees it.
public enum FormatLiteral {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case float(Double)
    case string([UInt8])
    /// Any other type: "value has no literal form".
    case other
}

/// How string.format reads its arguments. `index` is the argument's 1-based position among the
/// function's arguments (the format string is 1). Each accessor raises lua's errors itself
/// ("no value", "number expected, got table", "number has no integer representation").
public protocol FormatArguments {
    mutating func checkPresent(_ index: Int) throws
    mutating func integer(_ index: Int) throws -> Int64
    mutating func number(_ index: Int) throws -> Double
    /// Append the argument converted with tostring (honouring __tostring and __name) to `out`.
    mutating func appendString(_ index: Int, to out: inout FormatBuffer) throws
    mutating func literal(_ index: Int) throws -> FormatLiteral
    /// The address `%p` shows, or nil for values that are not objects.
    mutating func pointer(_ index: Int) throws -> UInt?
}

public enum StringFormat {
    /// Flag sets of lua5.4 per conversion, as bit masks over "-+ #0" (DecimalFormat's bits).
    static let fMinus = DecimalFormat.flagMinus, fPlus = DecimalFormat.flagPlus, fSpace = DecimalFormat.flagSpace
    static let fHash = DecimalFormat.flagHash, fZero = DecimalFormat.flagZero
    static let flagsInteger = fMinus | fPlus | fZero | fSpace
    static let flagsUnsigned = fMinus | fZero
    static let flagsHex = fMinus | fHash | fZero
    static let flagsFloat = fMinus | fPlus | fSpace | fHash | fZero
    static let flagsChar = fMinus

    @inline(__always) static func flagBit(_ c: UInt8) -> UInt8 {
        switch c {
        case UInt8(ascii: "-"): return fMinus
        case UInt8(ascii: "+"): return fPlus
        case UInt8(ascii: " "): return fSpace
        case UInt8(ascii: "#"): return fHash
        case UInt8(ascii: "0"): return fZero
        default: return 0
        }
    }

    @inline(__always) static func inSpan(_ c: UInt8) -> Bool {
        flagBit(c) != 0 || c == UInt8(ascii: ".") || (c >= 49 && c <= 57)
    }

    /// A validated specification: flags, width, precision (-1: none), and its text.
    struct Spec {
        var flags: UInt8 = 0
        var width = 0
        var precision = -1
        let text: UnsafeBufferPointer<UInt8>  // the span between '%' and the conversion letter
        var isEmpty: Bool { text.isEmpty }
        func has(_ f: UInt8) -> Bool { flags & f != 0 }
    }

    /// string.format: `fmt` with its conversions applied to the arguments, appended to `out`.
    public static func format<A: FormatArguments>(_ fmt: UnsafeBufferPointer<UInt8>, _ args: inout A,
                                                  into out: inout FormatBuffer) throws {
        var i = 0
        var arg = 1
        while i < fmt.count {
            // Copy the literal run up to the next '%'.
            let runStart = i
            while i < fmt.count && fmt[i] != UInt8(ascii: "%") { i += 1 }
            if i > runStart { out.append(UnsafeBufferPointer(rebasing: fmt[runStart..<i])) }
            if i >= fmt.count { break }
            i += 1  // the '%'
            if i < fmt.count && fmt[i] == UInt8(ascii: "%") {
                out.append(UInt8(ascii: "%"))
                i += 1
                continue
            }
            arg += 1
            try args.checkPresent(arg)
            // The specification: flags, digits and dots, then the conversion letter.
            let specStart = i
            while i < fmt.count && inSpan(fmt[i]) { i += 1 }
            let spanText = UnsafeBufferPointer(rebasing: fmt[specStart..<i])
            if spanText.count + 1 >= StdlibLimits.formatMaxSpec { throw LibraryError("invalid format (too long)") }
            let conv: UInt8 = i < fmt.count ? fmt[i] : 0
            let hasConv = i < fmt.count
            if hasConv { i += 1 }
            func shown() -> [UInt8] {
                [UInt8(ascii: "%")] + Array(spanText) + (hasConv ? [conv] : [])
            }
            // lua5.4 reads the argument before checking the specification for the integer and
            // decimal-float conversions, and after it for %c, %a and %p.
            switch conv {
            case UInt8(ascii: "c"):
                let spec = try check(spanText, flagsChar, precision: false, shown)
                let v = try args.integer(arg)
                let start = out.count
                out.append(UInt8(truncatingIfNeeded: v))
                pad(&out, from: start, spec)
            case UInt8(ascii: "d"), UInt8(ascii: "i"):
                let v = try args.integer(arg)
                let spec = try check(spanText, flagsInteger, precision: true, shown)
                formatInteger(&out, v, spec, conv)
            case UInt8(ascii: "u"):
                let v = try args.integer(arg)
                let spec = try check(spanText, flagsUnsigned, precision: true, shown)
                formatInteger(&out, v, spec, conv)
            case UInt8(ascii: "o"), UInt8(ascii: "x"), UInt8(ascii: "X"):
                let v = try args.integer(arg)
                let spec = try check(spanText, flagsHex, precision: true, shown)
                formatInteger(&out, v, spec, conv)
            case UInt8(ascii: "a"), UInt8(ascii: "A"):
                _ = try check(spanText, flagsFloat, precision: true, shown)
                printf(&out, spanText, conv, .double(try args.number(arg)))
            case UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "f"), UInt8(ascii: "g"), UInt8(ascii: "G"):
                let v = try args.number(arg)
                let spec = try check(spanText, flagsFloat, precision: true, shown)
                formatFloat(&out, v, spec, conv)
            case UInt8(ascii: "p"):
                let spec = try check(spanText, flagsChar, precision: false, shown)
                if let p = try args.pointer(arg) {
                    printf(&out, spanText, conv, .pointer(p))
                } else {
                    let start = out.count
                    out.append(Array("(null)".utf8))
                    pad(&out, from: start, spec)
                }
            case UInt8(ascii: "q"):
                if !spanText.isEmpty { throw LibraryError("specifier '%q' cannot have modifiers") }
                try appendLiteral(&out, try args.literal(arg), arg)
            case UInt8(ascii: "s"):
                // The text goes straight into `out`; a specification then cuts and pads it there.
                let start = out.count
                try args.appendString(arg, to: &out)
                if !spanText.isEmpty {
                    let length = out.count - start
                    if length > 0 && memchr(out.base + start, 0, length) != nil {
                        throw ArgumentError(arg, "string contains zeros")
                    }
                    let spec = try check(spanText, flagsChar, precision: true, shown)
                    // lua5.4 keeps a string of 100 bytes or more whole when there is no precision.
                    if spec.precision >= 0 || length < 100 {
                        if spec.precision >= 0 && length > spec.precision { out.count = start + spec.precision }
                        pad(&out, from: start, spec)
                    }
                }
            default:
                throw LibraryError(bytes: Array("invalid conversion '".utf8) + shown() + Array("' to 'format'".utf8))
            }
        }
    }

    /// string.format as a byte array (for callers without a buffer of their own, and tests).
    public static func format<A: FormatArguments>(_ fmt: UnsafeBufferPointer<UInt8>, _ args: inout A)
        throws -> [UInt8] {
        try FormatBuffer.with { out in
            try format(fmt, &args, into: &out)
            return Array(out.bytes)
        }
    }

    /// lua5.4's per-conversion rule: allowed flags, no leading '0' width, up to two width digits,
    /// then (if allowed) '.' and up to two precision digits, then the conversion letter.
    static func check(_ span: UnsafeBufferPointer<UInt8>, _ allowed: UInt8, precision: Bool,
                      _ shown: () -> [UInt8]) throws -> Spec {
        var spec = Spec(text: span)
        var i = 0
        while i < span.count, case let b = flagBit(span[i]), b != 0, allowed & b != 0 {
            spec.flags |= b
            i += 1
        }
        if i < span.count && span[i] != UInt8(ascii: "0") {
            var d = 0
            while i < span.count && isDigit(span[i]) && d < StdlibLimits.formatMaxDigits {
                spec.width = spec.width * 10 + Int(span[i] - 48)
                i += 1
                d += 1
            }
            if i < span.count && span[i] == UInt8(ascii: ".") && precision {
                i += 1
                d = 0
                spec.precision = 0
                while i < span.count && isDigit(span[i]) && d < StdlibLimits.formatMaxDigits {
                    spec.precision = spec.precision * 10 + Int(span[i] - 48)
                    i += 1
                    d += 1
                }
            }
        }
        if i != span.count { throw LibraryError(bytes: Array("invalid conversion specification: '".utf8) + shown() + [0x27]) }
        return spec
    }

    /// printf's %d %i %u %o %x %X for a 64-bit integer (lua formats with "%lld" and friends).
    static func formatInteger(_ out: inout FormatBuffer, _ v: Int64, _ spec: Spec, _ conv: UInt8) {
        let signed = conv == UInt8(ascii: "d") || conv == UInt8(ascii: "i")
        let octal = conv == UInt8(ascii: "o")
        let hex = conv == UInt8(ascii: "x") || conv == UInt8(ascii: "X")
        var mag = signed ? v.magnitude : UInt64(bitPattern: v)
        // Digits, least significant first, then the precision's zeros, into a stack buffer
        // (22 octal digits and 99 zeros at most). A constant divisor per base: shifts for 8 and
        // 16, a multiply for 10.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { buf in
            var n = 0
            if !(mag == 0 && spec.precision == 0) {
                if hex {
                    let letters: UInt8 = conv == UInt8(ascii: "X") ? 55 : 87
                    repeat {
                        let d = UInt8(truncatingIfNeeded: mag & 15)
                        buf[n] = d < 10 ? 48 + d : letters + d
                        n += 1
                        mag >>= 4
                    } while mag != 0
                } else if octal {
                    repeat { buf[n] = 48 + UInt8(truncatingIfNeeded: mag & 7); n += 1; mag >>= 3 } while mag != 0
                } else {
                    repeat { buf[n] = 48 + UInt8(truncatingIfNeeded: mag % 10); n += 1; mag /= 10 } while mag != 0
                }
            }
            while n < spec.precision { buf[n] = 48; n += 1 }
            if spec.has(fHash) && octal && (n == 0 || buf[n - 1] != 48) { buf[n] = 48; n += 1 }
            var prefix: (UInt8, UInt8, Int) = (0, 0, 0)
            if signed {
                if v < 0 { prefix = (UInt8(ascii: "-"), 0, 1) }
                else if spec.has(fPlus) { prefix = (UInt8(ascii: "+"), 0, 1) }
                else if spec.has(fSpace) { prefix = (UInt8(ascii: " "), 0, 1) }
            } else if spec.has(fHash) && hex && v != 0 {
                prefix = (48, conv == UInt8(ascii: "X") ? UInt8(ascii: "X") : UInt8(ascii: "x"), 2)
            }
            let total = n + prefix.2
            let fill = max(0, spec.width - total)
            let zeroPad = spec.has(fZero) && !spec.has(fMinus) && spec.precision < 0
            // One reservation, then stores.
            out.reserve(total + fill)
            var p = out.end
            if fill > 0 && !spec.has(fMinus) && !zeroPad { p.initialize(repeating: 32, count: fill); p += fill }
            if prefix.2 >= 1 { p.pointee = prefix.0; p += 1 }
            if prefix.2 == 2 { p.pointee = prefix.1; p += 1 }
            if fill > 0 && zeroPad { p.initialize(repeating: 48, count: fill); p += fill }
            var k = n
            while k > 0 { k -= 1; p.pointee = buf[k]; p += 1 }
            if fill > 0 && spec.has(fMinus) { p.initialize(repeating: 32, count: fill); p += fill }
            out.count += total + fill
            assert(p == out.end, "formatInteger wrote what it reserved")
        }
    }

    /// %e %E %f %g %G: DecimalFormat's exact digits, written in place, or C's printf where they
    /// do not fit.
    static func formatFloat(_ out: inout FormatBuffer, _ v: Double, _ spec: Spec, _ conv: UInt8) {
        out.reserve(DecimalFormat.maxLength)
        if let n = DecimalFormat.format(v, conversion: conv, flags: spec.flags, width: spec.width,
                                        precision: spec.precision, into: out.end) {
            out.count += n
        } else {
            printf(&out, spec.text, conv, .double(v))
        }
    }

    /// Width padding with spaces for the text written since `start`; '-' pads on the right.
    static func pad(_ out: inout FormatBuffer, from start: Int, _ spec: Spec) {
        let fill = spec.width - (out.count - start)
        if fill <= 0 { return }
        if spec.has(fMinus) { out.append(repeating: 32, count: fill) } else { out.insert(repeating: 32, count: fill, at: start) }
    }

    enum CArg { case double(Double), pointer(UInt) }

    /// C's snprintf for one validated float or pointer conversion: "%" span conv, written in place.
    static func printf(_ out: inout FormatBuffer, _ span: UnsafeBufferPointer<UInt8>, _ conv: UInt8, _ a: CArg) {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: StdlibLimits.formatMaxSpec + 4) { f in
            f[0] = 37  // '%'
            for k in 0..<span.count { f[k + 1] = CChar(bitPattern: span[k]) }
            f[span.count + 1] = CChar(bitPattern: conv)
            f[span.count + 2] = 0
            out.reserve(512)
            var n = vformat(UnsafeMutableRawPointer(out.end).assumingMemoryBound(to: CChar.self), 512, f.baseAddress!, a)
            if n >= 512 {  // %.99f of 1e308 and the like: once more with room for all of it
                out.reserve(n + 1)
                n = vformat(UnsafeMutableRawPointer(out.end).assumingMemoryBound(to: CChar.self), n + 1, f.baseAddress!, a)
            }
            out.count += max(n, 0)
        }
    }

    /// vsnprintf with one argument. On x86-64 Linux the va_list is built by hand on the stack
    /// (System V layout: gp_offset, fp_offset, overflow area, register save area): Swift's
    /// withVaList allocates and costs more than the formatting itself.
    static func vformat(_ buf: UnsafeMutablePointer<CChar>, _ cap: Int, _ fmt: UnsafePointer<CChar>, _ a: CArg) -> Int {
        #if arch(x86_64) && os(Linux)
        return withUnsafeTemporaryAllocation(byteCount: 176 + 32, alignment: 16) { raw -> Int in
            let save = raw.baseAddress!
            let va = save + 176
            switch a {
            case .double(let d):
                va.storeBytes(of: UInt32(48), toByteOffset: 0, as: UInt32.self)   // no GP registers left
                va.storeBytes(of: UInt32(48), toByteOffset: 4, as: UInt32.self)   // first XMM slot
                save.storeBytes(of: d, toByteOffset: 48, as: Double.self)
            case .pointer(let p):
                va.storeBytes(of: UInt32(0), toByteOffset: 0, as: UInt32.self)    // first GP slot
                va.storeBytes(of: UInt32(176), toByteOffset: 4, as: UInt32.self)  // no XMM slots left
                save.storeBytes(of: p, toByteOffset: 0, as: UInt.self)
            }
            va.storeBytes(of: save + 176, toByteOffset: 8, as: UnsafeMutableRawPointer.self)
            va.storeBytes(of: save, toByteOffset: 16, as: UnsafeMutableRawPointer.self)
            return Int(vsnprintf(buf, cap, fmt, CVaListPointer(_fromUnsafeMutablePointer: va)))
        }
        #else
        let cv: CVarArg
        switch a {
        case .double(let v): cv = v
        case .pointer(let v): cv = OpaquePointer(bitPattern: v) ?? OpaquePointer(bitPattern: 1)!
        }
        return Int(withVaList([cv]) { vsnprintf(buf, cap, fmt, $0) })
        #endif
    }

    /// printf-formatted float as bytes: "%" spec "g" (`%.14g` for io.write and tests).
    public static func formatDouble(_ d: Double, _ spec: String) -> [UInt8] {
        FormatBuffer.with { out in
            Array(spec.utf8).withUnsafeBufferPointer { span in
                if let valid = try? check(span, flagsFloat, precision: true, { [] }) {
                    formatFloat(&out, d, valid, UInt8(ascii: "g"))
                } else {
                    printf(&out, span, UInt8(ascii: "g"), .double(d))
                }
            }
            return Array(out.bytes)
        }
    }

    /// `%q`.
    static func appendLiteral(_ out: inout FormatBuffer, _ v: FormatLiteral, _ arg: Int) throws {
        switch v {
        case .nil: out.append(Array("nil".utf8))
        case .boolean(let b): out.append(Array((b ? "true" : "false").utf8))
        case .integer(let n):
            if n == Int64.min {
                out.append(Array("0x8000000000000000".utf8))
            } else {
                out.reserve(24)
                out.count += LuaNumber.format(.integer(Int(n)), into: out.end)
            }
        case .float(let d):
            if d == .infinity { out.append(Array("1e9999".utf8)) }
            else if d == -.infinity { out.append(Array("-1e9999".utf8)) }
            else if d.isNaN { out.append(Array("(0/0)".utf8)) }
            else { printf(&out, UnsafeBufferPointer(start: nil, count: 0), UInt8(ascii: "a"), .double(d)) }
        case .string(let s): quoteString(&out, s)
        case .other: throw ArgumentError(arg, "value has no literal form")
        }
    }

    /// A string as a Lua literal: quotes, backslash escapes for '"', '\\' and newline, decimal
    /// escapes for other control bytes (three digits when a digit follows, so it reads back).
    static func quoteString(_ out: inout FormatBuffer, _ s: [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for (k, c) in s.enumerated() {
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "\n"):
                out.append(UInt8(ascii: "\\"))
                out.append(c)
            case 0..<32, 127:
                out.append(UInt8(ascii: "\\"))
                let nextIsDigit = k + 1 < s.count && isDigit(s[k + 1])
                if nextIsDigit || c >= 100 { out.append(48 + c / 100) }
                if nextIsDigit || c >= 10 { out.append(48 + c / 10 % 10) }
                out.append(48 + c % 10)
            default:
                out.append(c)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
