// Fuzzing the frontend: random token streams and random mutations of real Lua sources must
// compile or fail with a SyntaxError, never trap or hang; whatever compiles must pass the
// bytecode checks of EncodingTests.
//
// Deterministic (fixed seeds), so a failure reproduces. Inputs are bounded in size, so the
// whole run stays well under a minute in a release build. For a longer run:
//     FUZZ_CASES=500000 FUZZ_SEED=7 swift test -c release --filter FuzzTests
import Foundation
import XCTest
import LuaBytecode
import LuaFrontend
import TestSupport


final class FuzzTests: XCTestCase {
    static let cases = Int(ProcessInfo.processInfo.environment["FUZZ_CASES"] ?? "") ?? 10_000
    static let seed = UInt64(ProcessInfo.processInfo.environment["FUZZ_SEED"] ?? "") ?? 0

    static let tokens: [String] = [
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
        "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
        "+", "-", "*", "/", "//", "%", "^", "#", "&", "~", "|", "<<", ">>", "==", "~=", "<=",
        ">=", "<", ">", "=", "(", ")", "{", "}", "[", "]", "::", ";", ":", ",", ".", "..", "...",
        "x", "y", "self", "_ENV", "t", "f", "a", "b", "1", "0", "2.5", "0x10", "1e3", "255", "256",
        "-1", "\"s\"", "'str'", "[[long]]", "<const>", "<close>", "\n", "print", "(", ")", "end",
        "=", "local x = ", "function f(a, ...) ", "return ", "for i = 1, 3 do ", "if x then ",
        "while x do ", "repeat ", "until x ", "goto l ", "::l:: ", "{1, 2, x = 3}",
    ]

    static func seedSources() -> [[UInt8]] {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        var sources: [[UInt8]] = []
        let roots = [here.appendingPathComponent("Golden"),
                     here.deletingLastPathComponent()]  // Tests/**/*.lua of the whole project
        for root in roots {
            guard let e = FileManager.default.enumerator(atPath: root.path) else { continue }
            for case let p as String in e where p.hasSuffix(".lua") {
                if let d = FileManager.default.contents(atPath: root.appendingPathComponent(p).path),
                   d.count < 20_000 {
                    sources.append(Array(d))
                }
                if sources.count >= 400 { break }
            }
        }
        sources.append(Array("local t = {1, 2, 3}\nfor i, v in ipairs(t) do print(i, v) end\n".utf8))
        return sources
    }

    func check(_ src: [UInt8]) {
        switch compileChunk(src, chunkName: "=fuzz") {
        case .success(let p):
            let problems = BytecodeChecker.problems(p)
            if !problems.isEmpty {
                XCTFail("bytecode problems for input \(String(decoding: src, as: UTF8.self).debugDescription): \(problems)")
            }
        case .failure(let e):
            XCTAssertFalse(e.message.isEmpty)
        }
    }

    func testRandomTokenStreams() {
        var rng = SplitMix64(seed: 1234 &+ Self.seed)
        for _ in 0..<Self.cases {
            var s = ""
            for _ in 0..<(1 + rng.below(40)) {
                s += Self.tokens[rng.below(Self.tokens.count)] + (rng.below(3) == 0 ? "" : " ")
            }
            check(Array(s.utf8))
        }
    }

    func testRandomMutationsOfSources() {
        var rng = SplitMix64(seed: 99 &+ Self.seed)
        let seeds = Self.seedSources()
        XCTAssertFalse(seeds.isEmpty)
        for _ in 0..<Self.cases {
            var s = seeds[rng.below(seeds.count)]
            for _ in 0..<(1 + rng.below(4)) {
                guard !s.isEmpty else { break }
                let i = rng.below(s.count)
                switch rng.below(5) {
                case 0: s[i] = UInt8(truncatingIfNeeded: rng.next())             // byte flip
                case 1: s.removeSubrange(i..<min(s.count, i + 1 + rng.below(8)))  // deletion
                case 2:                                                        // duplicate a slice
                    let j = min(s.count, i + 1 + rng.below(40))
                    let slice = Array(s[i..<j])
                    s.insert(contentsOf: slice, at: rng.below(s.count))
                case 3:                                                        // insert a token
                    s.insert(contentsOf: Array(Self.tokens[rng.below(Self.tokens.count)].utf8), at: i)
                default: s = Array(s[..<i])                                    // truncate
                }
            }
            if s.count > 30_000 { s = Array(s[..<30_000]) }
            check(s)
        }
    }

    func testDeepAndLongInputs() {
        for n in [199, 200, 201, 1_000, 10_000] {
            for (o, c) in [("(", ")"), ("{", "}"), ("[", "]"), ("if x then ", "end "), ("(function() ", "end)()")] {
                check(Array(("x = " + String(repeating: o, count: n) + String(repeating: c, count: n)).utf8))
                check(Array(String(repeating: o, count: n).utf8))
            }
            check(Array(("return " + Array(repeating: "1", count: n).joined(separator: " .. ")).utf8))
            check(Array(("return " + Array(repeating: "x", count: n).joined(separator: " and ")).utf8))
            check(Array(("local t = {" + Array(repeating: "1", count: n).joined(separator: ",") + "}").utf8))
        }
    }
}
