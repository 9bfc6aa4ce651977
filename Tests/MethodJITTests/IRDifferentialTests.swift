// The IR against the interpreter: numeric functions are compiled to IR (with the feedback their
// argument types would produce), optimized, run by IREvaluator, and compared with the interpreter
// running the same function on the same arguments through the embedding API. A run that exits
// (a guard failed) or calls a generic runtime helper is not compared, but each case must run
// through compiled code alone at least once.
import Foundation
import XCTest
import Lua
import LuaBytecode
import LuaRuntime
@testable import LuaMethodJIT

final class IRDifferentialTests: XCTestCase {
    static let ints: [Int64] = [0, 1, -1, 2, 3, -3, 7, -7, 10, 64, -64, 63, .max, .min, .max - 1, .min + 1]
    static let smallInts: [Int64] = [0, 1, 2, 3, 5, 10, -1, -5]
    /// -.nan: the NaN x86 arithmetic produces (sign bit set), which Lua writes as 0/0.
    static let floats: [Double] = [0.0, -0.0, 0.5, -2.5, 3.0, 1e300, -1e-300, .infinity, -.infinity, -.nan, .nan]

    static var mixed: [EvalValue] { [.int(0), .int(3), .int(-7), .int(.max), .float(2.5), .float(-0.0), .float(1e300)] }
    static var plain: [EvalValue] { [.nil, .bool(false), .bool(true), .int(0), .float(1.5)] }

    struct Case {
        var name: String
        var body: String        // a function `f` of two parameters
        var args: [[EvalValue]]
    }

    static func intPairs(_ xs: [Int64]) -> [[EvalValue]] { xs.flatMap { a in xs.map { [.int(a), .int($0)] } } }

    /// Computed: tables are mutable, each run gets its own.
    static var cases: [Case] { [
        Case(name: "arith", body: "local function f(a, b) return a + b * 2 - (a - b) end", args: intPairs(ints)),
        Case(name: "floor", body: "local function f(a, b) return a // b, a % b end", args: intPairs(ints)),
        Case(name: "bits", body: "local function f(a, b) return a & b | ~a ~ b, a << b, a >> b, 1 << b end", args: intPairs(ints)),
        Case(name: "float", body: "local function f(a, b) return a * b + a / b - a // b, a % b, a ^ 2, -a end",
             args: floats.flatMap { a in floats.map { [.float(a), .float($0)] } }),
        // Helper calls in the backend (the interpreter's float % and ^; ^ 0.5 is a square root there).
        Case(name: "pow", body: "local function f(a, b) return a ^ b, a ^ 0.5, b ^ 0.5, a % b, -a % b, b ^ -1.5 end",
             args: floats.flatMap { a in (floats + [0.25, 2.0, -3.0]).map { [.float(a), .float($0)] } }),
        Case(name: "mixed", body: "local function f(a, b) return a / b, a ^ 2, (a + 0.5) * b, -(a * 1.0), (a - 0.25) // b, b % (a + 0.0) end",
             args: mixed.flatMap { a in mixed.map { [a, $0] } }),
        Case(name: "logic", body: "local function f(a, b) return a and b, a or b, not a, a and 1 or 2.5, not not b end",
             args: plain.flatMap { a in plain.map { [a, $0] } }),
        Case(name: "compare", body: """
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
             """, args: intPairs(ints)),
        Case(name: "compare_constants", body: """
             local function f(a, b)
               local r = 0
               if a < 3 then r = r + 1 end
               if a >= 2.5 then r = r + 2 end
               if a == 0 then r = r + 4 end
               if 7 > b then r = r + 8 end
               if b <= 9007199254740993 then r = r + 16 end
               if a ~= 0.5 then r = r + 32 end
               return r
             end
             """, args: (floats.map { EvalValue.float($0) } + [.int(0), .int(3), .int(.max), .int(-9007199254740993)]).flatMap { a in
                 [[a, .float(6.5)], [a, .int(9007199254740993)], [a, .float(9007199254740992)]] }),
        Case(name: "tables", body: """
             local function f(t, n)
               local s = 0
               for i = 1, n do s = s + t[i] * t.w end
               t.w = s
               t[1] = t[n] + t.w
               return s, t[1], t.w, t[2]
             end
             """, args: [3, 1, 5, 0].map { n in [.table(EvalTable(array: [.int(4), .int(-2), .int(7)], fields: ["w": .int(3)])), .int(n)] }
                + [[.table(EvalTable(array: [.float(0.5), .int(2)], fields: ["w": .float(2.0)])), .int(2)]]),
        // Guard coalescing: one bounds check for t[i], t[i + 1], t[i + 2] (n = 4 runs off the end:
        // that run exits and is not compared; IRCoalescingTests checks the exit).
        Case(name: "window", body: """
             local function f(t, n)
               local s = 0
               for i = 1, n do s = s + t[i] * 3 + t[i + 1] - t[i + 2] end
               return s
             end
             """, args: [0, 1, 2, 3, 4].map { n in [.table(EvalTable(array: [.int(5), .int(-2), .int(7), .int(1), .int(9)])), .int(n)] }),
        Case(name: "for_int", body: "local function f(a, b) local s = 0 for i = a, b do s = s + i * i end return s end",
             args: intPairs(smallInts)),
        Case(name: "for_step", body: "local function f(a, b) local s = 0 for i = a, 20, b do s = s + i end return s end",
             args: intPairs(smallInts)),
        Case(name: "for_float", body: "local function f(a, b) local s = 0.0 for x = a, b, 0.5 do s = s + x end return s end",
             args: [[.float(0), .float(3)], [.float(1), .float(1)], [.float(1.25), .float(1)], [.float(-1.5), .float(1)], [.float(2), .float(1)], [.float(-.nan), .float(1)], [.float(0), .float(-.nan)]]),
        Case(name: "while", body: "local function f(a, b) local n = 0 while a < b do a = a + 3; n = n + 1 end return n, a end",
             args: intPairs(smallInts)),
        Case(name: "repeat", body: "local function f(a, b) repeat a = a * 2 + 3 until a > b or a < -100 return a end",
             args: intPairs(smallInts)),
        Case(name: "nested", body: """
             local function f(a, b)
               local s = 0
               for i = 1, a do
                 for j = i, b do
                   if (i + j) % 3 == 0 then s = s + j else s = s - 1 end
                 end
               end
               return s
             end
             """, args: intPairs(smallInts)),
    ] }

    func testIRAgreesWithTheInterpreter() throws {
        let vm = LuaVM()
        var osrCompared = 0
        for c in Self.cases {
            let proto = try IRTestSupport.firstFunction(c.body)
            var compared = 0
            for args in c.args {
                let call = "f(" + args.map(Self.lua).joined(separator: ", ") + ")"  // before the run mutates tables
                // The feedback the interpreter would record: the union of the argument types.
                let bits = args.reduce(UInt16(0)) { acc, v in
                    switch v {
                    case .nil: return acc | 1 << UInt16(Tag.nil_)
                    case .bool(let b): return acc | 1 << UInt16(b ? Tag.true_ : Tag.false_)
                    case .int: return acc | Feedback.intBit
                    case .float: return acc | Feedback.floatBit
                    case .table: return acc | Feedback.intBit  // table cases index with integers
                    case .string: return acc | 1 << UInt16(Tag.string)
                    }
                }
                let fb = [UInt16](repeating: bits, count: proto.code.count)
                var ir = IRBuilder.build(BuildInput(proto, feedback: fb))
                try PassPipeline.run(&ir, validate: true)
                var ev = IREvaluator(ir, constants: proto.constants, args: Self.fresh(args))
                switch ev.run() {
                case .unsupported(let what) where what.hasPrefix("arith.") || what.hasPrefix("compare."):
                    continue  // a runtime helper: the interpreter's own code, nothing to compare
                case .unsupported(let what): XCTFail("\(c.name): evaluator does not run \(what)"); return
                case .exited: continue
                case .returned(let rs):
                    compared += 1
                    let got = rs.map(\.text).joined(separator: "; ")
                    // The builder's IR, before the passes, agrees with the optimized IR.
                    var plain = IREvaluator(IRBuilder.build(BuildInput(proto, feedback: fb)), constants: proto.constants,
                                            args: Self.fresh(args))
                    if case .returned(let ps) = plain.run() {
                        XCTAssertEqual(ps.map(\.text).joined(separator: "; "), got, "\(c.name)\(call) before passes")
                    }
                    // Interrupt at the k-th loop check, then re-enter by OSR from the frame the exit
                    // wrote: the frame state and the OSR build must carry the run on to the same end.
                    for k in 1...3 {
                        var stressed = IREvaluator(ir, constants: proto.constants, args: Self.fresh(args))
                        stressed.failCheckLimit = k
                        guard case .exited(.stackLimit, let pc, let frame) = stressed.run() else { continue }
                        var input = BuildInput(proto, feedback: fb)
                        input.osrEntryPC = pc
                        var osr = IRBuilder.build(input)
                        try PassPipeline.run(&osr, validate: true)
                        var resumed = IREvaluator(osr, constants: proto.constants, args: frame)
                        if case .returned(let os) = resumed.run() {
                            osrCompared += 1
                            XCTAssertEqual(os.map(\.text).joined(separator: "; "), got, "\(c.name)\(call) OSR at \(pc + 1) after \(k) checks")
                        }
                    }
                    let src = c.body + """

                        local function show(v)
                          if math.type(v) == 'integer' then return 'int ' .. tostring(v)
                          elseif math.type(v) == 'float' then return string.format('float %a', v)
                          elseif v == nil then return 'nil' else return 'bool ' .. tostring(v) end
                        end
                        local r = table.pack(\(call))
                        local out = {}
                        for i = 1, r.n do out[i] = show(r[i]) end
                        return table.concat(out, '; ')
                        """
                    let expected = try vm.tostring(vm.run(Array(src.utf8), chunkName: "=diff")[0])
                    XCTAssertEqual(rs.map(\.text).joined(separator: "; "), expected, "\(c.name)\(call)")
                }
            }
            XCTAssertGreaterThan(compared, 0, "\(c.name): every run exited")
        }
        XCTAssertGreaterThan(osrCompared, 50, "runs resumed by OSR")
    }

    /// A deep copy (tables are mutable; every run starts from the same arguments).
    static func fresh(_ args: [EvalValue]) -> [EvalValue] {
        args.map { v in
            v.copied
        }
    }

    /// A Lua literal for an argument.
    static func lua(_ v: EvalValue) -> String {
        switch v {
        case .nil: return "nil"
        case .bool(let b): return "\(b)"
        case .int(let n): return n == .min ? "math.mininteger" : "\(n)"
        case .string(let s): return "'\(s)'"
        case .table(let t):
            let fields = t.fields.keys.sorted().map { "\($0) = \(lua(t.fields[$0]!))" }
            return "{" + (t.array.map(lua) + fields).joined(separator: ", ") + "}"
        case .float(let d):
            if d.isNaN { return d.sign == .minus ? "(0/0)" : "(-(0/0))" }
            if d.isInfinite { return d > 0 ? "math.huge" : "-math.huge" }
            return String(format: "%a", d)
        }
    }
}
