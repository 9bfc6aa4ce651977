// The IR validator on hand-built IR: a valid function passes, and each kind of broken IR is
// rejected with a message naming the problem.
import XCTest
import LuaBytecode
@testable import LuaMethodJIT

final class IRValidatorTests: XCTestCase {
    /// Three instructions; pc 1 is an extraArg word (not an instruction start).
    func function() -> IRFunction {
        let code = [Instruction.abc(.newTable, 0, 0, 0, k: true), Instruction.ax(.extraArg, 1),
                    Instruction.abc(.return0, 0, 0, 0)]
        return IRFunction(name: "t", code: code, numParams: 1, maxStackSize: 4)
    }

    func exit(_ op: IROp, pc: Int = 0, _ slots: [FrameSlot] = []) -> Exit {
        Exit(reason: op.exitReason!, state: FrameState(pc: pc, slots: slots))
    }

    func assertRejected(_ f: IRFunction, _ fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            try f.validate()
            XCTFail("accepted broken IR (expected: \(fragment))\n\(f.listing)", file: file, line: line)
        } catch {
            XCTAssert(error.description.contains(fragment), "\(error.description) lacks \(fragment)", file: file, line: line)
        }
    }

    /// b0 -> branch -> b1 | b2 -> b3(param): a valid diamond.
    func diamond() -> (IRFunction, x: ValueID, c: ValueID) {
        var f = function()
        let b0 = f.newBlock(pc: 0)
        let b1 = f.newBlock(pc: 2), b2 = f.newBlock(pc: 2), b3 = f.newBlock(pc: 2, params: [.int])
        f.append(b0, .checkLimit, exit: exit(.checkLimit))
        let v = f.append(b0, .loadReg(0))!
        let x = f.append(b0, .guardInt, [v], exit: exit(.guardInt, [FrameSlot(register: 0, value: v, box: .asIs)]))!
        let zero = f.append(b0, .constInt(0))!
        let c = f.append(b0, .icmp(.lt), [x, zero])!
        f.blocks[b0.index].terminator = .branch(c, ifTrue: BlockCall(b1, []), ifFalse: BlockCall(b2, []))
        let n = f.append(b1, .ineg, [x])!
        f.blocks[b1.index].terminator = .jump(BlockCall(b3, [n]))
        f.blocks[b2.index].terminator = .jump(BlockCall(b3, [x]))
        let r = f.append(b3, .box(.int), [f.blocks[b3.index].params[0]])!
        f.blocks[b3.index].terminator = .ret([r])
        return (f, x, c)
    }

    func testValidFunctionPasses() throws {
        let (f, _, _) = diamond()
        try f.validate()
        var g = f
        try PassPipeline.run(&g, validate: true)
    }

    func testUseBeforeDefinitionInBlock() {
        var (f, _, _) = diamond()
        f.blocks[0].instrs.swapAt(3, 4)  // icmp before the constant it reads
        assertRejected(f, "does not dominate its use")
    }

    func testUseNotDominatedAcrossBlocks() {
        var (f, _, _) = diamond()
        let neg = f.blocks[1].instrs[0].result!
        f.blocks[2].terminator = .jump(BlockCall(BlockID(3), [neg]))  // b1's value used on the b2 path
        assertRejected(f, "does not dominate its use")
    }

    func testOperandTypeMismatch() {
        var (f, _, _) = diamond()
        f.blocks[1].instrs[0].operands = [f.blocks[0].instrs[1].result!]  // ineg of a boxed value
        assertRejected(f, "operand 0 is val, expected int")
    }

    func testOperandCount() {
        var (f, x, _) = diamond()
        f.blocks[1].instrs[0].operands = [x, x]
        assertRejected(f, "2 operands, expected 1")
    }

    func testMissingTerminator() {
        var (f, _, _) = diamond()
        f.blocks[3].terminator = nil
        assertRejected(f, "b3: no terminator")
    }

    func testBlockArgumentArity() {
        var (f, x, _) = diamond()
        f.blocks[2].terminator = .jump(BlockCall(BlockID(3), [x, x]))
        assertRejected(f, "2 arguments to b3, which has 1 parameters")
    }

    func testBlockArgumentType() {
        var (f, _, c) = diamond()
        f.blocks[2].terminator = .jump(BlockCall(BlockID(3), [c]))
        assertRejected(f, "argument \(c):bool to b3 parameter")
    }

    func testBranchOnNonBool() {
        var (f, x, _) = diamond()
        f.blocks[0].terminator = .branch(x, ifTrue: BlockCall(BlockID(1), []), ifFalse: BlockCall(BlockID(2), []))
        assertRejected(f, "branch condition \(x) is not bool")
    }

    func testJumpToEntry() {
        var (f, _, _) = diamond()
        f.blocks[2].terminator = .jump(BlockCall(BlockID(0), []))
        assertRejected(f, "jumps to the entry block")
    }

    func testGuardWithoutExit() {
        var (f, _, _) = diamond()
        f.blocks[0].instrs[2].exit = nil
        assertRejected(f, "needs an exit")
    }

    func testPureOpWithExit() {
        var (f, _, _) = diamond()
        f.blocks[0].instrs[3].exit = exit(.guardInt)
        assertRejected(f, "has an exit it cannot take")
    }

    func testExitPcInsideInstruction() {
        var (f, _, _) = diamond()
        f.blocks[0].instrs[2].exit!.state.pc = 1  // the extraArg word
        assertRejected(f, "exit pc 1 is not an instruction start")
        f.blocks[0].instrs[2].exit!.state.pc = 3  // past the end
        assertRejected(f, "exit pc 3 is not an instruction start")
    }

    func testExitReasonMustBeTheOps() {
        var (f, _, _) = diamond()
        f.blocks[0].instrs[2].exit!.reason = .notTable
        assertRejected(f, "exit reason notTable is not the op's")
    }

    func testFrameSlotBoxMustMatchType() {
        var (f, x, _) = diamond()
        f.blocks[0].instrs[2].exit!.state.slots = [FrameSlot(register: 0, value: f.blocks[0].instrs[1].result!, box: .int)]
        assertRejected(f, "r0 boxes \(f.blocks[0].instrs[1].result!) as int, its type is val")
        f.blocks[0].instrs[2].exit!.state.slots = [FrameSlot(register: 0, value: x, box: .int)]
        assertRejected(f, "does not dominate its use")  // the guard's own result in its frame state
    }

    func testFrameSlotsBeyondFrameOrRepeated() {
        var (f, _, _) = diamond()
        let v = f.blocks[0].instrs[1].result!
        f.blocks[0].instrs[2].exit!.state.slots = [FrameSlot(register: 9, value: v, box: .asIs)]
        assertRejected(f, "out of order or beyond the frame")
        f.blocks[0].instrs[2].exit!.state.slots = [FrameSlot(register: 1, value: v, box: .asIs),
                                                   FrameSlot(register: 1, value: v, box: .asIs)]
        assertRejected(f, "out of order or beyond the frame")
    }

    func testValueDefinedTwice() {
        var (f, x, _) = diamond()
        f.blocks[1].instrs[0].result = x
        assertRejected(f, "defined twice")
    }

    func testReturnOfUnboxedValue() {
        var (f, x, _) = diamond()
        f.blocks[3].terminator = .ret([x])
        assertRejected(f, "ret \(x) is not boxed")
    }

    func testEntryWithParameters() {
        var (f, _, _) = diamond()
        f.blocks[0].params = [f.newValue(.int)]
        assertRejected(f, "the entry block has parameters")
    }

    func testOSREntryMustBeLoopHeader() {
        var (f, _, _) = diamond()
        f.osrEntries = [OSREntry(pc: 2, block: BlockID(3), registers: [])]
        assertRejected(f, "is not a loop header")
    }

    /// Every golden function's IR, straight from the builder, is valid (the builder's contract).
    func testBuilderOutputIsValidForEveryOpcodeFamily() throws {
        let src = """
        local function f(a, b, t, ...)
          local s, u = 0, {}
          for i = 1, #t do s = s + t[i] * 2 // 3 % 5 end
          for k, v in pairs(t) do u[k] = v end
          while a < b and (a ~= 3 or b == "x") do a = a + 1.5; b = b - 1 end
          repeat a = a ~ 1 until a >= 10 or a <= -10
          local x <close> = nil
          u.x, u[1], u[b] = a, b, s
          local g = function() return s, a end
          return g(t:m(1, 2, ...)), -a, ~b, not a, a .. b, a ^ 2, a / b, a >> 1, 1 << a, select('#', ...)
        end
        """
        let fb = try IRTestSupport.firstFunction(src)
        let kinds: [UInt16] = [0, 1 << 3, 1 << 4, 1 << 3 | 1 << 4, 1 << 7]
        for bits in kinds {
            var ir = IRBuilder.build(BuildInput(fb, feedback: [UInt16](repeating: bits, count: fb.code.count)))
            try ir.validate()
            try PassPipeline.run(&ir, validate: true)
        }
    }
}
