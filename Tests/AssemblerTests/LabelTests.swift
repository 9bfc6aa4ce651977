// Labels and fix-ups: short and near jumps forward and backward, the rel8 boundary, call and
// RIP-relative references to labels. Each sequence is also written as text and assembled by
// llvm-mc (labels resolved in an object file), and the two byte strings must be equal.
//
// In the text, a near forward jump is `{disp32} jmp L`: llvm-mc would otherwise shorten it, and
// our assembler keeps forward jumps near unless the caller asks for `short`.
import XCTest
import X64Assembler

/// A program built twice at once: through the Swift API and as llvm-mc text.
struct DualProgram {
    var asm = Assembler(features: .all)
    var lines: [String] = []

    mutating func add(_ text: String, _ emit: (inout Assembler) -> Void) {
        lines.append(text)
        emit(&asm)
    }
    mutating func label() -> Label { asm.newLabel() }
    mutating func bind(_ l: Label) {
        lines.append("L\(l.id):")
        asm.bind(l)
    }
    /// `n` bytes of nops (the recommended forms, at most 9 bytes each).
    mutating func fill(_ n: Int) {
        var left = n
        while left > 0 {
            let k = min(left, 9)
            lines.append(Self.nopTexts[k - 1])
            asm.nop(k)
            left -= k
        }
    }
    static let nopTexts = ["nop", "xchg ax, ax", "nop dword ptr [rax]", "{disp8} nop dword ptr [rax]",
                           "{disp8} nop dword ptr [rax + 1*rax]", "{disp8} nop word ptr [rax + 1*rax]",
                           "{disp32} nop dword ptr [rax]", "{disp32} nop dword ptr [rax + 1*rax]",
                           "{disp32} nop word ptr [rax + 1*rax]"]

    mutating func jmp(_ l: Label, short: Bool = false) {
        let forward = asm.buffer.offset(of: l) == nil
        add(forward && !short ? "{disp32} jmp L\(l.id)" : "jmp L\(l.id)") { $0.jmp(l, short: short) }
    }
    mutating func jcc(_ c: Condition, _ l: Label, short: Bool = false) {
        let forward = asm.buffer.offset(of: l) == nil
        add(forward && !short ? "{disp32} j\(c.suffix) L\(l.id)" : "j\(c.suffix) L\(l.id)") {
            $0.jcc(c, l, short: short)
        }
    }

    /// Finishes and compares with llvm-mc's bytes for the text (skips without llvm-mc).
    func checkAgainstLLVMMC(file: StaticString = #filePath, line: UInt = #line) throws -> [UInt8] {
        let ours = asm.finish()
        let theirs = try ExternalTools.llvmAssemble(lines.joined(separator: "\n"))
        XCTAssertEqual(hex(ours), hex(theirs), "program:\n" + lines.joined(separator: "\n"), file: file, line: line)
        return ours
    }
}

final class LabelTests: XCTestCase {
    /// A backward jump is short while rel8 reaches (-128) and near from -129 on.
    func testBackwardJumpsSwitchToRel32PastTheRel8Boundary() throws {
        for fill in [0, 10, 124, 125, 126, 127, 128, 300] {
            var p = DualProgram()
            let top = p.label()
            p.bind(top)
            p.fill(fill)
            let before = p.asm.offset
            p.jmp(top)
            XCTAssertEqual(p.asm.offset - before, fill <= 126 ? 2 : 5, "jmp back over \(fill) bytes")
            let before2 = p.asm.offset
            p.jcc(.notEqual, top)
            XCTAssertEqual(p.asm.offset - before2, before2 + 2 <= 128 ? 2 : 6, "jne back from \(before2)")
            _ = try p.checkAgainstLLVMMC()
        }
    }

    /// A forward jump is near unless asked short; a short one reaches exactly 127 bytes.
    func testForwardJumpsNearByDefaultAndShortOnRequest() throws {
        for fill in [0, 1, 127, 128, 1000] {
            var p = DualProgram()
            let near = p.label(), nearCond = p.label()
            p.jmp(near)
            p.jcc(.less, nearCond)
            XCTAssertEqual(p.asm.offset, 5 + 6)
            p.fill(fill)
            p.bind(near)
            p.bind(nearCond)
            if fill <= 127 {
                // rel8 == fill: 127 is the farthest a short forward jump reaches.
                let short = p.label(), shortCond = p.label()
                let at = p.asm.offset
                p.jcc(.greater, shortCond, short: true)
                p.fill(fill)
                p.bind(shortCond)
                XCTAssertEqual(p.asm.buffer.bytes[at + 1], UInt8(fill))
                p.jmp(short, short: true)
                p.fill(fill)
                p.bind(short)
            }
            p.add("ret") { $0.ret() }
            let bytes = try p.checkAgainstLLVMMC()
            XCTAssertEqual(bytes.last, 0xC3)
        }
    }

    /// Every condition, forward near, forward short and backward, one program.
    func testEveryConditionInEveryForm() throws {
        var p = DualProgram()
        let back = p.label()
        p.bind(back)
        for c in Condition.allCases {
            let f1 = p.label(), f2 = p.label()
            p.jcc(c, f1)
            p.jcc(c, f2, short: true)
            p.add("add rax, 1") { $0.alu(.add, .qword, .rax, imm: 1) }
            p.bind(f1)
            p.bind(f2)
            p.jcc(c, back)
        }
        p.add("ret") { $0.ret() }
        _ = try p.checkAgainstLLVMMC()
    }

    /// Several fix-ups wait on one label; labels bound before use; rel8 and rel32 mixed.
    func testManyFixupsOnOneLabel() throws {
        var p = DualProgram()
        let exit = p.label(), top = p.label()
        p.bind(top)
        for i in 0..<40 {
            p.add("cmp rdi, \(i)") { $0.alu(.cmp, .qword, .rdi, imm: Int32(i)) }
            p.jcc(.equal, exit)
            if i % 10 == 9 { p.jcc(.less, top) }
        }
        p.jmp(top)
        p.bind(exit)
        p.add("ret") { $0.ret() }
        XCTAssertFalse(p.asm.buffer.hasPendingFixups)
        _ = try p.checkAgainstLLVMMC()
    }

    /// `call label`, and RIP-relative operands on labels, with an addend and with an immediate
    /// after the displacement (the fix-up measures from the instruction's true end).
    func testCallAndRIPRelativeLabels() throws {
        var p = DualProgram()
        let fn = p.label(), data = p.label(), early = p.label()
        p.bind(early)
        p.add("call L\(fn.id)") { $0.call(fn) }
        let forward = Mem.rip(data), plus8 = Mem.rip(data, 8), back = Mem.rip(early, -4)
        p.add("lea rax, \(forward.text)") { $0.lea(.qword, .rax, forward) }
        p.add("cmp qword ptr \(plus8.text), 5") { $0.alu(.cmp, .qword, plus8, imm: 5) }
        p.add("mov dword ptr \(plus8.text), 100000") { $0.mov(.dword, plus8, imm: 100000) }
        p.add("movsd xmm3, qword ptr \(forward.text)") { $0.movsd(.xmm3, forward) }
        p.add("roundsd xmm9, qword ptr \(plus8.text), 9") { $0.roundsd(.xmm9, plus8, .floor) }
        p.add("xorpd xmm1, xmmword ptr \(forward.text)") { $0.sse(.xorpd, .xmm1, forward) }
        p.add("shl qword ptr \(back.text), 3") { $0.shift(.shl, .qword, back, imm: 3) }
        p.add("ret") { $0.ret() }
        p.bind(fn)
        p.add("ret") { $0.ret() }
        p.fill((16 - p.asm.offset % 16) % 16)   // what align(16) does (see testAlign)
        XCTAssertEqual(p.asm.offset % 16, 0)
        p.bind(data)
        p.add(".quad 1") { $0.buffer.emit64(1) }
        p.add(".quad 2") { $0.buffer.emit64(2) }
        _ = try p.checkAgainstLLVMMC()
    }

    func testAlignPadsWithTheFewestNops() {
        for start in 0..<40 {
            var a = Assembler(features: .all), b = Assembler(features: .all)
            a.nop(start); b.nop(start)
            a.align(16)
            XCTAssertEqual(a.offset % 16, 0)
            XCTAssertLessThan(a.offset - start, 16)
            b.nop((16 - start % 16) % 16)
            XCTAssertEqual(a.finish(), b.finish())
        }
    }

    func testUnboundLabelIsPendingUntilBound() {
        var a = Assembler(features: .all)
        let l = a.newLabel(), unused = a.newLabel()
        _ = unused
        a.jmp(l)
        XCTAssertTrue(a.buffer.hasPendingFixups)
        XCTAssertNil(a.buffer.offset(of: l))
        a.bind(l)
        XCTAssertFalse(a.buffer.hasPendingFixups)
        XCTAssertEqual(a.finish(), [0xE9, 0, 0, 0, 0])   // an unused label needs no binding
    }
}
