// The backend against the IR evaluator: Lua functions compiled to IR (with the feedback their
// arguments would produce), lowered to x86-64, installed in code memory and run on a fake frame;
// each outcome (returned values, or the exit taken with the slots it wrote back) must equal the
// evaluator's on the same IR. Every case runs with the full register set and with a tight one
// that forces spilling. Also: a failing guard, the limit check, and ops not compiled yet.
//
// Invariants: every case is compiled (a NotCompilable is a failure here unless the case says the
// function is outside the subset); machine code runs on x86-64 Linux only, elsewhere the tests skip.
import XCTest
import CSigint
import LuaRuntime
import X64Assembler
@testable import LuaMethodJIT

final class BackendTests: XCTestCase {
    override func setUpWithError() throws {
        #if !(arch(x86_64) && os(Linux))
        throw XCTSkip("machine code runs only on x86-64 Linux")
        #endif
    }

    static let ints: [Int64] = [0, 1, -1, 2, 7, -7, 63, 64, -63, -64, 65, .max, .min, .max - 1, .min + 1]
    static let floats: [Double] = [0.0, -0.0, 0.5, -2.5, 3.0, 1e300, .infinity, -.infinity, .nan]

    static func pairs<T>(_ xs: [T], _ make: (T) -> EvalValue) -> [[EvalValue]] {
        xs.flatMap { a in xs.map { [make(a), make($0)] } }
    }

    /// Compiles `body` under each argument list's feedback and compares every run with the evaluator;
    /// returns how many runs returned normally.
    @discardableResult
    func check(_ name: String, _ body: String, _ argLists: [[EvalValue]], file: StaticString = #filePath,
               line: UInt = #line) throws -> Int {
        let memory = try CodeMemory(budget: 4 << 20)
        var returned = 0
        for args in argLists {
            let (f, proto) = try BackendSupport.ir(body, feedbackFrom: args)
            var ev = IREvaluator(f, constants: proto.constants, args: args)
            let expected = BackendSupport.text(ev.run())
            for allocator in [RegisterAllocator(), BackendSupport.tight] {
                let c = try Backend.compile(f, into: memory, allocator: allocator)
                let got = BackendSupport.text(BackendSupport.run(c, f, args: args))
                XCTAssertEqual(got, expected, "\(name)\(args.map(\.text)) with \(allocator.gp.count) GP registers",
                               file: file, line: line)
                memory.free(c.code)
            }
            if expected.hasPrefix("returned") { returned += 1 }
        }
        return returned
    }

    func testIntegerLoops() throws {
        let n = try check("sum", "local function f(n) local s = 0 for i = 1, n do s = s + i end return s end",
                          [0, 1, 2, 10, 1000, -5, 100_000].map { [.int($0)] })
        XCTAssertEqual(n, 7)
        try check("wrap", """
            local function f(a, b)
              local s = a
              for i = 1, 70 do s = s * b + a - i end
              return s, a + b, a - b, a * b, -a
            end
            """, Self.pairs(Self.ints, EvalValue.int))
        try check("step", "local function f(a, b) local s = 0 for i = a, 40, b do s = s + i end return s end",
                  Self.pairs([1, 2, 3, 5, 7, -3], EvalValue.int))
        try check("while", "local function f(a, b) local n = 0 while a < b do a = a + 3; n = n + 1 end return n, a end",
                  Self.pairs([0, 1, 2, 3, 5, 10, -1, -5], EvalValue.int))
        try check("nested", """
            local function f(a, b)
              local s = 0
              for i = 1, a do
                for j = i, b do
                  if i + j > 7 then s = s + j else s = s - 1 end
                end
              end
              return s
            end
            """, Self.pairs([0, 1, 2, 3, 5, 10], EvalValue.int))
    }

    func testBitwiseEdgeCases() throws {
        let n = try check("bits", "local function f(a, b) return a & b, a | b, a ~ b, ~a, a << b, a >> b, 1 << b, -1 >> b end",
                          Self.pairs(Self.ints, EvalValue.int))
        XCTAssertEqual(n, Self.ints.count * Self.ints.count)
    }

    /// Floor division and modulo: signs, a divisor of -1 (min // -1 wraps), and a zero divisor's exit.
    func testFloorDivisionAndModulo() throws {
        let n = try check("floor", "local function f(a, b) return a // b, a % b end", Self.pairs(Self.ints, EvalValue.int))
        XCTAssertEqual(n, Self.ints.count * (Self.ints.count - 1), "all but the zero divisors return")
    }

    func testCompares() throws {
        try check("icompare", """
            local function f(a, b)
              local r = 0
              if a < b then r = r + 1 end
              if a <= b then r = r + 2 end
              if a == b then r = r + 4 end
              if a > 3 then r = r + 8 end
              if b >= -1 then r = r + 16 end
              if not (a ~= 7) then r = r + 32 end
              return r, a < b and a or b
            end
            """, Self.pairs(Self.ints, EvalValue.int))
        try check("fcompare", """
            local function f(a, b)
              local r = 0
              if a < b then r = r + 1 end
              if a <= b then r = r + 2 end
              if a == b then r = r + 4 end
              if a > b then r = r + 8 end
              if a >= b then r = r + 16 end
              if a ~= b then r = r + 32 end
              return r
            end
            """, Self.pairs(Self.floats, EvalValue.float))
    }

    func testFloatArithmeticAndLoops() throws {
        try check("farith", "local function f(a, b) return a * b + a / b - b, -a, a - b * 0.5, a // b end",
                  Self.pairs(Self.floats, EvalValue.float))
        let n = try check("ffor", "local function f(a, b) local s = 0.0 for x = a, b, 0.5 do s = s + x * x - x / 3 end return s end",
                          [[.float(0), .float(3)], [.float(1), .float(1)], [.float(1.25), .float(1)],
                           [.float(-1.5), .float(100)], [.float(2), .float(1)], [.float(.nan), .float(1)]])
        XCTAssertEqual(n, 6)
        // Integers meet floats: guardNumber converts, `/` converts its integer operand.
        try check("mixed", "local function f(a, b) local s = 0.0 for i = 1, 10 do s = s + b end return s / a end",
                  [[.int(10), .float(0.25)], [.int(0), .float(1.5)], [.int(3), .int(2)], [.int(-7), .int(.max)],
                   [.float(2), .int(1)]])
    }

    /// `%` and `^` on floats call helpers (the interpreter's own functions): signs, zeros,
    /// infinities, NaN, the 0.5 and 2 exponents; values live across the calls in caller-saved GP
    /// and SSE registers (and spilled, with the tight set) must come back intact.
    func testFloatModuloAndPowerThroughHelpers() throws {
        let xs = Self.floats + [-3.0, 0.25, 2.0, 1e-310, -7.5]
        let n = try check("fmodpow", "local function f(a, b) return a % b, a ^ b, b % a, b ^ 0.5, a ^ 2, -a % 0.5 end",
                          Self.pairs(xs, EvalValue.float))
        XCTAssertEqual(n, xs.count * xs.count)
        let live = try check("live", """
            local function f(a, b)
              local s, t, c, k = 0.0, 1.0, a, 0
              for i = 1, 40 do
                c = c + a
                s = s + c % b + (b - c) ^ 0.5
                t = t * 1.0001 + c
                k = k + i
              end
              return s, t, k, a, b, c
            end
            """, [[.float(3.5), .float(2.25)], [.float(-1.5), .float(0.75)], [.float(0.0), .float(-2.0)],
                   [.float(1e10), .float(3.0)], [.float(.nan), .float(1)]])
        XCTAssertEqual(live, 5)
    }

    func testLogic() throws {
        let plain: [EvalValue] = [.nil, .bool(false), .bool(true), .int(0), .float(1.5)]
        try check("logic", "local function f(a, b) return a and b, a or b, not a, not not b end",
                  plain.flatMap { a in plain.map { [a, $0] } })
    }

    /// A float where the feedback promised integers: the guard exits with the frame as the
    /// interpreter needs it to resume.
    func testFailingGuardExitsWithItsSlots() throws {
        let body = "local function f(n, b) local s = 0 for i = 1, n do s = s + b end return s end"
        let (f, proto) = try BackendSupport.ir(body, feedbackFrom: [.int(3), .int(2)])
        let memory = try CodeMemory(budget: 1 << 20)  // outlives every call into it
        let c = try Backend.compile(f, into: memory)
        let args: [EvalValue] = [.int(3), .float(2.5)]
        let got = BackendSupport.run(c, f, args: args)
        var ev = IREvaluator(f, constants: proto.constants, args: args)
        XCTAssertEqual(BackendSupport.text(got), BackendSupport.text(ev.run()))
        guard case .exited(let reason, _, let slots) = got else { return XCTFail("no exit: \(got)") }
        XCTAssertEqual(reason, .notInteger)
        XCTAssertEqual(slots[0], .int(3))
        XCTAssertEqual(slots[1], .float(2.5))
    }

    func testLimitCheckExitsWhenTheLimitIsLowered() throws {
        let body = "local function f(n) local s = 0 for i = 1, n do s = s + i end return s end"
        let (f, _) = try BackendSupport.ir(body, feedbackFrom: [.int(5)])
        let memory = try CodeMemory(budget: 1 << 20)  // outlives every call into it
        let c = try Backend.compile(f, into: memory)
        let stopped = BackendSupport.run(c, f, args: [.int(5)], limit: 0)
        guard case .exited(let reason, let pc, _) = stopped else { return XCTFail("no exit: \(stopped)") }
        XCTAssertEqual(reason, .stackLimit)
        XCTAssertEqual(pc, 0, "the entry's check fails first")
        XCTAssertEqual(BackendSupport.text(BackendSupport.run(c, f, args: [.int(5)])), "returned int 15")
    }

    /// The frame's top equal to the limit passes (the interpreter exits only above it).
    func testLimitCheckComparesTheFrameTop() throws {
        let (f, _) = try BackendSupport.ir("local function f(n) return n + 1 end", feedbackFrom: [.int(5)])
        let memory = try CodeMemory(budget: 1 << 20)  // outlives every call into it
        let c = try Backend.compile(f, into: memory)
        let size = f.maxStackSize + 8
        let frame = UnsafeMutablePointer<Value>.allocate(capacity: size)
        frame.initialize(repeating: .integer(41), count: size)
        defer { frame.deallocate() }
        let top = UInt(bitPattern: frame + f.maxStackSize)
        for (limit, exits) in [(top, false), (top - 1, true)] {
            let state = UnsafeMutablePointer<VMState>.allocate(capacity: 1)
            state.initialize(to: VMState(effective_limit: limit, real_limit: limit, pending: 0,
                                         interrupt_count: 0, last_interrupt_ns: 0, thread: nil, exit_code: nil, direct_calls: 0, unused: 0))
            let answer = c.entry(UnsafeMutableRawPointer(frame), UnsafeMutableRawPointer(state),
                                 BackendSupport.fakeClosure)
            state.deallocate()
            XCTAssertEqual(answer >= 0, exits, "limit at top\(exits ? " - 1" : "")")
        }
    }

    func testSpillingHappensWithFewRegisters() throws {
        let body = """
            local function f(a, b)
              local c, d, e = a + b, a - b, a * b
              local g, h = c ~ d, d & e
              return a, b, c, d, e, g, h, c + d + e + g + h
            end
            """
        let (f, _) = try BackendSupport.ir(body, feedbackFrom: [.int(1), .int(2)])
        let lowered = try Backend.lower(f, allocator: BackendSupport.tight)
        XCTAssertGreaterThan(lowered.allocation.spilledValues, 0)
        try check("spill", body, Self.pairs([3, -9, .max], EvalValue.int))
    }

    func testOpsWithoutLoweringMakeTheFunctionNotCompilable() throws {
        let (f, _) = try BackendSupport.ir("local function f(a, b) return a + b end", feedbackFrom: [.nil, .nil])
        XCTAssertThrowsError(try Backend.lower(f)) { e in
            XCTAssertEqual((e as? NotCompilable)?.reason.hasPrefix("arith.add"), true, "\(e)")
        }
        let (g, _) = try BackendSupport.ir("local function f(a, b) return a // b end", feedbackFrom: [.float(7), .float(2)])
        XCTAssertNoThrow(try Backend.lower(g, features: .all))
        XCTAssertThrowsError(try Backend.lower(g, features: [])) { e in
            XCTAssertEqual((e as? NotCompilable)?.reason.hasPrefix("ffloordiv"), true, "\(e)")
        }
    }
}
