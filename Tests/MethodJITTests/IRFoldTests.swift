// Constant folding against the interpreter: each case is a Lua function whose operands are locals
// (which the frontend does not fold); the IR after the passes must return one constant, equal in
// type and bits to what the interpreter computes for the same source through the embedding API.
// Operations that raise (integer `//` and `%` by zero) must not fold: their guard stays.
import Foundation
import XCTest
import Lua
import LuaBytecode
@testable import LuaMethodJIT

final class IRFoldTests: XCTestCase {
    static let cases: [(String, String, String)] = [
        ("0x8000000000000000", "//", "-1"),  // mininteger // -1 wraps to mininteger
        ("0x8000000000000000", "%", "-1"),
        ("0x8000000000000000", "*", "-1"),
        ("0x7fffffffffffffff", "+", "1"),
        ("-7", "//", "2"), ("7", "//", "-2"), ("-7", "//", "-2"), ("7", "%", "-3"), ("-7", "%", "3"),
        ("-7", "%", "-3"), ("5.5", "//", "0"), ("-5.5", "//", "0"), ("5.5", "%", "-2"), ("-5.5", "%", "2"),
        ("5.5", "//", "2"), ("7", "/", "2"), ("1", "/", "0"), ("3", "^", "2"), ("2", "^", "0.5"),
        ("1", "<<", "64"), ("1", "<<", "63"), ("1", "<<", "-1"), ("8", "<<", "-2"), ("8", ">>", "-2"),
        ("-1", ">>", "1"), ("-1", ">>", "64"), ("-1", ">>", "63"), ("1", "<<", "0x8000000000000000"),
        ("6", "&", "3"), ("6", "|", "3"), ("6", "~", "3"), ("1", "-", "0.5"), ("3", "*", "0.5"),
        ("0.1", "+", "0.2"), ("-0.0", "*", "1"), ("2", "-", "5"),
    ]

    func testFoldingMatchesTheInterpreter() throws {
        let vm = LuaVM()
        for (x, op, y) in Self.cases {
            let src = "local function f() local a, b = \(x), \(y) return a \(op) b end\nreturn f()"
            var ir = try IRTestSupport.build(src)
            try PassPipeline.run(&ir, validate: true)
            guard let folded = Self.returnedConstant(ir) else {
                XCTFail("\(x) \(op) \(y) did not fold:\n\(ir.listing)"); continue
            }
            let check = "local r = (function() local a, b = \(x), \(y) return a \(op) b end)()\n"
                + "return math.type(r) == 'integer' and 'int ' .. tostring(r) or string.format('float %a', r)"
            let interpreted = try vm.tostring(vm.run(Array(check.utf8), chunkName: "=fold")[0])
            XCTAssertEqual(folded, interpreted, "\(x) \(op) \(y)")
        }
    }

    func testDivisionByZeroDoesNotFold() throws {
        for op in ["//", "%"] {
            var ir = try IRTestSupport.build("local function f() local a, b = 7, 0 return a \(op) b end")
            try PassPipeline.run(&ir, validate: true)
            XCTAssertNil(Self.returnedConstant(ir), op)
            XCTAssert(ir.listing.contains("guardNonZero"), "the guard stays for \(op):\n\(ir.listing)")
        }
    }

    /// The constant the function returns, as "int N" or "float %a", if it is one.
    static func returnedConstant(_ f: IRFunction) -> String? {
        let defs = f.definitions()
        for b in f.blocks {
            guard case .ret(let vs)? = b.terminator, vs.count == 1, let box = defs[vs[0]],
                  case .box = box.op, let k = defs[box.operands[0]] else { continue }
            if case .constInt(let n) = k.op { return "int \(n)" }
            if case .constFloat(let d) = k.op { return "float " + String(format: "%a", d) }
            return nil
        }
        return nil
    }
}
