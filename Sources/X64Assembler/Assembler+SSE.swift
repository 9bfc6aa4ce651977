// SSE2 scalar-double instructions (and the 128-bit logic ops used on sign masks), plus SSE4.1
// roundsd behind the feature check.
//
// Invariants: the mandatory prefix (66/F2/F3) comes before REX, REX before the 0F escape; a
// scalar op reads or writes the low 64 bits of an XMM register and `qword ptr` memory; a packed
// op (xorpd, andpd, andnpd, orpd, pxor) reads a 16-byte, 16-aligned `xmmword ptr` operand.
// GP<->XMM conversions here are 64-bit (REX.W): Lua integers are 64-bit.

/// Two-operand SSE instructions of the form `op xmm, xmm/mem`: dst := dst OP src.
public enum SSEOp: CaseIterable, Sendable {
    case addsd, subsd, mulsd, divsd, minsd, maxsd, sqrtsd
    /// Flags from comparing low doubles: ZF/PF/CF, unordered sets all three. comisd also raises
    /// invalid on a quiet NaN; the results are the same.
    case ucomisd, comisd
    case xorpd, andpd, andnpd, orpd, pxor
    /// Register copy of all 128 bits (shorter than movsd and without a false dependency).
    case movapd

    /// (mandatory prefix, opcode after 0F).
    var encoding: (UInt8, UInt8) {
        switch self {
        case .addsd: return (0xF2, 0x58)
        case .mulsd: return (0xF2, 0x59)
        case .subsd: return (0xF2, 0x5C)
        case .minsd: return (0xF2, 0x5D)
        case .divsd: return (0xF2, 0x5E)
        case .maxsd: return (0xF2, 0x5F)
        case .sqrtsd: return (0xF2, 0x51)
        case .ucomisd: return (0x66, 0x2E)
        case .comisd: return (0x66, 0x2F)
        case .andpd: return (0x66, 0x54)
        case .andnpd: return (0x66, 0x55)
        case .orpd: return (0x66, 0x56)
        case .xorpd: return (0x66, 0x57)
        case .pxor: return (0x66, 0xEF)
        case .movapd: return (0x66, 0x28)
        }
    }
    /// Whether a memory operand is 16 bytes (packed) rather than 8 (scalar).
    public var isPacked: Bool {
        switch self {
        case .addsd, .subsd, .mulsd, .divsd, .minsd, .maxsd, .sqrtsd, .ucomisd, .comisd: return false
        case .xorpd, .andpd, .andnpd, .orpd, .pxor, .movapd: return true
        }
    }
    public var name: String {
        switch self {
        case .addsd: return "addsd"
        case .subsd: return "subsd"
        case .mulsd: return "mulsd"
        case .divsd: return "divsd"
        case .minsd: return "minsd"
        case .maxsd: return "maxsd"
        case .sqrtsd: return "sqrtsd"
        case .ucomisd: return "ucomisd"
        case .comisd: return "comisd"
        case .xorpd: return "xorpd"
        case .andpd: return "andpd"
        case .andnpd: return "andnpd"
        case .orpd: return "orpd"
        case .pxor: return "pxor"
        case .movapd: return "movapd"
        }
    }
}

/// roundsd's immediate: the rounding mode, with bit 3 set so no precision exception is raised.
public enum RoundingMode: UInt8, CaseIterable, Sendable {
    case nearestEven = 0b1000, floor = 0b1001, ceil = 0b1010, truncate = 0b1011
}

extension Assembler {
    public mutating func sse(_ op: SSEOp, _ dst: XMM, _ src: XMM) {
        let (prefix, opcode) = op.encoding
        emitModRM(prefix: prefix, w: false, map: .x0F, opcode, reg: dst.rawValue, .reg(src.rawValue))
    }
    public mutating func sse(_ op: SSEOp, _ dst: XMM, _ src: Mem) {
        let (prefix, opcode) = op.encoding
        emitModRM(prefix: prefix, w: false, map: .x0F, opcode, reg: dst.rawValue, .mem(src))
    }

    /// dst.low := src.low (register to register; the high half of dst is kept).
    public mutating func movsd(_ dst: XMM, _ src: XMM) {
        emitModRM(prefix: 0xF2, w: false, map: .x0F, 0x10, reg: dst.rawValue, .reg(src.rawValue))
    }
    /// Load: dst.low := [src], dst.high := 0.
    public mutating func movsd(_ dst: XMM, _ src: Mem) {
        emitModRM(prefix: 0xF2, w: false, map: .x0F, 0x10, reg: dst.rawValue, .mem(src))
    }
    /// Store: [dst] := src.low.
    public mutating func movsd(_ dst: Mem, _ src: XMM) {
        emitModRM(prefix: 0xF2, w: false, map: .x0F, 0x11, reg: src.rawValue, .mem(dst))
    }
    /// dst := the 64 bits of src, high half cleared (a double's bits into SSE).
    public mutating func movq(_ dst: XMM, _ src: GPR) {
        emitModRM(prefix: 0x66, w: true, map: .x0F, 0x6E, reg: dst.rawValue, .reg(src.rawValue))
    }
    /// dst := the low 64 bits of src (a double's bits out of SSE).
    public mutating func movq(_ dst: GPR, _ src: XMM) {
        emitModRM(prefix: 0x66, w: true, map: .x0F, 0x7E, reg: src.rawValue, .reg(dst.rawValue))
    }
    /// dst.low := Double(src as Int64) (rounded by MXCSR, nearest-even by default).
    public mutating func cvtsi2sd(_ dst: XMM, _ src: GPR) {
        emitModRM(prefix: 0xF2, w: true, map: .x0F, 0x2A, reg: dst.rawValue, .reg(src.rawValue))
    }
    public mutating func cvtsi2sd(_ dst: XMM, _ src: Mem) {
        emitModRM(prefix: 0xF2, w: true, map: .x0F, 0x2A, reg: dst.rawValue, .mem(src))
    }
    /// dst := Int64(src.low) truncated; out of range or NaN gives 0x8000000000000000.
    public mutating func cvttsd2si(_ dst: GPR, _ src: XMM) {
        emitModRM(prefix: 0xF2, w: true, map: .x0F, 0x2C, reg: dst.rawValue, .reg(src.rawValue))
    }
    public mutating func cvttsd2si(_ dst: GPR, _ src: Mem) {
        emitModRM(prefix: 0xF2, w: true, map: .x0F, 0x2C, reg: dst.rawValue, .mem(src))
    }
    /// dst.low := src.low rounded by `mode` (SSE4.1: asserts `features.contains(.sse41)`).
    public mutating func roundsd(_ dst: XMM, _ src: XMM, _ mode: RoundingMode) {
        precondition(features.contains(.sse41), "roundsd needs SSE4.1: check CPUFeatures first")
        emitModRM(prefix: 0x66, w: false, map: .x0F3A, 0x0B, reg: dst.rawValue, .reg(src.rawValue))
        buffer.emit8(mode.rawValue)
    }
    public mutating func roundsd(_ dst: XMM, _ src: Mem, _ mode: RoundingMode) {
        precondition(features.contains(.sse41), "roundsd needs SSE4.1: check CPUFeatures first")
        emitModRM(prefix: 0x66, w: false, map: .x0F3A, 0x0B, reg: dst.rawValue, .mem(src), immBytes: 1)
        buffer.emit8(mode.rawValue)
    }
}
