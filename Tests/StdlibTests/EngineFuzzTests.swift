// EngineFuzzTests: random formats, patterns and pack data run through the library engines and,
// where a reference Lua is installed (5.4.8, else lua5.4), compared case by case with its output.
//
// Invariants: every case runs in both worlds with the same text; a case prints exactly one line;
// the generator is seeded, so a failure names a reproducible case.

import Foundation
import XCTest
@testable import LuaStdlib
import TestSupport


/// Runs the reference Lua (5.4.8, else lua5.4: StdlibTestEnvironment.reference) on a script;
/// nil when there is none.
func runReferenceLua(_ script: String) -> String? {
    guard let ref = StdlibTestEnvironment.reference else { return nil }
    return StdlibTestEnvironment.run(ref, script: script, timeout: 120)?.1
}

/// A Lua string literal for arbitrary bytes.
func luaLiteral(_ b: [UInt8]) -> String {
    "\"" + b.map { String(format: "\\%03d", $0) }.joined() + "\""
}
func hex(_ b: [UInt8]) -> String { b.map { String(format: "%02x", $0) }.joined() }

/// Test double for the argument protocols: a fixed list of values.
enum TestValue {
    case int(Int64), float(Double), str([UInt8])
    var lua: String {
        switch self {
        case .int(let v): return v == Int64.min ? "math.mininteger" : "(\(v))"
        case .float(let d):
            if d.isNaN { return "(0/0)" }
            if d.isInfinite { return d > 0 ? "(1/0)" : "(-1/0)" }
            if d == 0 && d.sign == .minus { return "(-0.0)" }
            return "(" + String(format: "%.17g", d) + (d == d.rounded() && abs(d) < 1e16 ? ".0" : "") + ")"
        case .str(let s): return luaLiteral(s)
        }
    }
}

struct TestArgs: FormatArguments, PackArguments {
    var values: [TestValue]   // values[0] is argument 2
    func value(_ i: Int) throws -> TestValue {
        guard i - 2 < values.count else { throw ArgumentError(i, "no value") }
        return values[i - 2]
    }
    func checkPresent(_ i: Int) throws { _ = try value(i) }
    func integer(_ i: Int) throws -> Int64 {
        switch try value(i) {
        case .int(let v): return v
        case .float(let d):
            if let v = Int64(exactly: d) { return v }
            throw ArgumentError(i, "number has no integer representation")
        case .str(let s):
            if !s.contains(0), let v = Int64(String(decoding: s, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) { return v }
            throw ArgumentError(i, "number expected, got string")
        }
    }
    func number(_ i: Int) throws -> Double {
        switch try value(i) {
        case .int(let v): return Double(v)
        case .float(let d): return d
        case .str(let s):
            if !s.contains(0), let d = Double(String(decoding: s, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) { return d }
            throw ArgumentError(i, "number expected, got string")
        }
    }
    func string(_ i: Int) throws -> [UInt8] {
        switch try value(i) {
        case .int(let v): return Array(String(v).utf8)
        case .float(let d):  // lua's tostring: %.14g, plus ".0" when it looks like an integer
            var s = String(format: "%.14g", d)
            if !s.contains(where: { ".eEn".contains($0) }) { s += ".0" }
            return Array(s.utf8)
        case .str(let s): return s
        }
    }
    func appendString(_ i: Int, to out: inout FormatBuffer) throws { out.append(try string(i)) }
    func literal(_ i: Int) throws -> FormatLiteral {
        switch try value(i) {
        case .int(let v): return .integer(v)
        case .float(let d): return .float(d)
        case .str(let s): return .string(s)
        }
    }
    func pointer(_ i: Int) throws -> UInt? { nil }
}

func describe(_ e: Error, _ fname: String) -> String {
    if let a = e as? ArgumentError { return "bad argument #\(a.index) to '\(fname)' (\(a.message))" }
    if let l = e as? LibraryError { return l.message }
    return "\(e)"
}

/// Compare `ours` (one line per case) with the reference running `script`; report the first
/// mismatches.
func compareWithReference(_ ours: [String], _ script: String, _ what: String) {
    guard let ref = runReferenceLua(script) else { return }
    let theirs = ref.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let calls = script.split(separator: "\n").filter { $0.hasPrefix("out(") || $0.hasPrefix("show(") }
    var bad = 0
    for (k, line) in ours.enumerated() where k >= theirs.count || theirs[k] != line {
        bad += 1
        let call = k < calls.count ? String(calls[k].prefix(300)) : "?"
        if bad <= 12 { XCTFail("\(what) case \(k) \(call): ours [\(line)] reference [\(k < theirs.count ? theirs[k] : "<missing>")]") }
    }
}

final class EngineFuzzTests: XCTestCase {
    func compare(_ ours: [String], _ script: String, _ what: String) {
        compareWithReference(ours, script, what)
    }

    static let nanValue = Double(bitPattern: 0xFFF8_0000_0000_0000)  // x86's 0/0
    /// 1e-310, a subnormal (as a literal it draws an underflow warning).
    static let subnormal = Double("1e-310")!

    func randomValue(_ r: inout SplitMix64) -> TestValue {
        switch r.below(3) {
        case 0: return .int(r.pick([0, 1, -1, 7, 65, 255, 1000, -123456, Int64.max, Int64.min, 1 << 40]))
        case 1: return .float(r.pick([0.1, -2.5, 3.0, 1e300, -0.0, 123456.789, EngineFuzzTests.subnormal, .infinity,
                                      -.infinity, EngineFuzzTests.nanValue, 9007199254740992, 0.5]))
        default:
            var s: [UInt8] = []
            for _ in 0..<r.below(6) { s.append(r.pick([97, 98, 0, 10, 13, 34, 92, 49, 200, 127, 1, 9])) }
            return .str(s)
        }
    }

    func testFormatAgainstLua() {
        var r = SplitMix64(seed: fuzzSeed(42))
        var ours: [String] = []
        var script = "local function out(ok, v) print(ok and ('ok ' .. v:gsub('.', function(c) return string.format('%02x', c:byte()) end)) or ('err ' .. v:gsub(\"'string.format'\", \"'format'\"))) end\n"
        for _ in 0..<3000 {
            var f = ""
            if r.below(3) == 0 { f += "x" }
            f += "%"
            for _ in 0..<r.below(3) { f += r.pick(["-", "+", " ", "#", "0"]) }
            if r.below(2) == 0 { f += String(r.below(r.below(4) == 0 ? 200 : 30)) }
            if r.below(2) == 0 { f += "." + (r.below(3) == 0 ? "" : String(r.below(r.below(5) == 0 ? 150 : 20))) }
            f += r.pick(["c", "d", "i", "u", "o", "x", "X", "a", "A", "e", "E", "f", "F", "g", "G", "s", "q", "%", "y"])
            let v = randomValue(&r)
            var args = TestArgs(values: [v])
            if case .float = v, f.hasSuffix("s") { continue }
            if case .int(let n) = v, f.hasSuffix("c"), n < 0 || n > 255 { continue }
            let fb = Array(f.utf8)
            let line: String
            do {
                let res = try fb.withUnsafeBufferPointer { try StringFormat.format($0, &args) }
                line = "ok " + hex(res)
            } catch {
                line = "err " + describe(error, "format")
            }
            ours.append(line)
            script += "out(pcall(string.format, \(luaLiteral(fb)), \(v.lua)))\n"
        }
        compare(ours, script, "format")
    }

    func testPatternsAgainstLua() {
        var r = SplitMix64(seed: fuzzSeed(7))
        var ours: [String] = []
        var script = PatternFuzzLua.showResults
        let atoms = ["a", "b", ".", "%a", "%d", "%s", "%w", "%p", "%A", "[ab]", "[^a]", "[a-c]", "[%a_]", "%b()",
                     "%f[%w]", "(", ")", "()", "%1", "^", "$", "*", "+", "-", "?", "%", "[", "]", "%2", "x"]
        for _ in 0..<4000 {
            var p = ""
            for _ in 0..<(1 + r.below(6)) { p += r.pick(atoms) }
            var s = ""
            for _ in 0..<r.below(12) { s += r.pick(["a", "b", "c", "(", ")", " ", "1", "_", "x", "."]) }
            let sb = Array(s.utf8), pb = Array(p.utf8)
            let start = r.below(3) == 0 ? r.below(sb.count + 2) : 0
            var line: String
            do {
                line = try sb.withUnsafeBufferPointer { sp in try pb.withUnsafeBufferPointer { pp in
                    if PatternSearch.isPlain(pp) {
                        guard let a = PatternSearch.plainFind(sp, pp, from: start) else { return "ok nil" }
                        return "ok \(a + 1) \(a + pp.count)"
                    }
                    guard let m = try PatternSearch.searchCaptures(sp, pp, from: start) else { return "ok nil" }
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
            if start > sb.count { line = "ok nil" }
            ours.append(line)
            script += "show(pcall(string.find, \(luaLiteral(sb)), \(luaLiteral(pb)), \(start + 1)))\n"
            // gsub with a template replacement
            let repl = Array(r.pick(["<%0>", "%1", "[%2]", "%%", "-", "%"]).utf8)
            let n = r.below(4) == 0 ? r.below(3) : Int.max
            do {
                line = try sb.withUnsafeBufferPointer { sp in try pb.withUnsafeBufferPointer { pp in
                    try repl.withUnsafeBufferPointer { rp in
                        let (o, k) = try PatternSearch.gsub(sp, pp, .template(rp), maxReplacements: n)
                        return "ok \(String(decoding: o, as: UTF8.self)) \(k)"
                    } } }
            } catch {
                line = "err " + describe(error, "gsub")
            }
            ours.append(line)
            script += "show(pcall(string.gsub, \(luaLiteral(sb)), \(luaLiteral(pb)), \(luaLiteral(repl))\(n == Int.max ? "" : ", \(n)")))\n"
        }
        compare(ours, script, "pattern")
    }

    func testPackAgainstLua() {
        var r = SplitMix64(seed: fuzzSeed(99))
        var ours: [String] = []
        var script = """
            local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end
            local function show(ok, ...)
              if not ok then print('err ' .. (...):gsub("'string%.(%a+)'", "'%1'")) return end
              local t = table.pack(...)
              local s = {}
              for i = 1, t.n do
                local v = t[i]
                if math.type(v) == 'float' then s[i] = string.format('%.17g', v)
                elseif type(v) == 'string' then s[i] = hex(v) else s[i] = tostring(v) end
              end
              print('ok ' .. table.concat(s, ' '))
            end

            """
        let opts = ["b", "B", "h", "H", "i", "I", "i3", "I5", "i16", "I9", "l", "L", "j", "J", "T", "f", "d", "n",
                    "s", "s1", "s2", "z", "x", "c3", "c0", "Xi4", "Xh", "X", "Xc", "!", "!4", "!3", "<", ">", "=", " ",
                    "i0", "i17", "y", "c"]
        for _ in 0..<3000 {
            var f = ""
            var vals: [TestValue] = []
            for _ in 0..<(1 + r.below(5)) {
                let o = r.pick(opts)
                f += o
                switch o.first! {
                case "b", "B", "h", "H", "i", "I", "l", "L", "j", "J", "T":
                    vals.append(.int(r.pick([0, 1, -1, 127, 128, 255, 256, -129, 32767, 65535, 1 << 31, Int64.max, Int64.min])))
                case "f", "d", "n":
                    vals.append(.float(r.pick([0.5, -1.25, 1e40, 3.0, -0.0, 1e-3])))
                case "s", "z", "c":
                    vals.append(.str(r.pick([[], [97], [97, 98, 99], [97, 0, 98], [UInt8](repeating: 120, count: 300)])))
                default: break
                }
            }
            let fb = Array(f.utf8)
            var args = TestArgs(values: vals)
            var line: String
            var packed: [UInt8]? = nil
            do {
                let res = try fb.withUnsafeBufferPointer { try StringPack.pack($0, &args) }
                packed = res
                line = "ok " + hex(res)
            } catch {
                line = "err " + describe(error, "pack")
            }
            ours.append(line)
            script += "show(pcall(string.pack, \(luaLiteral(fb))\(vals.map { ", " + $0.lua }.joined())))\n"
            // unpack what was packed (or a fixed buffer), sometimes from an offset
            let data = packed ?? Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
            let from = r.below(4) == 0 ? r.below(data.count + 2) : 0
            do {
                let (vs, next) = try fb.withUnsafeBufferPointer { fp in try data.withUnsafeBufferPointer { dp in
                    try StringPack.unpack(fp, dp, from: from) } }
                var parts: [String] = []
                for v in vs {
                    switch v {
                    case .integer(let i): parts.append(String(i))
                    case .float(let d): parts.append(String(format: "%.17g", d))
                    case .string(let s): parts.append(hex(s))
                    }
                }
                parts.append(String(next + 1))
                line = "ok " + parts.joined(separator: " ")
            } catch {
                line = "err " + describe(error, "unpack")
            }
            ours.append(line)
            script += "show(pcall(string.unpack, \(luaLiteral(fb)), \(luaLiteral(data)), \(from + 1)))\n"
            do {
                let n = try fb.withUnsafeBufferPointer { try StringPack.packsize($0) }
                line = "ok \(n)"
            } catch {
                line = "err " + describe(error, "packsize")
            }
            ours.append(line)
            script += "show(pcall(string.packsize, \(luaLiteral(fb))))\n"
        }
        compare(ours, script, "pack")
    }
}

/// The Lua side of the pattern fuzz tests: `show(pcall(f, ...))` prints "ok R1 R2..." or "err MSG",
/// one line per call, the form the Swift side's results are written in.
enum PatternFuzzLua {
    static let showResults = """
        local function show(ok, ...)
          if not ok then print('err ' .. ...) return end
          local t = table.pack(...)
          local s = {}
          for i = 1, t.n do s[i] = tostring(t[i]) end
          print('ok ' .. table.concat(s, ' '))
        end

        """
}
