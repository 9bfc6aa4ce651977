// The instruction forms the golden file covers, generated: each case is an instruction's Intel
// text (what llvm-mc reads) paired with the Swift call that must encode it.
//
// Invariants: the list is deterministic (same order, same text on every run), so the golden file
// stays stable; each register, each awkward base/index (rsp, rbp, r12, r13) and each immediate
// or displacement boundary (imm8/imm32, disp0/disp8/disp32) appears in every operand kind.
import X64Assembler

struct EncodingCase {
    let text: String
    let emit: (inout Assembler) -> Void
}

struct CaseList {
    private(set) var cases: [EncodingCase] = []
    mutating func add(_ text: String, _ emit: @escaping (inout Assembler) -> Void) {
        cases.append(EncodingCase(text: text, emit: emit))
    }
}

enum Operands {
    static let gprs = GPR.allCases
    static let xmms = XMM.allCases
    /// (dst, src) pairs in which every register is once a destination and once a source.
    static func pairs<R>(_ regs: [R]) -> [(R, R)] {
        (0..<regs.count).map { (regs[$0], regs[(7 * $0 + 5) % regs.count]) }
    }
    /// Every base (rsp/r12 need a SIB byte, rbp/r13 a displacement), index and displacement size.
    static let mems: [Mem] = [
        Mem(.rax), Mem(.rcx, 1), Mem(.rdx, -1), Mem(.rbx, 127), Mem(.rsi, 128), Mem(.rdi, -128),
        Mem(.r8, -129), Mem(.r9, 0x7fff_ffff), Mem(.r10, -0x8000_0000), Mem(.r11, 8), Mem(.r14, 24),
        Mem(.r15, -16),
        Mem(.rsp), Mem(.rsp, 8), Mem(.rsp, 1024), Mem(.rbp), Mem(.rbp, -8), Mem(.rbp, 4096),
        Mem(.r12), Mem(.r12, 16), Mem(.r12, -300), Mem(.r13), Mem(.r13, -200), Mem(.r13, 100),
        Mem(.rax, .rbx), Mem(.rcx, .rdx, .x2, 8), Mem(.rsp, .rbp, .x4, -128), Mem(.rbp, .r12, .x8),
        Mem(.r12, .r13, .x8, 0x1000), Mem(.r13, .rax), Mem(.r8, .r9, .x4, 127),
        Mem(.rbx, .r15, .x8, -129), Mem(.r15, .r14, .x1, 0x7fff_ffff), Mem(.rsi, .r12, .x2),
        Mem(.rsp, .r8), Mem(.r12, .rsi, .x4, 4),
        .rip(0), .rip(0x100), .rip(-8),
    ]
    /// A few of the above, for forms where the address encoding is the shared path once more.
    static let someMems: [Mem] = [
        Mem(.rax), Mem(.rsp, 8), Mem(.rbp), Mem(.r12, -300), Mem(.r13, 100),
        Mem(.rsp, .rbp, .x4, -128), Mem(.r13, .r12, .x8, 0x1000), .rip(16),
    ]
    /// The registers a sized form is tried with: all 16 where REX rules differ most (qword, and
    /// byte for spl..dil), else the awkward ones (rsp, rbp, r12, r13) among a few others.
    static func regs(_ s: Size) -> [GPR] {
        s == .qword || s == .byte ? gprs : [.rax, .rcx, .rsp, .rbp, .rsi, .r8, .r12, .r13, .r15]
    }
    /// Fewer still, for forms whose address path is covered many times over already.
    static let fewMems: [Mem] = [Mem(.rsp, 8), Mem(.rbp), Mem(.r13, .r12, .x8, 0x1000), .rip(16)]
    static func imms(_ s: Size) -> [Int32] {
        switch s {
        case .byte: return [0, 1, -1, 127, -128, 255]
        case .word: return [0, 1, -1, 127, 128, -128, -129, 32767, -32768, 65535]
        case .dword, .qword: return [0, 1, -1, 127, 128, -128, -129, 0x7fff_ffff, -0x8000_0000]
        }
    }
}

extension Mem {
    func ptr(_ s: Size) -> String { "\(s.ptr) \(text)" }
}

enum EncodingCases {
    static func all() -> [EncodingCase] {
        var l = CaseList()
        moves(&l)
        alu(&l)
        arith(&l)
        control(&l)
        sse(&l)
        return l.cases
    }
}
