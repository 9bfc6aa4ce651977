// Registers and operand sizes: GP and XMM registers are distinct types so they cannot be mixed up.
//
// Invariants: a register's raw value is its hardware number 0...15; bit 3 goes into a REX bit
// (R, X or B) and bits 0-2 into ModRM/SIB/opcode. Byte registers 4-7 are spl, bpl, sil, dil,
// which exist only with a REX prefix (ah, ch, dh, bh are never used by this assembler).

/// A 64-bit general-purpose register; the instruction's `Size` selects which part is used.
public enum GPR: UInt8, CaseIterable, Sendable {
    case rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8, r9, r10, r11, r12, r13, r14, r15

    /// The three bits that go into ModRM, SIB or the opcode.
    @inline(__always) var low3: UInt8 { rawValue & 7 }
    /// The bit that goes into REX.R, REX.X or REX.B.
    @inline(__always) var high: UInt8 { rawValue >> 3 }

    /// The Intel name of this register at the given size (`rax`, `eax`, `ax`, `al`; `r8d`...).
    public func name(_ size: Size) -> String {
        let n = Int(rawValue)
        if n >= 8 {
            switch size {
            case .byte: return "r\(n)b"
            case .word: return "r\(n)w"
            case .dword: return "r\(n)d"
            case .qword: return "r\(n)"
            }
        }
        let stem = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"][n]
        switch size {
        case .byte: return ["al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil"][n]
        case .word: return stem
        case .dword: return "e" + stem
        case .qword: return "r" + stem
        }
    }
}

/// An SSE register, used for scalar doubles (and 128-bit masks in xorpd/andpd/pxor).
public enum XMM: UInt8, CaseIterable, Sendable {
    case xmm0, xmm1, xmm2, xmm3, xmm4, xmm5, xmm6, xmm7
    case xmm8, xmm9, xmm10, xmm11, xmm12, xmm13, xmm14, xmm15

    @inline(__always) var low3: UInt8 { rawValue & 7 }
    @inline(__always) var high: UInt8 { rawValue >> 3 }
    public var name: String { "xmm\(rawValue)" }
}

/// The width of a general-purpose operation. A 32-bit write zero-extends into the full register.
public enum Size: Int, CaseIterable, Sendable {
    case byte = 1, word = 2, dword = 4, qword = 8

    /// The Intel memory-size keyword (`qword ptr`).
    public var ptr: String {
        switch self {
        case .byte: return "byte ptr"
        case .word: return "word ptr"
        case .dword: return "dword ptr"
        case .qword: return "qword ptr"
        }
    }
}
