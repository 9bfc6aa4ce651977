// General-purpose instructions: moves, loads/stores, lea, extensions, ALU, test, multiply/divide,
// unary ops, shifts, setcc, cmovcc.
//
// Invariants: `Size` picks the width (`.word` adds 0x66, `.qword` REX.W, `.byte` the byte opcode);
// an immediate takes the shortest encoding that means the same value (imm8 sign-extended when it
// fits, the rax/eax/ax/al short form otherwise, which is what llvm-mc picks); a 32-bit immediate
// to a qword operand is sign-extended by the CPU. Register-register forms put the source in
// ModRM.reg (the 0x01/0x89 "MR" forms), as llvm-mc does.

/// The classic ALU group: the raw value is both the /digit of 0x80/0x81/0x83 and the opcode row.
public enum ALUOp: UInt8, CaseIterable, Sendable {
    case add = 0, or = 1, and = 4, sub = 5, xor = 6, cmp = 7
    public var name: String {
        switch self {
        case .add: return "add"
        case .or: return "or"
        case .and: return "and"
        case .sub: return "sub"
        case .xor: return "xor"
        case .cmp: return "cmp"
        }
    }
}

/// One-operand instructions of the 0xF6/F7 and 0xFE/FF groups.
public enum UnaryOp: CaseIterable, Sendable {
    case inc, dec, not, neg, mul, div, idiv
    /// (opcode for non-byte sizes, /digit); the byte opcode is one less.
    var encoding: (UInt8, UInt8) {
        switch self {
        case .inc: return (0xFF, 0)
        case .dec: return (0xFF, 1)
        case .not: return (0xF7, 2)
        case .neg: return (0xF7, 3)
        case .mul: return (0xF7, 4)   // rdx:rax := rax * operand, unsigned
        case .div: return (0xF7, 6)   // rax, rdx := rdx:rax / operand, unsigned
        case .idiv: return (0xF7, 7)  // signed; #DE on zero or on INT64_MIN / -1
        }
    }
    public var name: String {
        switch self {
        case .inc: return "inc"
        case .dec: return "dec"
        case .not: return "not"
        case .neg: return "neg"
        case .mul: return "mul"
        case .div: return "div"
        case .idiv: return "idiv"
        }
    }
}

/// The shift/rotate group (/digit of 0xC0/C1, 0xD0/D1, 0xD2/D3).
public enum ShiftOp: UInt8, CaseIterable, Sendable {
    case rol = 0, ror = 1, shl = 4, shr = 5, sar = 7
    public var name: String {
        switch self {
        case .rol: return "rol"
        case .ror: return "ror"
        case .shl: return "shl"
        case .shr: return "shr"
        case .sar: return "sar"
        }
    }
}

extension Assembler {
    // MARK: Operand plumbing shared by the sized forms

    /// A sized instruction with opcode `op` (the byte form is `op - 1` when `byteOp` is nil).
    @inline(__always)
    mutating func sized(_ s: Size, _ op: UInt8, map: OpMap = .primary, reg: UInt8, regIsGPR: Bool,
                        _ rm: RM, immBytes: Int = 0) {
        var force = false
        if s == .byte {
            if regIsGPR && (4...7).contains(reg) { force = true }
            if case .reg(let r) = rm, (4...7).contains(r) { force = true }
        }
        emitModRM(prefix: s.prefix, w: s.w, forceREX: force, map: map, s == .byte ? op - 1 : op,
                  reg: reg, rm, immBytes: immBytes)
    }

    /// Checks that `imm` is representable at size `s` (signed or unsigned for byte and word).
    @inline(__always) func checkImm(_ imm: Int32, _ s: Size) {
        switch s {
        case .byte: precondition(imm >= -128 && imm <= 255, "imm8 out of range: \(imm)")
        case .word: precondition(imm >= -32768 && imm <= 65535, "imm16 out of range: \(imm)")
        case .dword, .qword: break
        }
    }

    /// The value an immediate has once the CPU reads it at size `s` (for choosing imm8).
    @inline(__always) func signExtended(_ imm: Int32, _ s: Size) -> Int64 {
        switch s {
        case .byte: return Int64(Int8(truncatingIfNeeded: imm))
        case .word: return Int64(Int16(truncatingIfNeeded: imm))
        case .dword, .qword: return Int64(imm)
        }
    }

    // MARK: mov, loads and stores, lea, extensions

    /// dst := src (8/16/32/64 bits; a 32-bit move clears the upper half).
    public mutating func mov(_ s: Size, _ dst: GPR, _ src: GPR) {
        sized(s, 0x89, reg: src.rawValue, regIsGPR: true, .reg(dst.rawValue))
    }
    /// Load: dst := [src].
    public mutating func mov(_ s: Size, _ dst: GPR, _ src: Mem) {
        sized(s, 0x8B, reg: dst.rawValue, regIsGPR: true, .mem(src))
    }
    /// Store: [dst] := src.
    public mutating func mov(_ s: Size, _ dst: Mem, _ src: GPR) {
        sized(s, 0x89, reg: src.rawValue, regIsGPR: true, .mem(dst))
    }
    /// dst := imm; for `.qword` the imm32 is sign-extended (use `movImm` for any 64-bit value).
    public mutating func mov(_ s: Size, _ dst: GPR, imm: Int32) {
        checkImm(imm, s)
        switch s {
        case .qword:
            emitModRM(w: true, 0xC7, reg: 0, .reg(dst.rawValue))
        case .byte:
            emitOpPlusReg(w: false, forceREX: dst.needsREX(asByte: true), 0xB0, dst)
        case .word, .dword:
            emitOpPlusReg(prefix: s.prefix, w: false, 0xB8, dst)
        }
        emitImm(Int64(imm), bytes: s.immBytes)
    }
    /// [dst] := imm (sign-extended from 32 bits for `.qword`).
    public mutating func mov(_ s: Size, _ dst: Mem, imm: Int32) {
        checkImm(imm, s)
        sized(s, 0xC7, reg: 0, regIsGPR: false, .mem(dst), immBytes: s.immBytes)
        emitImm(Int64(imm), bytes: s.immBytes)
    }
    /// dst := imm64 (the 10-byte `movabs`).
    public mutating func movabs(_ dst: GPR, _ imm: Int64) {
        emitOpPlusReg(w: true, 0xB8, dst)
        buffer.emit64(UInt64(bitPattern: imm))
    }
    /// dst := value in the fewest bytes: `mov r32, imm32` (zero-extends) when it fits unsigned
    /// 32 bits, `mov r64, simm32` when it fits signed, else `movabs`. Flags are untouched.
    public mutating func movImm(_ dst: GPR, _ value: Int64) {
        if value >= 0 && value <= Int64(UInt32.max) {
            emitOpPlusReg(w: false, 0xB8, dst)
            buffer.emit32(UInt32(value))
        } else if let v = Int32(exactly: value) {
            mov(.qword, dst, imm: v)
        } else {
            movabs(dst, value)
        }
    }
    /// dst := the address of src (32- or 64-bit result).
    public mutating func lea(_ s: Size, _ dst: GPR, _ src: Mem) {
        precondition(s == .qword || s == .dword, "lea is 32- or 64-bit here")
        emitModRM(w: s.w, 0x8D, reg: dst.rawValue, .mem(src))
    }
    /// dst (word/dword/qword) := zero-extended byte or word.
    public mutating func movzx(_ s: Size, _ dst: GPR, _ from: Size, _ src: GPR) {
        extend(s, dst, from, .reg(src.rawValue), 0xB6, from == .byte && src.needsREX(asByte: true))
    }
    public mutating func movzx(_ s: Size, _ dst: GPR, _ from: Size, _ src: Mem) {
        extend(s, dst, from, .mem(src), 0xB6, false)
    }
    /// dst (word/dword/qword) := sign-extended byte or word.
    public mutating func movsx(_ s: Size, _ dst: GPR, _ from: Size, _ src: GPR) {
        extend(s, dst, from, .reg(src.rawValue), 0xBE, from == .byte && src.needsREX(asByte: true))
    }
    public mutating func movsx(_ s: Size, _ dst: GPR, _ from: Size, _ src: Mem) {
        extend(s, dst, from, .mem(src), 0xBE, false)
    }
    private mutating func extend(_ s: Size, _ dst: GPR, _ from: Size, _ rm: RM, _ op: UInt8, _ force: Bool) {
        precondition((from == .byte || from == .word) && s.rawValue > from.rawValue, "bad extension")
        emitModRM(prefix: s.prefix, w: s.w, forceREX: force, map: .x0F,
                  from == .byte ? op : op + 1, reg: dst.rawValue, rm)
    }
    /// dst (64-bit) := sign-extended 32-bit src.
    public mutating func movsxd(_ dst: GPR, _ src: GPR) {
        emitModRM(w: true, 0x63, reg: dst.rawValue, .reg(src.rawValue))
    }
    public mutating func movsxd(_ dst: GPR, _ src: Mem) {
        emitModRM(w: true, 0x63, reg: dst.rawValue, .mem(src))
    }

    // MARK: ALU and test

    /// dst := dst OP src (cmp only sets flags).
    public mutating func alu(_ op: ALUOp, _ s: Size, _ dst: GPR, _ src: GPR) {
        sized(s, op.rawValue << 3 | 1, reg: src.rawValue, regIsGPR: true, .reg(dst.rawValue))
    }
    public mutating func alu(_ op: ALUOp, _ s: Size, _ dst: GPR, _ src: Mem) {
        sized(s, op.rawValue << 3 | 3, reg: dst.rawValue, regIsGPR: true, .mem(src))
    }
    public mutating func alu(_ op: ALUOp, _ s: Size, _ dst: Mem, _ src: GPR) {
        sized(s, op.rawValue << 3 | 1, reg: src.rawValue, regIsGPR: true, .mem(dst))
    }
    public mutating func alu(_ op: ALUOp, _ s: Size, _ dst: GPR, imm: Int32) {
        aluImm(op, s, .reg(dst.rawValue), imm, accumulator: dst == .rax)
    }
    public mutating func alu(_ op: ALUOp, _ s: Size, _ dst: Mem, imm: Int32) {
        aluImm(op, s, .mem(dst), imm, accumulator: false)
    }
    private mutating func aluImm(_ op: ALUOp, _ s: Size, _ rm: RM, _ imm: Int32, accumulator: Bool) {
        checkImm(imm, s)
        if s != .byte && fitsInt8(signExtended(imm, s)) {
            emitModRM(prefix: s.prefix, w: s.w, 0x83, reg: op.rawValue, rm, immBytes: 1)
            emitImm(Int64(imm), bytes: 1)
            return
        }
        if accumulator {
            if s.prefix != 0 { buffer.emit8(s.prefix) }
            if s.w { buffer.emit8(0x48) }
            buffer.emit8(op.rawValue << 3 | (s == .byte ? 4 : 5))
        } else {
            sized(s, 0x81, reg: op.rawValue, regIsGPR: false, rm, immBytes: s.immBytes)
        }
        emitImm(Int64(imm), bytes: s.immBytes)
    }

    /// Flags := dst AND src.
    public mutating func test(_ s: Size, _ dst: GPR, _ src: GPR) {
        sized(s, 0x85, reg: src.rawValue, regIsGPR: true, .reg(dst.rawValue))
    }
    public mutating func test(_ s: Size, _ dst: Mem, _ src: GPR) {
        sized(s, 0x85, reg: src.rawValue, regIsGPR: true, .mem(dst))
    }
    public mutating func test(_ s: Size, _ dst: GPR, imm: Int32) {
        checkImm(imm, s)
        if dst == .rax {
            if s.prefix != 0 { buffer.emit8(s.prefix) }
            if s.w { buffer.emit8(0x48) }
            buffer.emit8(s == .byte ? 0xA8 : 0xA9)
        } else {
            sized(s, 0xF7, reg: 0, regIsGPR: false, .reg(dst.rawValue), immBytes: s.immBytes)
        }
        emitImm(Int64(imm), bytes: s.immBytes)
    }
    public mutating func test(_ s: Size, _ dst: Mem, imm: Int32) {
        checkImm(imm, s)
        sized(s, 0xF7, reg: 0, regIsGPR: false, .mem(dst), immBytes: s.immBytes)
        emitImm(Int64(imm), bytes: s.immBytes)
    }
}
