// PatternPathFuzzTests: random patterns aimed at the pattern engine's fast paths, run through
// find, gmatch and gsub (template and computed replacements) and compared case by case with the
// reference Lua (5.4.8, else lua5.4) running all cases in one script.
//
// Invariants: the generator builds patterns item by item from the kinds the engine treats apart
// (plain bytes, `%` classes and their complements, sets with ranges, escapes and negation, `.`,
// each with no suffix or `*`, `+`, `-`, `?`), with captures opened first (the start filter looks
// through them), captures closed after a repetition (the rest is tried in place), back-references
// (which read captures closed in place), `%b`, `%f`, anchors and a few malformed items; subjects
// come from the same bytes so that many cases match. Every case prints exactly one line on each
// side; the seed is fixed (STDLIB_FUZZ_SEED overrides it), so a failure names a reproducible case.

import XCTest
@testable import LuaStdlib
import TestSupport

final class PatternPathFuzzTests: XCTestCase {
    static let singles = ["a", "b", "c", "1", " ", ",", ".", "%a", "%d", "%s", "%w", "%l", "%u", "%p", "%x",
                          "%A", "%D", "%S", "%W", "%%", "%(", "%.", "[ab]", "[^ab]", "[a-c]", "[%d_]",
                          "[^%s,]", "[]a]", "[a%-]", "[%a%d]", "[b-a]"]
    static let others = ["%b()", "%f[%a]", "%f[^%w]", "%1", "%2", "()", "$", "^", "%", "[a", "%g", "x"]
    static let subjectBytes = Array("aabbc11 2,._()-A%".utf8)

    func generatePattern(_ r: inout SplitMix64) -> String {
        var p = ""
        if r.below(6) == 0 { p += "^" }
        var open = 0
        for _ in 0..<r.below(3) where r.below(2) == 0 {
            if r.below(3) == 0 { p += "()" } else { p += "("; open += 1 }
        }
        for _ in 0..<(1 + r.below(5)) {
            switch r.below(10) {
            case 0..<6:
                p += r.pick(Self.singles) + r.pick(["", "", "", "*", "+", "-", "?"])
            case 6, 7 where open > 0:
                p += ")"
                open -= 1
            case 8:
                p += r.pick(Self.others)
            default:
                if r.below(2) == 0 { p += "("; open += 1 } else { p += r.pick(Self.singles) }
            }
        }
        while open > 0 && r.below(4) != 0 {
            p += ")"
            open -= 1
        }
        return p
    }

    func generateSubject(_ r: inout SplitMix64) -> [UInt8] {
        let n = r.below(3) == 0 ? r.below(40) : r.below(10)
        return (0..<n).map { _ in r.pick(Self.subjectBytes) }
    }

    /// A capture as lua's tostring shows it.
    func text(_ c: CaptureValue, _ s: UnsafeBufferPointer<UInt8>) -> String {
        switch c {
        case .substring(let a, let b): return String(decoding: s[a..<b], as: UTF8.self)
        case .position(let q): return String(q)
        }
    }

    /// gmatch's results as "ok c1,c2|c1,c2..." (at most 30 matches), or "err MSG".
    func gmatch(_ s: [UInt8], _ p: [UInt8], _ initArg: Int) -> String {
        do {
            return try s.withUnsafeBufferPointer { sp in try p.withUnsafeBufferPointer { pp in
                var start = startPosition(Int64(initArg), sp.count) - 1
                if start > sp.count { start = sp.count + 1 }
                var state = GmatchState(from: start)
                var out: [String] = []
                while out.count < 30 {
                    let one: String? = try PatternMatcher.with(subject: sp, pattern: pp) { m in
                        guard let r = try state.next(&m) else { return nil }
                        return try PatternSearch.captures(m, start: r.start, end: r.end, whole: true)
                            .map { text($0, sp) }.joined(separator: ",")
                    }
                    guard let o = one else { break }
                    out.append(o)
                }
                return "ok " + out.joined(separator: "|")
            } }
        } catch {
            return "err " + describe(error, "gmatch")
        }
    }

    func testPatternPathsAgainstLua() {
        var r = SplitMix64(seed: fuzzSeed(2024))
        var ours: [String] = []
        var script = PatternFuzzLua.showResults + """
            local function gm(s, p, init)
              local ok, res = pcall(function()
                local out = {}
                local it = s:gmatch(p, init)
                while #out < 30 do
                  local t = table.pack(it())
                  if t[1] == nil then break end
                  for i = 1, t.n do t[i] = tostring(t[i]) end
                  out[#out + 1] = table.concat(t, ",", 1, t.n)
                end
                return table.concat(out, "|")
              end)
              if ok then return true, res end
              return false, (tostring(res):gsub('^.-:%d+: ', ''))
            end
            local function repl(a)
              if a == "b" then return nil end
              return "[" .. tostring(a) .. "]"
            end

            """
        var matched = 0, errors = 0
        for _ in 0..<4000 {
            let pb = Array(generatePattern(&r).utf8)
            let sb = generateSubject(&r)
            let initArg = r.below(4) == 0 ? r.below(sb.count + 3) - 1 : 1
            let from = startPosition(Int64(initArg), sb.count) - 1
            // find (a plain pattern goes to plainFind in the library, as in lua)
            var line: String
            do {
                line = try sb.withUnsafeBufferPointer { sp in try pb.withUnsafeBufferPointer { pp in
                    if from > sp.count { return "ok nil" }
                    if PatternSearch.isPlain(pp) {
                        guard let a = PatternSearch.plainFind(sp, pp, from: from) else { return "ok nil" }
                        return "ok \(a + 1) \(a + pp.count)"
                    }
                    guard let m = try PatternSearch.searchCaptures(sp, pp, from: from) else { return "ok nil" }
                    return "ok " + (["\(m.start + 1)", "\(m.end)"] + m.captures.map { text($0, sp) }).joined(separator: " ")
                } }
            } catch {
                line = "err " + describe(error, "find")
            }
            if line.hasPrefix("ok ") && line != "ok nil" { matched += 1 }
            if line.hasPrefix("err ") { errors += 1 }
            ours.append(line)
            script += "show(pcall(string.find, \(luaLiteral(sb)), \(luaLiteral(pb)), \(initArg)))\n"

            ours.append(gmatch(sb, pb, initArg))
            script += "show(gm(\(luaLiteral(sb)), \(luaLiteral(pb)), \(initArg)))\n"

            // gsub with a template, sometimes with a limit
            let template = Array(r.pick(["<%0>", "%1", "[%2]", "%%", "-", "%1%1"]).utf8)
            let limit = r.below(4) == 0 ? r.below(3) : Int.max
            do {
                line = try sb.withUnsafeBufferPointer { sp in try pb.withUnsafeBufferPointer { pp in
                    try template.withUnsafeBufferPointer { tp in
                        let (o, k) = try PatternSearch.gsub(sp, pp, .template(tp), maxReplacements: limit)
                        return "ok \(String(decoding: o, as: UTF8.self)) \(k)"
                    } } }
            } catch {
                line = "err " + describe(error, "gsub")
            }
            ours.append(line)
            script += "show(pcall(string.gsub, \(luaLiteral(sb)), \(luaLiteral(pb)), \(luaLiteral(template))\(limit == Int.max ? "" : ", \(limit)")))\n"

            // gsub with a computed replacement: "[first capture]", or the match kept for "b"
            do {
                line = try sb.withUnsafeBufferPointer { sp in try pb.withUnsafeBufferPointer { pp in
                    let compute = GsubReplacement.compute { m, start, end, out in
                        // All captures are read, as the library does to pass them to the function.
                        let caps = try PatternSearch.captures(m, start: start, end: end, whole: true)
                        let first = self.text(caps[0], sp)
                        if first == "b" { return false }
                        out.append(UInt8(ascii: "["))
                        for c in first.utf8 { out.append(c) }
                        out.append(UInt8(ascii: "]"))
                        return true
                    }
                    let (o, k) = try PatternSearch.gsub(sp, pp, compute, maxReplacements: Int.max)
                    return "ok \(String(decoding: o, as: UTF8.self)) \(k)"
                } }
            } catch {
                line = "err " + describe(error, "gsub")
            }
            ours.append(line)
            script += "show(pcall(string.gsub, \(luaLiteral(sb)), \(luaLiteral(pb)), repl))\n"
        }
        // The generator must reach matches and errors both, or the comparison proves little.
        XCTAssertGreaterThan(matched, 500, "few finds match (\(matched), \(errors) errors)")
        XCTAssertGreaterThan(errors, 100, "few cases raise (\(errors), \(matched) matched)")
        compareWithReference(ours, script, "pattern path")
    }
}
