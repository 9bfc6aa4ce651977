// Seeded random functions through the backend: integer and float expression trees over many
// locals (so registers run out and values spill; float % and ^ call helpers with many values
// live), with branches and a loop, compiled under the
// feedback of their arguments and run as machine code with the full and the tight register sets;
// every outcome must equal the IR evaluator's.
//
// Invariants: the seed names the function (a failure message gives it and the source); only ops
// the backend lowers are generated, so every function must compile.
import XCTest
import TestSupport
@testable import LuaMethodJIT

final class BackendFuzzTests: XCTestCase {
    override func setUpWithError() throws {
        #if !(arch(x86_64) && os(Linux))
        throw XCTSkip("machine code runs only on x86-64 Linux")
        #endif
    }

    /// A random expression over `vars`; integer operators only when `ints`.
    static func expr(_ rng: inout SplitMix64, _ vars: [String], ints: Bool, depth: Int) -> String {
        if depth == 0 || rng.below(4) == 0 {
            if rng.below(3) == 0 { return ints ? rng.pick(["0", "1", "-1", "3", "64", "-65"]) : rng.pick(["0.5", "-2.0", "3.25"]) }
            return rng.pick(vars)
        }
        // Float % and ^ are helper calls: values live across them in caller-saved registers.
        let ops = ints ? ["+", "-", "*", "&", "|", "~", "<<", ">>", "//", "%"] : ["+", "-", "*", "/", "%", "^"]
        let l = expr(&rng, vars, ints: ints, depth: depth - 1), r = expr(&rng, vars, ints: ints, depth: depth - 1)
        if rng.below(8) == 0 { return ints ? "~(\(l))" : "-(\(l))" }
        let op = rng.pick(ops)
        // A divisor is mostly kept odd (nonzero) so that most runs stay in compiled code.
        if ints && (op == "//" || op == "%") && rng.below(4) != 0 { return "(\(l) \(op) (\(r) | 1))" }
        return "(\(l) \(op) \(r))"
    }

    static func function(seed: UInt64, ints: Bool) -> String {
        var rng = SplitMix64(seed: seed)
        var vars = ["a", "b"]
        var lines: [String] = []
        for k in 0..<(6 + rng.below(8)) {
            let v = "t\(k)"
            lines.append("local \(v) = \(expr(&rng, vars, ints: ints, depth: 3))")
            vars.append(v)
        }
        let c = rng.pick(["<", "<=", "==", "~=", ">", ">="])
        lines.append("if \(rng.pick(vars)) \(c) \(rng.pick(vars)) then a = \(expr(&rng, vars, ints: ints, depth: 2)) end")
        lines.append("for i = 1, 3 do b = \(expr(&rng, vars, ints: ints, depth: 2)) end")
        return "local function f(a, b)\n  " + lines.joined(separator: "\n  ")
            + "\n  return " + vars.shuffled(using: &rng).joined(separator: ", ") + "\nend"
    }

    func testRandomFunctionsAgreeWithTheEvaluator() throws {
        let memory = try CodeMemory(budget: 8 << 20)
        var spilled = 0, returned = 0, runs = 0
        for seed: UInt64 in 1...120 {
            let ints = seed % 3 != 0
            let source = Self.function(seed: seed, ints: ints)
            let argLists: [[EvalValue]] = ints
                ? [[.int(3), .int(-7)], [.int(.max), .int(2)], [.int(0), .int(63)], [.int(.min), .int(-1)]]
                : [[.float(1.5), .float(-0.25)], [.float(1e300), .float(0)], [.float(.nan), .float(2)]]
            for args in argLists {
                let (f, proto) = try BackendSupport.ir(source, feedbackFrom: args)
                var ev = IREvaluator(f, constants: proto.constants, args: args)
                let expected = BackendSupport.text(ev.run())
                runs += 1
                if expected.hasPrefix("returned") { returned += 1 }
                for allocator in [RegisterAllocator(), BackendSupport.tight] {
                    let c: CompiledFunction
                    do { c = try Backend.compile(f, into: memory, allocator: allocator) } catch {
                        XCTFail("seed \(seed): \(error)\n\(source)"); return
                    }
                    spilled += c.allocation.spilledValues
                    XCTAssertEqual(BackendSupport.text(BackendSupport.run(c, f, args: args)), expected,
                                   "seed \(seed) \(args.map(\.text)), \(allocator.gp.count) GP registers\n\(source)")
                    memory.free(c.code)
                }
            }
        }
        XCTAssertGreaterThan(spilled, 1000)
        XCTAssertGreaterThan(returned, runs * 2 / 3, "most runs stay in compiled code")
    }
}
