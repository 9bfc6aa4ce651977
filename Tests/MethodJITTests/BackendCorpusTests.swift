// The backend on the IR differential corpus: every case of IRDifferentialTests that the backend
// compiles runs as machine code on each argument list (under that list's feedback, and under the
// feedback of another list, so guards fail and exits write frames back) and must agree with the
// IR evaluator; plus block-parameter cycles (swaps) in every register class, which the edge's
// parallel moves must resolve.
//
// Invariants: a case outside the compiled subset is counted, not silently passed; the counts are
// asserted so a builder change that pushes the corpus out of the subset fails here.
import XCTest
import LuaRuntime
import X64Assembler
@testable import LuaMethodJIT

final class BackendCorpusTests: XCTestCase {
    override func setUpWithError() throws {
        #if !(arch(x86_64) && os(Linux))
        throw XCTSkip("machine code runs only on x86-64 Linux")
        #endif
    }

    func testCorpusAgreesWithTheEvaluator() throws {
        let memory = try CodeMemory(budget: 8 << 20)
        var compiledCases: Set<String> = [], skipped: [String: String] = [:]
        var returned = 0, exited = 0
        for c in IRDifferentialTests.cases {
            // No tables: this fake frame holds numbers (BackendHeapTests runs the table case on a real heap).
            let lists = c.args.filter { !$0.contains { if case .table = $0 { return true } else { return false } } }
            for (k, feedbackArgs) in lists.enumerated() {
                let (f, proto) = try BackendSupport.ir(c.body, feedbackFrom: feedbackArgs)
                let compiled: [CompiledFunction]
                do {
                    compiled = try [RegisterAllocator(), BackendSupport.tight].map { try Backend.compile(f, into: memory, allocator: $0) }
                } catch let e as NotCompilable {
                    skipped[c.name] = e.reason; continue
                }
                compiledCases.insert(c.name)
                for args in [feedbackArgs, lists[(k + 1) % lists.count]] {
                    var ev = IREvaluator(f, constants: proto.constants, args: args)
                    let expected = BackendSupport.text(ev.run())
                    if expected.hasPrefix("returned") { returned += 1 } else { exited += 1 }
                    for cf in compiled {
                        XCTAssertEqual(BackendSupport.text(BackendSupport.run(cf, f, args: args)), expected,
                                       "\(c.name)\(args.map(\.text)) under feedback of \(feedbackArgs.map(\.text)), \(cf.allocation.spilledValues) spilled")
                    }
                }
                for cf in compiled { memory.free(cf.code) }
            }
        }
        // Tables (the fake frame holds numbers) and runs with generic arithmetic are outside the subset.
        XCTAssertGreaterThanOrEqual(compiledCases.count, 12, "compiled: \(compiledCases.sorted()), skipped: \(skipped)")
        XCTAssertTrue(compiledCases.isSuperset(of: ["float", "pow"]), "float % and ^ (helper calls) compile: \(skipped)")
        XCTAssertGreaterThan(returned, 500)
        XCTAssertGreaterThan(exited, 20)
    }

    /// Interrupted at its k-th loop check (as the evaluator's stress mode does), a run resumes in
    /// machine code compiled for OSR entry at that loop, on the frame the exit wrote, and ends
    /// as the uninterrupted run does.
    func testOSREntryResumesAnInterruptedRun() throws {
        let memory = try CodeMemory(budget: 8 << 20)
        var resumed = 0
        for c in IRDifferentialTests.cases where ["for_int", "for_step", "for_float", "while", "repeat", "nested"].contains(c.name) {
            for args in c.args {
                let (f, proto) = try BackendSupport.ir(c.body, feedbackFrom: args)
                var whole = IREvaluator(f, constants: proto.constants, args: args)
                let outcome = whole.run()
                guard case .returned = outcome else { continue }
                let expected = BackendSupport.text(outcome)
                for k in 1...3 {
                    var stressed = IREvaluator(f, constants: proto.constants, args: args)
                    stressed.failCheckLimit = k
                    guard case .exited(.stackLimit, let pc, let frame) = stressed.run() else { continue }
                    var input = BuildInput(proto, feedback: BackendSupport.feedback(args, count: proto.code.count))
                    input.osrEntryPC = pc
                    var osr = IRBuilder.build(input)
                    try PassPipeline.run(&osr, validate: true)
                    let cf = try Backend.compile(osr, into: memory, allocator: k == 2 ? BackendSupport.tight : RegisterAllocator())
                    let got = BackendSupport.text(BackendSupport.run(cf, osr, args: frame))
                    memory.free(cf.code)
                    guard got.hasPrefix("returned") else { continue }   // a guard of the OSR entry: no claim
                    resumed += 1
                    XCTAssertEqual(got, expected, "\(c.name)\(args.map(\.text)) resumed at pc \(pc + 1) after \(k) checks")
                }
            }
        }
        XCTAssertGreaterThan(resumed, 50)
    }

    /// Loop-carried swaps: the back edge's arguments are a permutation of the header's parameters.
    func testSwapCyclesInEveryClass() throws {
        // ZERO makes the three locals integers or floats before the loop, or leaves them boxed.
        func body(_ zero: String) -> String { """
            local function f(n, a, b, c)
              local x, y, z = a\(zero), b\(zero), c\(zero)
              for i = 1, n do x, y, z = y, z, x end
              return x, y, z
            end
            """ }
        let memory = try CodeMemory(budget: 1 << 20)
        let sets: [(String, [EvalValue])] = [
            (" + 0", [.int(4), .int(10), .int(20), .int(30)]),
            (" + 0.0", [.int(5), .float(1.5), .float(2.5), .float(-0.0)]),
            ("", [.int(7), .nil, .bool(true), .float(3.25)]),
        ]
        var carried = Set<IRType>()
        for (zero, args) in sets {
            let (f, proto) = try BackendSupport.ir(body(zero), feedbackFrom: args)
            for b in f.blocks where b.isLoopHeader { carried.formUnion(b.params.map { f.type(of: $0) }) }
            var ev = IREvaluator(f, constants: proto.constants, args: args)
            let expected = BackendSupport.text(ev.run())
            XCTAssertTrue(expected.hasPrefix("returned"), expected)
            for allocator in [RegisterAllocator(), BackendSupport.tight] {
                let c = try Backend.compile(f, into: memory, allocator: allocator)
                XCTAssertEqual(BackendSupport.text(BackendSupport.run(c, f, args: args)), expected, "\(args.map(\.text))")
            }
        }
        XCTAssertTrue(carried.isSuperset(of: [.int, .float, .value]), "loop parameters carried: \(carried)")
    }
}
