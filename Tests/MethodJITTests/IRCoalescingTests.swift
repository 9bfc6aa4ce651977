// Guard coalescing at the IR level: the combined checks and the two copies they branch to, and,
// run by the IR evaluator, a failing combined check that leaves through the slow copy at the exact
// instruction with the exact frame state that the same IR without coalescing leaves with. Also
// the validator's rules for the new ops, on coalesced IR broken by hand.
import XCTest
import LuaBytecode
import LuaRuntime
@testable import LuaMethodJIT

final class IRCoalescingTests: XCTestCase {
    static let bounds = "local function f(t, n) local s = 0 for i = 1, n do s = s + t[i] + t[i + 1] + t[i + 2] end return s end"
    static let tags = "local function f(a, b, c) local x = a + 1 local y = b * 2 return x + y + c end"

    /// The IR after the passes (all of them, or all but coalescing), validated after each.
    static func optimized(_ src: String, coalesce: Bool = true) throws -> (IRFunction, FunctionPrototype) {
        let proto = try IRTestSupport.firstFunction(src)
        var f = IRBuilder.build(BuildInput(proto, feedback: [UInt16](repeating: Feedback.intBit, count: proto.code.count)))
        for p in PassPipeline.passes where coalesce || p.name != "coalesce" {
            p.run(&f)
            try f.validate()
        }
        return (f, proto)
    }

    static func ops(_ f: IRFunction) -> [String] { f.blocks.flatMap { $0.instrs.map(\.op.text) } }

    static func run(_ f: IRFunction, _ proto: FunctionPrototype, _ args: [EvalValue]) -> String {
        var ev = IREvaluator(f, constants: proto.constants, args: args.map(\.copied))
        switch ev.run() {
        case .returned(let vs): return "returned " + vs.map(\.text).joined(separator: "; ")
        case .exited(let r, let pc, let slots): return "exit \(r.name) @\(pc + 1) " + slots.map(\.text).joined(separator: "; ")
        case .unsupported(let what): return "unsupported \(what)"
        }
    }

    static func table(_ xs: [Int64]) -> EvalValue { .table(EvalTable(array: xs.map { .int($0) })) }

    func testThreeKeysOfOneTableAreOneBoundsCheckAndTwoCopies() throws {
        let (f, _) = try Self.optimized(Self.bounds)
        let ops = Self.ops(f)
        XCTAssertEqual(ops.filter { $0.hasPrefix("checkBounds") }, ["checkBounds 0...2"], f.listing)
        XCTAssertEqual(ops.filter { $0 == "guardArrayBounds" }.count, 3, "the slow copy keeps the guards\n\(f.listing)")
        XCTAssertEqual(ops.filter { $0 == "arrayIndex" }.count, 3, "the fast copy\n\(f.listing)")
        XCTAssertEqual(ops.filter { $0 == "arrayLoad" }.count, 6, "both copies load\n\(f.listing)")
        // The check's block branches to the copy without the guards first.
        let head = try XCTUnwrap(f.blocks.first { $0.instrs.last?.op.isCheck ?? false })
        guard case .branch(_, let yes, let no)? = head.terminator else { return XCTFail("no branch") }
        XCTAssertFalse(f.blocks[yes.block.index].instrs.contains { $0.op == .guardArrayBounds })
        XCTAssertEqual(f.blocks[no.block.index].instrs.filter { $0.op == .guardArrayBounds }.count, 3)
    }

    func testTheTagsOfSlotsFirstReadInTheBlockAreOneCheck() throws {
        let (f, _) = try Self.optimized(Self.tags)
        let ops = Self.ops(f)
        XCTAssertEqual(ops.filter { $0.hasPrefix("checkTags") }, ["checkTags.int.int.int"], f.listing)
        XCTAssertEqual(ops.filter { $0 == "guardInt" }.count, 3, "the slow copy\n\(f.listing)")
        XCTAssertEqual(ops.filter { $0 == "unbox.int" }.count, 3, "the fast copy\n\(f.listing)")
    }

    /// The evaluator's outcome with and without coalescing: returns agree, and an exit is the same
    /// (reason, pc and every slot of the frame the exit routine leaves).
    func assertSameOutcome(_ src: String, _ args: [EvalValue], _ expected: String,
                           file: StaticString = #filePath, line: UInt = #line) throws {
        let (f, proto) = try Self.optimized(src)
        let (plain, _) = try Self.optimized(src, coalesce: false)
        let got = Self.run(f, proto, args)
        XCTAssertEqual(got, Self.run(plain, proto, args), "with and without coalescing", file: file, line: line)
        XCTAssertEqual(got, expected, file: file, line: line)
    }

    func testAFailingBoundsCheckExitsAtTheExactInstructionWithItsState() throws {
        let t = Self.table([1, 2, 3, 4])
        try assertSameOutcome(Self.bounds, [t, .int(2)], "returned int 15")
        // i = 3: t[3] and t[4] load, t[5] is off the array part: the slow copy exits at the third
        // GETTABLE (pc 12) with s = 15 (r2), the loop's state (index 3, count 0, step 1, i = 3 in
        // r3...r6), s + t[3] + t[4] = 22 (r7) and the key i + 2 = 5 (r8).
        try assertSameOutcome(Self.bounds, [t, .int(3)],
                              "exit arrayBounds @12 table; int 3; int 15; int 3; int 0; int 1; int 3; int 22; int 5")
        // i - 1 = 0 (a SUBK, offset -1): the third guard exits at pc 6 with t[1] + t[2] in r2.
        try assertSameOutcome("local function f(t, i) return t[i] + t[i + 1] + t[i - 1] end", [t, .int(1)],
                              "exit arrayBounds @6 table; int 1; int 3; int 0")
        // Keys that wrap around: the check answers false, the first guard exits (t[maxinteger]).
        try assertSameOutcome("local function f(t, i) return t[i] + t[i + 1] end", [t, .int(.max)],
                              "exit arrayBounds @1 table; int \(Int64.max); nil; nil")
    }

    func testAFailingTagCheckExitsAtTheSecondGuardWithItsState() throws {
        try assertSameOutcome(Self.tags, [.int(1), .int(2), .int(3)], "returned int 9")
        // b is a float: the check fails, the slow copy runs a + 1 and exits at MULK (pc 2) with x in r3.
        try assertSameOutcome(Self.tags, [.int(1), .float(2.5), .int(3)],
                              "exit notInteger @2 int 1; float 0x1.4p+1; int 3; int 2; nil; nil")
        // c is a float: the exit is at the last ADD (pc 4), with x + y in r5.
        try assertSameOutcome(Self.tags, [.int(1), .int(2), .float(0.5)],
                              "exit notInteger @4 int 1; int 2; float 0x1p-1; int 2; int 4; int 6")
    }

    /// Coalesced IR broken by hand: each rule of IRValidator+Checks rejects it.
    func testTheValidatorsRulesForChecks() throws {
        let (good, _) = try Self.optimized(Self.bounds)
        func rejected(_ edit: (inout IRFunction) -> Void, _ fragment: String, line: UInt = #line) {
            var f = good
            edit(&f)
            do { try f.validate(); XCTFail("accepted: \(fragment)\n\(f.listing)", line: line) } catch {
                XCTAssert(error.description.contains(fragment), error.description, line: line)
            }
        }
        let h = try XCTUnwrap(good.blocks.firstIndex { $0.instrs.last?.op.isCheck ?? false })
        guard case .branch(let c, let yes, let no)? = good.blocks[h].terminator else { return XCTFail("no branch") }
        let fast = yes.block.index, slow = no.block.index
        let ai = try XCTUnwrap(good.blocks[fast].instrs.firstIndex { $0.op == .arrayIndex })
        // An arrayIndex where no check proved its key: in the slow copy's place, the guard unchecked.
        rejected({ f in
            let k = f.blocks[slow].instrs.firstIndex { $0.op == .guardArrayBounds }!
            f.blocks[slow].instrs[k].op = .arrayIndex; f.blocks[slow].instrs[k].exit = nil
        }, "no checkBounds of its key")
        // A runtime call between the check and the arrayIndex (it could shrink the array part).
        rejected({ f in
            f.blocks[fast].instrs.insert(Instr(op: .call, operands: [], result: nil,
                                               exit: Exit(reason: .helperStatus, state: FrameState(pc: 5, slots: []))), at: ai)
        }, "no checkBounds of its key")
        // A check used as a value besides its branch.
        rejected({ f in
            f.blocks[fast].instrs.insert(Instr(op: .not, operands: [c], result: f.newValue(.bool), exit: nil), at: 0)
        }, "a check is used once")
        // A range out of order.
        rejected({ f in f.blocks[h].instrs[f.blocks[h].instrs.count - 1].op = .checkBounds(min: 2, max: 0) }, "out of order")
        // An unbox with no checkTags.
        rejected({ f in
            let v = f.blocks.flatMap(\.instrs).first { $0.op == .loadReg(0) }!.result!
            f.blocks[slow].instrs.insert(Instr(op: .unbox(.int), operands: [v], result: f.newValue(.int), exit: nil), at: 0)
        }, "no checkTags")
    }
}
