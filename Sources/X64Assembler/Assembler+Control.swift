// Control flow and the stack: jumps and calls (to labels, registers, memory, absolute targets),
// push/pop, ret, nops, alignment, traps.
//
// Invariants: a jump to a bound label (backward) takes rel8 when it reaches, else rel32; a jump to
// an unbound label (forward) takes rel32 unless the caller asks for `short`, in which case binding
// the label asserts it is within reach. `nop(n)` emits the multi-byte nops Intel's optimization
// manual recommends, at most 9 bytes each.

extension Assembler {
    // MARK: Jumps to labels

    /// Jumps to `label`. `short` asks for the 2-byte form and asserts it reaches.
    public mutating func jmp(_ label: Label, short: Bool = false) {
        branch(label, short: short, shortOp: 0xEB, nearEscape: false, nearOp: 0xE9)
    }
    /// Jumps to `label` if `cond` holds.
    public mutating func jcc(_ cond: Condition, _ label: Label, short: Bool = false) {
        branch(label, short: short, shortOp: 0x70 | cond.rawValue, nearEscape: true, nearOp: 0x80 | cond.rawValue)
    }
    /// `shortOp rel8` or `[0F] nearOp rel32`.
    private mutating func branch(_ label: Label, short: Bool, shortOp: UInt8, nearEscape: Bool, nearOp: UInt8) {
        if let target = buffer.offset(of: label) {
            let rel8 = target - (offset + 2)
            if rel8 >= -128 && rel8 <= 127 {
                buffer.emit8(shortOp)
                buffer.emit8(UInt8(bitPattern: Int8(rel8)))
                return
            }
            precondition(!short, "short jump cannot reach its label (\(rel8) bytes)")
        }
        if short {
            buffer.emit8(shortOp)
            buffer.emit8(0)
            buffer.addFixup(label, field: offset - 1, end: offset, width: 1)
        } else {
            if nearEscape { buffer.emit8(0x0F) }
            buffer.emit8(nearOp)
            buffer.emit32(0)
            buffer.addFixup(label, field: offset - 4, end: offset, width: 4)
        }
    }
    /// Calls `label` (rel32).
    public mutating func call(_ label: Label) {
        buffer.emit8(0xE8)
        buffer.emit32(0)
        buffer.addFixup(label, field: offset - 4, end: offset, width: 4)
    }

    // MARK: Indirect and absolute

    public mutating func jmp(_ target: GPR) { emitModRM(w: false, 0xFF, reg: 4, .reg(target.rawValue)) }
    public mutating func jmp(_ target: Mem) { emitModRM(w: false, 0xFF, reg: 4, .mem(target)) }
    public mutating func call(_ target: GPR) { emitModRM(w: false, 0xFF, reg: 2, .reg(target.rawValue)) }
    public mutating func call(_ target: Mem) { emitModRM(w: false, 0xFF, reg: 2, .mem(target)) }

    /// Calls the absolute address `target`: `call rel32` when `origin` is known and the target is
    /// within reach, else `movabs scratch, target; call scratch` (scratch is clobbered).
    public mutating func call(absolute target: UInt64, scratch: GPR = .r11) {
        if let rel = rel32(to: target, instructionLength: 5) {
            buffer.emit8(0xE8)
            buffer.emit32(UInt32(bitPattern: rel))
        } else {
            movabs(scratch, Int64(bitPattern: target))
            call(scratch)
        }
    }
    /// Jumps to the absolute address `target`, like `call(absolute:)`.
    public mutating func jmp(absolute target: UInt64, scratch: GPR = .r11) {
        if let rel = rel32(to: target, instructionLength: 5) {
            buffer.emit8(0xE9)
            buffer.emit32(UInt32(bitPattern: rel))
        } else {
            movabs(scratch, Int64(bitPattern: target))
            jmp(scratch)
        }
    }
    /// The rel32 from the end of an instruction starting here to `target`, if it reaches.
    private func rel32(to target: UInt64, instructionLength: Int) -> Int32? {
        guard let origin else { return nil }
        let end = origin &+ UInt64(offset + instructionLength)
        return Int32(exactly: Int64(bitPattern: target &- end))
    }

    // MARK: Stack

    public mutating func push(_ r: GPR) { emitOpPlusReg(w: false, 0x50, r) }
    public mutating func pop(_ r: GPR) { emitOpPlusReg(w: false, 0x58, r) }
    public mutating func push(_ m: Mem) { emitModRM(w: false, 0xFF, reg: 6, .mem(m)) }
    public mutating func pop(_ m: Mem) { emitModRM(w: false, 0x8F, reg: 0, .mem(m)) }
    /// Pushes imm sign-extended to 64 bits.
    public mutating func push(imm: Int32) {
        if fitsInt8(Int64(imm)) {
            buffer.emit8(0x6A); buffer.emit8(UInt8(bitPattern: Int8(imm)))
        } else {
            buffer.emit8(0x68); buffer.emit32(UInt32(bitPattern: imm))
        }
    }
    public mutating func ret() { buffer.emit8(0xC3) }

    // MARK: Padding and traps

    /// The recommended nop of each length 1...9.
    static let nops: [[UInt8]] = [
        [],
        [0x90],
        [0x66, 0x90],
        [0x0F, 0x1F, 0x00],
        [0x0F, 0x1F, 0x40, 0x00],
        [0x0F, 0x1F, 0x44, 0x00, 0x00],
        [0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00],
        [0x0F, 0x1F, 0x80, 0x00, 0x00, 0x00, 0x00],
        [0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
        [0x66, 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
    ]
    /// Emits `length` bytes of nops, in as few instructions as possible.
    public mutating func nop(_ length: Int = 1) {
        precondition(length >= 0)
        var left = length
        while left > 0 {
            let n = min(left, 9)
            buffer.emit(Self.nops[n])
            left -= n
        }
    }
    /// Pads with nops until the offset is a multiple of `alignment` (a power of two).
    public mutating func align(_ alignment: Int) {
        precondition(alignment > 0 && alignment & (alignment - 1) == 0, "alignment must be a power of two")
        nop((alignment - offset % alignment) % alignment)
    }
    /// Breakpoint trap.
    public mutating func int3() { buffer.emit8(0xCC) }
    /// The guaranteed invalid instruction (marks code that must never run).
    public mutating func ud2() { buffer.emit8(0x0F); buffer.emit8(0x0B) }
}
