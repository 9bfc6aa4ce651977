// Bytecode checks: every instruction decodes back to the fields it was built from, and the code
// the frontend emits keeps the invariants the interpreter relies on (Opcode.swift header).
import XCTest
import LuaBytecode
import LuaFrontend
import TestSupport

/// Structural checks of a compiled function tree; returns a description of each violation.
enum BytecodeChecker {
    static func problems(_ f: FunctionPrototype) -> [String] {
        var out: [String] = []
        let n = f.code.count
        if n != f.lineInfo.count { out.append("code/lineInfo count mismatch") }
        if f.maxStackSize > 255 || f.maxStackSize < f.numParams { out.append("bad maxStackSize \(f.maxStackSize)") }
        guard n > 0 else { return out + ["empty code"] }
        let last = f.code[n - 1].opcode
        if last != .return && last != .return0 && last != .return1 { out.append("does not end in a return") }
        for pc in 0..<n {
            let i = f.code[pc]
            guard let op = Opcode(rawValue: i.opRaw) else { out.append("pc \(pc): bad opcode"); continue }
            if op.isTest {
                if pc + 1 >= n || f.code[pc + 1].opcode != .jmp { out.append("pc \(pc): \(op) not followed by jmp") }
                if op == .testSet && i.a == 255 { out.append("pc \(pc): unpatched testSet") }
            }
            if op == .jmp {
                let target = pc + 1 + i.sJ
                if target < 0 || target >= n { out.append("pc \(pc): jump out of range") }
            }
            if op == .forLoop || op == .tForLoop {
                if pc + 1 - i.bx < 0 { out.append("pc \(pc): loop target out of range") }
            }
            if op == .forPrep || op == .tForPrep {
                if pc + 1 + i.bx >= n { out.append("pc \(pc): prep target out of range") }
            }
            if op == .closure && i.bx >= f.children.count { out.append("pc \(pc): bad child index") }
            if op == .loadK && i.bx >= f.constants.count { out.append("pc \(pc): bad constant") }
            if op == .varArgPrep && pc != 0 { out.append("pc \(pc): varArgPrep not first") }
            if (op == .getTabUp && i.b >= f.upvalues.count) || (op == .setTabUp && i.a >= f.upvalues.count)
                || ((op == .getUpval || op == .setUpval) && i.b >= f.upvalues.count) {
                out.append("pc \(pc): bad upvalue index")
            }
            if (op == .getField || op == .getTabUp), i.c >= f.constants.count { out.append("pc \(pc): bad key constant") }
            if op.format == .iABC, op != .jmp, i.a >= f.maxStackSize,
               op != .setTabUp, op != .return0 {
                out.append("pc \(pc): register A=\(i.a) beyond maxStackSize \(f.maxStackSize)")
            }
        }
        if f.isVararg && f.code[0].opcode != .varArgPrep { out.append("vararg function without varArgPrep") }
        for c in f.children { out += problems(c) }
        return out
    }
}

final class EncodingTests: XCTestCase {
    func testConstructorsRoundTrip() {
        var rng = SplitMix64(seed: 7)
        for op in Opcode.allCases {
            for _ in 0..<50 {
                let a = rng.below(256), b = rng.below(256), c = rng.below(256), k = rng.below(2) == 1
                switch op.format {
                case .iABC:
                    let i = Instruction.abc(op, a, b, c, k: k)
                    XCTAssertEqual(i.opcode, op); XCTAssertEqual(i.a, a); XCTAssertEqual(i.b, b)
                    XCTAssertEqual(i.c, c); XCTAssertEqual(i.k, k)
                    XCTAssertEqual(i.sB, b - 127); XCTAssertEqual(i.sC, c - 127)
                case .iABx:
                    let bx = rng.below(Instruction.maxBx + 1)
                    let i = Instruction.abx(op, a, bx)
                    XCTAssertEqual(i.opcode, op); XCTAssertEqual(i.a, a); XCTAssertEqual(i.bx, bx)
                case .iAsBx:
                    let sbx = rng.below(Instruction.maxBx + 1) - Instruction.offsetSBx
                    let i = Instruction.asbx(op, a, sbx)
                    XCTAssertEqual(i.opcode, op); XCTAssertEqual(i.a, a); XCTAssertEqual(i.sBx, sbx)
                case .iAx:
                    let ax = rng.below(Instruction.maxAx + 1)
                    let i = Instruction.ax(op, ax)
                    XCTAssertEqual(i.opcode, op); XCTAssertEqual(i.ax, ax)
                case .isJ:
                    let sj = rng.below(Instruction.maxAx + 1) - Instruction.offsetSJ
                    let i = Instruction.sj(op, sj)
                    XCTAssertEqual(i.opcode, op); XCTAssertEqual(i.sJ, sj)
                }
            }
        }
    }

    func testEmittedCodeKeepsInvariants() throws {
        let seeds = FuzzTests.seedSources()
        var compiled = 0
        for s in seeds {
            if case .success(let p) = compileChunk(s, chunkName: "=seed") {
                compiled += 1
                XCTAssertEqual(BytecodeChecker.problems(p), [])
                // Every instruction re-encodes to the same word from its decoded fields.
                for i in p.code {
                    let op = i.opcode
                    let again: Instruction
                    switch op.format {
                    case .iABC: again = .abc(op, i.a, i.b, i.c, k: i.k)
                    case .iABx: again = .abx(op, i.a, i.bx)
                    case .iAsBx: again = .asbx(op, i.a, i.sBx)
                    case .iAx: again = .ax(op, i.ax)
                    case .isJ: again = .sj(op, i.sJ)
                    }
                    XCTAssertEqual(again, i)
                }
            }
        }
        XCTAssertGreaterThan(compiled, 0)
    }

    func testListingHeaders() throws {
        let src = "local a, b = ...; return a + b, function(...) return ... end"
        guard case .success(let p) = compileChunk(Array(src.utf8), chunkName: "=t") else {
            return XCTFail("does not compile")
        }
        let text = listing(p)
        XCTAssertTrue(text.hasPrefix("main <t:0,0> (6 instructions)\n"), text)
        XCTAssertTrue(text.contains("\n\nfunction <t:1,1>"), text)
        XCTAssertEqual(listing(p, recursive: false).contains("function <t:1,1>"), false)
    }
}
