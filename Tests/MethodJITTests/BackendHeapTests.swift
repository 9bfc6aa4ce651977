// The backend's heap ops against the IR evaluator on a real heap (BackendHeapSupport): constants
// of the running closure's proto, upvalues (read and written), the array part (bounds, loads,
// stores, nil slots with and without a metatable) and short-string fields (present, absent,
// nil, with and without a metatable; globals through _ENV). Every case runs with the full
// register set and with a tight one that forces spilling, and with field ops as helper calls
// alone and as inline probes before them (the proto's constants given); helper calls happen
// with values live in caller-saved registers.
//
// Invariants: each case asserts how many runs returned, so a case that silently exits everywhere
// (or never exits) fails; machine code runs on x86-64 Linux only, elsewhere the tests skip.
import XCTest
import LuaRuntime
import X64Assembler
@testable import LuaMethodJIT

final class BackendHeapTests: XCTestCase {
    override func setUpWithError() throws {
        #if !(arch(x86_64) && os(Linux))
        throw XCTSkip("machine code runs only on x86-64 Linux")
        #endif
    }

    static func table(_ array: [EvalValue], _ fields: [String: EvalValue] = [:], mt: Bool = false) -> EvalValue {
        .table(EvalTable(array: array, fields: fields, hasMetatable: mt))
    }
    static func ints(_ xs: [Int64]) -> [EvalValue] { xs.map { .int($0) } }

    /// Compiles `body` (every instruction's feedback `bits`) and compares each run with the
    /// evaluator's; returns how many runs returned.
    @discardableResult
    func check(_ name: String, _ body: String, bits: UInt16 = Feedback.intBit, upvals: [EvalValue] = [],
               _ argLists: [[EvalValue]], file: StaticString = #filePath, line: UInt = #line) throws -> Int {
        let memory = try CodeMemory(budget: 4 << 20)
        let (f, fp) = try BackendSupport.ir(body, bits: bits)
        let vm = VM()
        let proto = vm.loadProto(fp)
        var returned = 0
        // Field ops without the constants call their helpers only; with them, they probe inline.
        for allocator in [RegisterAllocator(), BackendSupport.tight] {
            for constants in [nil, FieldKeys(proto.pointee.k, count: proto.pointee.kCount)] {
                let c = try Backend.compile(f, into: memory, allocator: allocator, fieldKeys: constants)
                for args in argLists {
                    let expected = HeapRun.evaluate(f, fp, args: args, upvals: upvals)
                    let got = HeapRun(vm, proto: proto, upvals: upvals).run(c, f, args: args)
                    XCTAssertEqual(got, expected, "\(name)\(args.map(\.text)) with \(allocator.gp.count) GP registers"
                                   + (constants == nil ? "" : ", inline fields"), file: file, line: line)
                    if allocator.gp.count > 2 && constants == nil && expected.hasPrefix("returned") { returned += 1 }
                }
                memory.free(c.code)
            }
        }
        return returned
    }

    func testConstantsOfTheProto() throws {
        let n = try check("constK", """
            local function f(a)
              local s = "hello"
              if a > 0 then s = "positive" end
              return s, a, "a longer string constant that is not interned: xxxxxxxxxxxxxxxxxxxx"
            end
            """, [[.int(1)], [.int(0)], [.int(-5)]])
        XCTAssertEqual(n, 3)
    }

    func testUpvaluesReadAndWritten() throws {
        let body = """
            local u, w = 0, "s"
            local function f(a, n)
              for i = 1, n do u = u + a * i end
              local old = w
              w = a
              return u, old, w
            end
            """
        for upvals in [[EvalValue.int(5), .string("s")], [.int(-3), .nil], [.float(1.5), .int(1)]] {
            let n = try check("upvals", body, upvals: upvals, [[.int(2), .int(10)], [.int(-1), .int(0)], [.int(.max), .int(3)]])
            XCTAssertEqual(n, upvals[0] == .float(1.5) ? 1 : 3, "a float upvalue exits at its guard unless the loop is empty")
        }
    }

    func testArrayPart() throws {
        let sum = "local function f(t, n) local s = 0 for i = 1, n do s = s + t[i] end return s end"
        let t = Self.ints([4, -2, 7, .max])
        let n = try check("sum", sum, [[Self.table(t), .int(3)], [Self.table(t), .int(4)], [Self.table(t), .int(5)],
                                       [Self.table(t), .int(0)], [Self.table([]), .int(1)],
                                       [Self.table([.int(1), .nil, .int(3)]), .int(3)],
                                       [Self.table([.int(1), .nil, .int(3)], mt: true), .int(3)],
                                       [Self.table([.int(1), .float(2.5)]), .int(2)]])
        XCTAssertEqual(n, 3, "n = 3, 4 (wrapping) and 0 return")
        // Keys at and past both ends, a nil slot read with and without a metatable.
        let keys: [Int64] = [0, 1, 2, 3, 4, -1, .min, .max]
        let at = "local function f(t, k) return t[k], k end"
        for mt in [false, true] {
            let r = try check("at", at, keys.map { [Self.table([.int(10), .nil, .string("x")], mt: mt), .int($0)] })
            XCTAssertEqual(r, mt ? 2 : 3)
        }
        // Stores: every slot, a nil slot with and without a metatable.
        let store = "local function f(t, k, v) t[k] = v t[1] = t[1] + k return t[k] end"
        for mt in [false, true] {
            let r = try check("store", store, keys.map { [Self.table([.int(10), .nil, .int(30)], mt: mt), .int($0), .int(7)] })
            XCTAssertEqual(r, mt ? 2 : 3)
        }
        // A loop that doubles every element in place.
        let double = "local function f(t, n) for i = 1, n do t[i] = t[i] * 2 end return t[n] end"
        XCTAssertEqual(try check("double", double, [[Self.table(t), .int(4)], [Self.table(t), .int(2)],
                                                    [Self.table(t), .int(6)]]), 2)
    }

    func testShortStringFields() throws {
        let body = """
            local function f(t, n)
              local s = 0
              for i = 1, n do s = s + t.x * i + t.y end
              t.x = s
              t.name = "done"
              return s, t.x, t.z, t.name
            end
            """
        let fields: [[String: EvalValue]] = [
            ["x": .int(3), "y": .int(1), "name": .string("n")],
            ["x": .int(3), "y": .int(1), "name": .nil],             // name absent: the store exits
            ["x": .int(3), "y": .int(1), "z": .int(9), "name": .bool(false)],
            ["x": .int(3), "name": .string("n")],                    // y absent: nil, guardInt exits
        ]
        var returned = 0
        for fs in fields {
            for mt in [false, true] {
                returned += try check("fields", body, [[Self.table([], fs, mt: mt), .int(4)],
                                                     [Self.table([.int(1)], fs, mt: mt), .int(0)]])
            }
        }
        // Returns: the complete tables without a metatable (z absent reads nil), the one with z
        // with a metatable too, and the empty loop when only y is absent.
        XCTAssertEqual(returned, 7)
    }

    /// The differential corpus' table case (IRDifferentialTests checks the evaluator against the
    /// interpreter on it): array loads in a loop, field loads and stores, an array store.
    func testDifferentialCorpusTableCase() throws {
        let c = try XCTUnwrap(IRDifferentialTests.cases.first { $0.name == "tables" })
        XCTAssertEqual(try check(c.name, c.body, c.args), 2, "n = 3 and 1 return; n = 5 and 0 leave the array part; floats exit")
    }

    func testGlobalsThroughTheEnvironmentUpvalue() throws {
        let body = """
            local function f(a)
              counter = counter + a
              return counter, label
            end
            """
        let env: [String: EvalValue] = ["counter": .int(40), "label": .string("g")]
        XCTAssertEqual(try check("globals", body, upvals: [Self.table([], env)], [[.int(2)], [.int(-40)]]), 2)
        XCTAssertEqual(try check("no global", body, upvals: [Self.table([], ["label": .int(1)])], [[.int(2)]]), 0)
    }

    /// Guard coalescing: one checkTags (t and i), one checkBounds of the keys i - 1 ... i + 1; the
    /// machine code agrees with the evaluator in range, off either end, with keys that wrap around
    /// and when a tag is wrong (each failure exits from the slow copy at its own guard).
    func testCoalescedChecks() throws {
        let t = Self.table(Self.ints([10, 20, 30, 40]))
        let keys: [Int64] = [1, 2, 3, 4, 5, 0, -1, .max, .min, .max - 1, .min + 1]
        let n = try check("coalesced", "local function f(t, i) return t[i] + t[i + 1] + t[i - 1] end",
                          keys.map { [t, .int($0)] } + [[.string("x"), .int(2)], [t, .float(2)]])
        XCTAssertEqual(n, 2)
    }
}
