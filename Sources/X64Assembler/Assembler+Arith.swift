// Multiply, divide, one-operand ops, shifts, and flag consumers (setcc, cmovcc) on GP registers.
//
// Invariants: as in Assembler+GP.swift (Size picks the width, shortest immediate). Shifts by 1
// use the 0xD1 form, as llvm-mc does; a shift count is checked against the operand width.

extension Assembler {
    // MARK: Multiply and divide

    /// dst := dst * src (low half; word/dword/qword).
    public mutating func imul(_ s: Size, _ dst: GPR, _ src: GPR) {
        precondition(s != .byte, "two-operand imul has no byte form")
        emitModRM(prefix: s.prefix, w: s.w, map: .x0F, 0xAF, reg: dst.rawValue, .reg(src.rawValue))
    }
    public mutating func imul(_ s: Size, _ dst: GPR, _ src: Mem) {
        precondition(s != .byte, "two-operand imul has no byte form")
        emitModRM(prefix: s.prefix, w: s.w, map: .x0F, 0xAF, reg: dst.rawValue, .mem(src))
    }
    /// dst := src * imm.
    public mutating func imul(_ s: Size, _ dst: GPR, _ src: GPR, imm: Int32) {
        imulImm(s, dst, .reg(src.rawValue), imm)
    }
    public mutating func imul(_ s: Size, _ dst: GPR, _ src: Mem, imm: Int32) {
        imulImm(s, dst, .mem(src), imm)
    }
    private mutating func imulImm(_ s: Size, _ dst: GPR, _ rm: RM, _ imm: Int32) {
        precondition(s != .byte, "imul with an immediate has no byte form")
        checkImm(imm, s)
        let short = fitsInt8(signExtended(imm, s))
        let immBytes = short ? 1 : s.immBytes
        emitModRM(prefix: s.prefix, w: s.w, short ? 0x6B : 0x69, reg: dst.rawValue, rm, immBytes: immBytes)
        emitImm(Int64(imm), bytes: immBytes)
    }

    /// One-operand group: inc, dec, not, neg, mul, div, idiv.
    public mutating func unary(_ op: UnaryOp, _ s: Size, _ dst: GPR) {
        let (opcode, digit) = op.encoding
        sized(s, opcode, reg: digit, regIsGPR: false, .reg(dst.rawValue))
    }
    public mutating func unary(_ op: UnaryOp, _ s: Size, _ dst: Mem) {
        let (opcode, digit) = op.encoding
        sized(s, opcode, reg: digit, regIsGPR: false, .mem(dst))
    }

    /// rdx := sign of rax (before a 64-bit idiv).
    public mutating func cqo() { buffer.emit8(0x48); buffer.emit8(0x99) }
    /// edx := sign of eax (before a 32-bit idiv).
    public mutating func cdq() { buffer.emit8(0x99) }

    // MARK: Shifts and rotates

    /// dst := dst SHIFT count (count below the operand's bit width).
    public mutating func shift(_ op: ShiftOp, _ s: Size, _ dst: GPR, imm: UInt8) {
        shiftImm(op, s, .reg(dst.rawValue), imm)
    }
    public mutating func shift(_ op: ShiftOp, _ s: Size, _ dst: Mem, imm: UInt8) {
        shiftImm(op, s, .mem(dst), imm)
    }
    private mutating func shiftImm(_ op: ShiftOp, _ s: Size, _ rm: RM, _ imm: UInt8) {
        precondition(Int(imm) < s.rawValue * 8, "shift count \(imm) not below the width")
        if imm == 1 {
            sized(s, 0xD1, reg: op.rawValue, regIsGPR: false, rm)
        } else {
            sized(s, 0xC1, reg: op.rawValue, regIsGPR: false, rm, immBytes: 1)
            buffer.emit8(imm)
        }
    }
    /// dst := dst SHIFT cl (the CPU masks cl to 5 or 6 bits).
    public mutating func shiftCL(_ op: ShiftOp, _ s: Size, _ dst: GPR) {
        sized(s, 0xD3, reg: op.rawValue, regIsGPR: false, .reg(dst.rawValue))
    }
    public mutating func shiftCL(_ op: ShiftOp, _ s: Size, _ dst: Mem) {
        sized(s, 0xD3, reg: op.rawValue, regIsGPR: false, .mem(dst))
    }

    // MARK: Flag consumers

    /// dst (byte) := cond ? 1 : 0; the upper bytes of the register are untouched.
    public mutating func setcc(_ cond: Condition, _ dst: GPR) {
        emitModRM(w: false, forceREX: dst.needsREX(asByte: true), map: .x0F, 0x90 | cond.rawValue,
                  reg: 0, .reg(dst.rawValue))
    }
    public mutating func setcc(_ cond: Condition, _ dst: Mem) {
        emitModRM(w: false, map: .x0F, 0x90 | cond.rawValue, reg: 0, .mem(dst))
    }
    /// if cond { dst := src } (word/dword/qword; a dword cmov clears the upper half either way).
    public mutating func cmov(_ cond: Condition, _ s: Size, _ dst: GPR, _ src: GPR) {
        precondition(s != .byte, "cmov has no byte form")
        emitModRM(prefix: s.prefix, w: s.w, map: .x0F, 0x40 | cond.rawValue, reg: dst.rawValue, .reg(src.rawValue))
    }
    public mutating func cmov(_ cond: Condition, _ s: Size, _ dst: GPR, _ src: Mem) {
        precondition(s != .byte, "cmov has no byte form")
        emitModRM(prefix: s.prefix, w: s.w, map: .x0F, 0x40 | cond.rawValue, reg: dst.rawValue, .mem(src))
    }
}
