// PatternDepthFuzzTests: long patterns (up to 900 items) through the pattern engine, compared case
// by case with the reference Lua: where "pattern too complex" is raised (items that match nothing
// cost no depth, backtracking items that match cost one level each, captures one), captures past
// 32, and the results of find, anchored match and gsub when the match succeeds.
//
// Invariants: backtracking stays linear, so no case can run for long: every item that may repeat
// (`c*`, `c?`, `c-`, `c+`) is followed by a plain byte outside its class, so at most one of its
// choices lets the match go on; items over bytes the subject never holds (x, y, z, digits) match
// nothing. The subject is built from the pattern (then sometimes damaged), so deep matches happen.

import XCTest
@testable import LuaStdlib
import TestSupport

final class PatternDepthFuzzTests: XCTestCase {
    /// A random long pattern and a subject that often matches it.
    func generate(_ r: inout SplitMix64) -> (pattern: String, subject: String) {
        var p = "", s = ""
        let letters = ["a", "b", "c"]
        let items = 1 + r.below(r.below(2) == 0 ? 900 : 200)
        var captures = 0
        for _ in 0..<items {
            let c = r.pick(letters)
            var d = r.pick(letters)
            while d == c { d = r.pick(letters) }
            switch r.below(7) {
            case 0, 1:  // matches nothing here: free of depth
                p += r.pick(["x*", "y?", "z-", "%d*", "[xyz]?", "x-", "%d?"])
            case 2, 3:  // a repetition that matches, then a byte that ends it
                let q = r.pick(["*", "?", "-", "+"])
                let n = q == "?" ? r.below(2) : (q == "+" ? 1 + r.below(3) : r.below(4))
                p += c + q + d
                s += String(repeating: c, count: n) + d
            case 4:
                p += c
                s += c
            case 5:
                p += "."
                s += r.pick(letters)
            default:  // captures (rarer): a position, or a repetition inside one (past 32: too many)
                if r.below(6) == 0 && captures < 40 {
                    captures += 1
                    if r.below(2) == 0 {
                        p += "()"
                    } else {
                        p += "(" + c + "*" + d + ")"
                        s += String(repeating: c, count: r.below(3)) + d
                    }
                }
            }
        }
        var bytes = Array(s.utf8)
        switch r.below(5) {
        case 0 where !bytes.isEmpty: bytes[r.below(bytes.count)] = UInt8(ascii: r.pick(["a", "b", "c", "q"]))
        case 1 where !bytes.isEmpty: bytes.removeLast(r.below(bytes.count) + 1)
        case 2: bytes = Array(r.pick(["", "q", "ab", "abc"]).utf8) + bytes
        default: break
        }
        return (p, String(decoding: bytes, as: UTF8.self))
    }

    func testDeepPatternsAgainstLua() {
        var r = SplitMix64(seed: fuzzSeed(17))
        var ours: [String] = []
        var script = PatternFuzzLua.showResults
        for _ in 0..<300 {
            let (p, s) = generate(&r)
            let sb = Array(s.utf8)
            // find (unanchored), then match anchored at the start, then gsub.
            for anchored in [false, true] {
                let pb = Array(((anchored ? "^" : "") + p).utf8)
                var line: String
                do {
                    line = try sb.withUnsafeBufferPointer { sp in try pb.withUnsafeBufferPointer { pp in
                        guard let m = try PatternSearch.searchCaptures(sp, pp, from: 0) else { return "ok nil" }
                        var parts = ["\(m.start + 1)", "\(m.end)"]
                        for c in m.captures {
                            switch c {
                            case .substring(let a, let b): parts.append(String(decoding: sp[a..<b], as: UTF8.self))
                            case .position(let q): parts.append(String(q))
                            }
                        }
                        return "ok " + parts.joined(separator: " ")
                    } }
                } catch {
                    line = "err " + describe(error, "find")
                }
                ours.append(line)
                script += "show(pcall(string.find, \(luaLiteral(sb)), \(luaLiteral(pb))))\n"
            }
            let pb = Array(p.utf8), repl = Array("<%0>".utf8)
            var line: String
            do {
                line = try sb.withUnsafeBufferPointer { sp in try pb.withUnsafeBufferPointer { pp in
                    try repl.withUnsafeBufferPointer { rp in
                        let (o, k) = try PatternSearch.gsub(sp, pp, .template(rp), maxReplacements: Int.max)
                        return "ok \(String(decoding: o, as: UTF8.self)) \(k)"
                    } } }
            } catch {
                line = "err " + describe(error, "gsub")
            }
            ours.append(line)
            script += "show(pcall(string.gsub, \(luaLiteral(sb)), \(luaLiteral(pb)), \(luaLiteral(repl))))\n"
        }
        // The generator must reach both sides of the limit, or the comparison proves little.
        let tooComplex = ours.filter { $0 == "err pattern too complex" }.count
        let matched = ours.filter { $0.hasPrefix("ok ") && $0 != "ok nil" }.count
        let tooMany = ours.filter { $0 == "err too many captures" }.count
        XCTAssertGreaterThan(tooComplex, 10, "few cases reach the depth limit (\(tooComplex), \(matched) matched, \(tooMany) too many captures)")
        XCTAssertGreaterThan(matched, 120, "few cases match (\(tooComplex) too complex, \(matched) matched)")
        compareWithReference(ours, script, "deep pattern")
    }
}
