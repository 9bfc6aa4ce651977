// The assembler: one x86-64 instruction per call, appended to a code buffer; this file holds the
// encoding core (legacy prefix, REX, opcode map, ModRM, SIB, displacement) every form goes through.
//
// Invariants: bytes go out in the order [prefix] [REX] [0F [3A]] opcode ModRM [SIB] [disp] [imm];
// a REX byte is emitted only when a bit of it is set or a byte register spl/bpl/sil/dil is named;
// a memory displacement takes the shortest form (none, disp8, disp32) the base allows, the
// choice llvm-mc makes, so the golden tests can compare bytes. Nothing here knows about Lua.

public struct Assembler: Sendable {
    public var buffer: CodeBuffer
    /// What the code may use beyond SSE2 (`roundsd` asserts `.sse41`); `.host` by default.
    public let features: CPUFeatures
    /// Where offset 0 of this buffer will run, when the caller knows it before assembling: calls
    /// to absolute targets within ±2 GiB are then `call rel32`, else they go through a register.
    public let origin: UInt64?

    public init(features: CPUFeatures = .host, origin: UInt64? = nil, capacity: Int = 4096) {
        buffer = CodeBuffer(capacity: capacity)
        self.features = features
        self.origin = origin
    }

    @inline(__always) public var offset: Int { buffer.offset }
    public mutating func newLabel() -> Label { buffer.newLabel() }
    public mutating func bind(_ label: Label) { buffer.bind(label) }
    /// The finished code; asserts every label used was bound.
    public func finish() -> [UInt8] { buffer.finish() }
}

/// The second operand of a ModRM instruction: a register number (GP or XMM, 0...15) or memory.
enum RM {
    case reg(UInt8)
    case mem(Mem)
}

enum OpMap { case primary, x0F, x0F3A }

extension Assembler {
    /// Emits one ModRM-form instruction. `reg` is the ModRM.reg field: a register number or an
    /// opcode extension (/digit). `prefix` is 0 or 0x66/0xF2/0xF3. `immBytes` counts the
    /// immediate the caller emits next, so that a `[rip + label]` fix-up measures from the end.
    @inline(__always)
    mutating func emitModRM(prefix: UInt8 = 0, w: Bool, forceREX: Bool = false, map: OpMap = .primary,
                            _ op: UInt8, reg: UInt8, _ rm: RM, immBytes: Int = 0) {
        if prefix != 0 { buffer.emit8(prefix) }
        var rex: UInt8 = (w ? 8 : 0) | ((reg >> 3) & 1) << 2
        switch rm {
        case .reg(let r): rex |= (r >> 3) & 1
        case .mem(let m):
            if let i = m.index { rex |= i.high << 1 }
            if case .gpr(let b) = m.base { rex |= b.high }
        }
        if rex != 0 || forceREX { buffer.emit8(0x40 | rex) }
        switch map {
        case .primary: break
        case .x0F: buffer.emit8(0x0F)
        case .x0F3A: buffer.emit8(0x0F); buffer.emit8(0x3A)
        }
        buffer.emit8(op)
        switch rm {
        case .reg(let r): buffer.emit8(0xC0 | (reg & 7) << 3 | (r & 7))
        case .mem(let m): emitAddress(reg: reg & 7, m, immBytes: immBytes)
        }
    }

    /// ModRM (+ SIB + displacement) for a memory operand.
    @inline(__always)
    private mutating func emitAddress(reg: UInt8, _ m: Mem, immBytes: Int) {
        switch m.base {
        case .rip:
            buffer.emit8(reg << 3 | 5)
            buffer.emit32(UInt32(bitPattern: m.disp))
        case .label(let label):
            buffer.emit8(reg << 3 | 5)
            let field = offset
            buffer.emit32(UInt32(bitPattern: m.disp))
            buffer.addFixup(label, field: field, end: field + 4 + immBytes, width: 4)
        case .gpr(let base):
            // rbp/r13 as a base with mod 00 would mean [rip + disp32] / no base: they take disp8 0.
            let mod: UInt8 = m.disp == 0 && base.low3 != 5 ? 0 : (Int8(exactly: m.disp) != nil ? 1 : 2)
            // rsp/r12 as a ModRM base mean "a SIB byte follows": they always take one.
            if m.index != nil || base.low3 == 4 {
                buffer.emit8(mod << 6 | reg << 3 | 4)
                buffer.emit8(m.scale.rawValue << 6 | (m.index?.low3 ?? 4) << 3 | base.low3)
            } else {
                buffer.emit8(mod << 6 | reg << 3 | base.low3)
            }
            if mod == 1 { buffer.emit8(UInt8(bitPattern: Int8(m.disp))) }
            if mod == 2 { buffer.emit32(UInt32(bitPattern: m.disp)) }
        }
    }

    /// An opcode with the register in its low three bits (push, pop, mov r, imm).
    @inline(__always)
    mutating func emitOpPlusReg(prefix: UInt8 = 0, w: Bool, forceREX: Bool = false, _ op: UInt8, _ r: GPR) {
        if prefix != 0 { buffer.emit8(prefix) }
        let rex: UInt8 = (w ? 8 : 0) | r.high
        if rex != 0 || forceREX { buffer.emit8(0x40 | rex) }
        buffer.emit8(op | r.low3)
    }

    /// Emits an immediate of `bytes` bytes (1, 2 or 4), truncating `v` (callers check the range).
    @inline(__always)
    mutating func emitImm(_ v: Int64, bytes: Int) {
        switch bytes {
        case 1: buffer.emit8(UInt8(truncatingIfNeeded: v))
        case 2: buffer.emit16(UInt16(truncatingIfNeeded: v))
        default: buffer.emit32(UInt32(truncatingIfNeeded: v))
        }
    }
}

extension Size {
    /// The operand-size prefix (0x66 for 16-bit) or 0.
    @inline(__always) var prefix: UInt8 { self == .word ? 0x66 : 0 }
    @inline(__always) var w: Bool { self == .qword }
    /// The size of an immediate of this operand size (imm32 for qword: sign-extended).
    @inline(__always) var immBytes: Int { self == .byte ? 1 : (self == .word ? 2 : 4) }
}

extension GPR {
    /// Naming spl/bpl/sil/dil as a byte register needs a REX prefix (else they mean ah..bh).
    @inline(__always) func needsREX(asByte isByte: Bool) -> Bool { isByte && (4...7).contains(rawValue) }
}

/// Whether `v` fits a sign-extended 8-bit immediate.
@inline(__always) func fitsInt8(_ v: Int64) -> Bool { v >= -128 && v <= 127 }
