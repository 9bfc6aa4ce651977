// Memory operands and condition codes: what an instruction refers to besides registers.
//
// Invariants: a memory operand has a base register, or is RIP-relative (to a displacement or a
// label); rsp is never an index (its SIB code means "no index"). How the base needs encoding
// (rsp/r12 always take a SIB byte, rbp/r13 always a displacement) is the encoder's business,
// not the caller's: any base with any displacement is valid.

/// The index multiplier in `[base + index*scale + disp]`.
public enum Scale: UInt8, CaseIterable, Sendable {
    case x1 = 0, x2 = 1, x4 = 2, x8 = 3
    public var factor: Int { 1 << Int(rawValue) }
}

/// `[base + index*scale + disp]`, `[rip + disp]` or `[rip + label + disp]`.
public struct Mem: Sendable {
    public enum Base: Sendable {
        case gpr(GPR)
        /// Relative to the end of the instruction.
        case rip
        /// Relative to the end of the instruction, to a label of the same buffer; the label's
        /// offset is added when it is bound (a 32-bit fix-up).
        case label(Label)
    }
    public var base: Base
    public var index: GPR?
    public var scale: Scale
    public var disp: Int32

    public init(_ base: GPR, _ disp: Int32 = 0) {
        self.base = .gpr(base); index = nil; scale = .x1; self.disp = disp
    }
    public init(_ base: GPR, _ index: GPR, _ scale: Scale = .x1, _ disp: Int32 = 0) {
        precondition(index != .rsp, "rsp cannot be an index register")
        self.base = .gpr(base); self.index = index; self.scale = scale; self.disp = disp
    }
    public static func rip(_ disp: Int32) -> Mem { Mem(base: .rip, disp: disp) }
    public static func rip(_ label: Label, _ disp: Int32 = 0) -> Mem { Mem(base: .label(label), disp: disp) }
    private init(base: Base, disp: Int32) {
        self.base = base; index = nil; scale = .x1; self.disp = disp
    }

    /// Intel syntax as llvm-mc and objdump -M intel read it: `[rsp + 4*r12 - 8]`, `[rip + 16]`.
    /// A label prints as `L<id>`.
    public var text: String {
        var s = "["
        switch base {
        case .gpr(let r): s += r.name(.qword)
        case .rip: s += "rip"
        case .label(let l): s += "rip + L\(l.id)"
        }
        if let index { s += " + \(scale.factor)*\(index.name(.qword))" }
        if disp > 0 { s += " + \(disp)" }
        if disp < 0 { s += " - \(-Int64(disp))" }
        return s + "]"
    }
}

/// A condition code as the low nibble of jcc/setcc/cmovcc. `inverted` flips bit 0.
public enum Condition: UInt8, CaseIterable, Sendable {
    case overflow = 0x0, noOverflow = 0x1
    case below = 0x2, aboveOrEqual = 0x3          // unsigned <, >= (carry set / clear)
    case equal = 0x4, notEqual = 0x5              // zero set / clear
    case belowOrEqual = 0x6, above = 0x7          // unsigned <=, >
    case sign = 0x8, noSign = 0x9
    case parity = 0xA, noParity = 0xB             // after ucomisd: parity set means unordered (NaN)
    case less = 0xC, greaterOrEqual = 0xD         // signed <, >=
    case lessOrEqual = 0xE, greater = 0xF         // signed <=, >

    public static let zero = Condition.equal
    public static let notZero = Condition.notEqual
    public static let carry = Condition.below
    public static let noCarry = Condition.aboveOrEqual

    public var inverted: Condition { Condition(rawValue: rawValue ^ 1)! }

    /// The mnemonic suffix (`e` in `je`, `sete`, `cmove`).
    public var suffix: String {
        switch self {
        case .overflow: return "o"
        case .noOverflow: return "no"
        case .below: return "b"
        case .aboveOrEqual: return "ae"
        case .equal: return "e"
        case .notEqual: return "ne"
        case .belowOrEqual: return "be"
        case .above: return "a"
        case .sign: return "s"
        case .noSign: return "ns"
        case .parity: return "p"
        case .noParity: return "np"
        case .less: return "l"
        case .greaterOrEqual: return "ge"
        case .lessOrEqual: return "le"
        case .greater: return "g"
        }
    }
}
