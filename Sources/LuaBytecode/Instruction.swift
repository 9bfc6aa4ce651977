// One 32-bit instruction word: its layout, field accessors, and constructors.
//
// Layout (bit 0 is the least significant):
//
//   iABC   |  C: 8  |  B: 8  | k:1 |  A: 8  | op: 7 |
//   iABx   |      Bx: 17     |     A: 8     | op: 7 |
//   iAsBx  |     sBx: 17     |     A: 8     | op: 7 |
//   iAx    |            Ax: 25              | op: 7 |
//   isJ    |            sJ: 25              | op: 7 |
//
// Signed fields are stored in excess-K form: sBx = Bx - offsetSBx, sJ = Ax - offsetSJ,
// sB = B - offsetSC, sC = C - offsetSC. Invariant: an Opcode's raw value fits in 7 bits.

public struct Instruction: Hashable, Sendable {
    public var raw: UInt32

    public static let maxA = 255
    public static let maxB = 255
    public static let maxC = 255
    public static let maxBx = (1 << 17) - 1
    public static let offsetSBx = maxBx >> 1            // 65535
    public static let maxAx = (1 << 25) - 1
    public static let offsetSJ = maxAx >> 1             // 16777215
    public static let offsetSC = maxC >> 1              // 127: sC in -127...128

    @inline(__always) public init(raw: UInt32) { self.raw = raw }

    @inline(__always) public var opcode: Opcode { Opcode(rawValue: UInt8(raw & 0x7F))! }
    @inline(__always) public var opRaw: UInt8 { UInt8(truncatingIfNeeded: raw & 0x7F) }
    @inline(__always) public var a: Int { Int((raw >> 7) & 0xFF) }
    @inline(__always) public var k: Bool { (raw >> 15) & 1 != 0 }
    @inline(__always) public var b: Int { Int((raw >> 16) & 0xFF) }
    @inline(__always) public var c: Int { Int(raw >> 24) }
    @inline(__always) public var sB: Int { b - Instruction.offsetSC }
    @inline(__always) public var sC: Int { c - Instruction.offsetSC }
    @inline(__always) public var bx: Int { Int(raw >> 15) }
    @inline(__always) public var sBx: Int { bx - Instruction.offsetSBx }
    @inline(__always) public var ax: Int { Int(raw >> 7) }
    @inline(__always) public var sJ: Int { ax - Instruction.offsetSJ }

    public static func abc(_ op: Opcode, _ a: Int, _ b: Int, _ c: Int, k: Bool = false) -> Instruction {
        precondition(a >= 0 && a <= maxA && b >= 0 && b <= maxB && c >= 0 && c <= maxC,
                     "operand out of range for \(op)")
        return Instruction(raw: UInt32(op.rawValue) | UInt32(a) << 7 | (k ? 1 << 15 : 0)
                           | UInt32(b) << 16 | UInt32(c) << 24)
    }

    public static func abx(_ op: Opcode, _ a: Int, _ bx: Int) -> Instruction {
        precondition(a >= 0 && a <= maxA && bx >= 0 && bx <= maxBx, "operand out of range for \(op)")
        return Instruction(raw: UInt32(op.rawValue) | UInt32(a) << 7 | UInt32(bx) << 15)
    }

    public static func asbx(_ op: Opcode, _ a: Int, _ sbx: Int) -> Instruction {
        abx(op, a, sbx + offsetSBx)
    }

    public static func ax(_ op: Opcode, _ ax: Int) -> Instruction {
        precondition(ax >= 0 && ax <= maxAx, "operand out of range for \(op)")
        return Instruction(raw: UInt32(op.rawValue) | UInt32(ax) << 7)
    }

    public static func sj(_ op: Opcode, _ sj: Int) -> Instruction {
        ax(op, sj + offsetSJ)
    }

    /// Whether `v` fits a signed 8-bit immediate (sB / sC).
    public static func fitsSC(_ v: Int) -> Bool { v >= -offsetSC && v <= maxC - offsetSC }
    /// Whether `v` fits a signed 17-bit immediate (sBx).
    public static func fitsSBx(_ v: Int) -> Bool { v >= -offsetSBx && v <= maxBx - offsetSBx }
}
