// ComparisonFuzzTests: random order comparisons (<, <=, >, >=) between numbers, strings, and tables
// whose metatables have only __lt, both __lt and __le, a __lt giving non-boolean results, a __lt
// that yields, or none; as values, in conditions (the jump forms), and against constants (the
// immediate forms). Run on vmrepl and on Debian's lua5.4: `<=` falling back to `not (b < a)`
// through __lt is compat-5.3 behaviour, which lupa's build of 5.4.8 lacks.
//
// Invariants: every case prints one line (its results or its error, position stripped, then the
// metamethods it called with their operands); the generator is seeded.

import XCTest
import TestSupport

final class ComparisonFuzzTests: XCTestCase {
    static let prelude = """
        local log = {}
        local function val(x) if type(x) == "table" then return x.v end return x end
        local function note(tag, a, b) log[#log + 1] = tag .. "(" .. tostring(val(a)) .. "," .. tostring(val(b)) .. ")" end
        local LT = {__lt = function(a, b) note("lt", a, b) return val(a) < val(b) end}
        local LE = {__lt = function(a, b) note("lt", a, b) return val(a) < val(b) end,
                    __le = function(a, b) note("le", a, b) return val(a) <= val(b) end}
        local ODD = {__lt = function(a, b) note("odd", a, b) if val(a) == val(b) then return nil end return "yes" end}
        local YLT = {__lt = function(a, b) note("ylt", a, b) coroutine.yield() return val(a) < val(b) end}
        local PLAIN = {}
        local function T(mt, v) return setmetatable({v = v}, mt) end
        local function show(ok, ...)
          local r = {}
          if ok then for i = 1, select("#", ...) do r[i] = tostring((select(i, ...))) end
          else r[1] = "err " .. tostring((...)):gsub("^.-:%d+: ", "") end
          print(table.concat(r, " ") .. " | " .. table.concat(log, " "))
          log = {}
        end
        -- Run f to the end, resuming it across the yields of YLT's __lt.
        local function run(f)
          local co = coroutine.wrap(function() return "done", pcall(f) end)
          local r = table.pack(co())
          local n = 0
          while r[1] ~= "done" do n = n + 1 r = table.pack(co()) end
          return table.unpack(r, 2, r.n)
        end

        """

    func operand(_ r: inout SplitMix64) -> String {
        switch r.below(8) {
        case 0: return r.pick(["1", "2", "2.5", "-1", "0/0", "math.maxinteger", "3"])
        case 1: return r.pick(["'a'", "'b'", "'10'"])
        case 2: return r.pick(["nil", "true", "{}"])
        default:
            let mt = r.pick(["LT", "LT", "LE", "ODD", "YLT", "PLAIN"])
            return "T(\(mt), \(r.pick(["1", "2", "3", "2.5", "'a'"])))"
        }
    }

    func generate(seed: UInt64, cases: Int) -> String {
        var r = SplitMix64(seed: seed)
        var script = ComparisonFuzzTests.prelude
        let ops = ["<", "<=", ">", ">="]
        for _ in 0..<cases {
            let x = operand(&r), y = operand(&r)
            let op = r.pick(ops), op2 = r.pick(ops)
            let body: String
            switch r.below(6) {
            case 0: body = "return x \(op) y"
            case 1: body = "if x \(op) y then return 'T' else return 'F' end"
            case 2: body = "return x \(op) \(r.pick(["2", "1", "2.5", "-1"])), \(r.pick(["2", "1.5", "3"])) \(op2) x"
            case 3: body = "local n = 0 while n < 3 and not (x \(op) y) do n = n + 1 end return n"
            case 4: body = "return not (x \(op) y), x \(op2) x"
            default: body = "if y \(op) x and x \(op2) y then return 'both' end return 'not both'"
            }
            script += "do local x, y = \(x), \(y) show(run(function() \(body) end)) end\n"
        }
        return script
    }

    func testLtOnlyComparisonsAgainstLua54() throws {
        guard let vm = StdlibTestEnvironment.vmrepl() else {
            throw XCTSkip("vmrepl is not built next to the tests (set VMREPL_BIN)")
        }
        // The same seed gives the same first cases: a shorter run under --gc-stress (which
        // collects at every safe point, ~75x slower here) must print the same first lines.
        let script = generate(seed: fuzzSeed(54), cases: 2000)
        let stressed = generate(seed: fuzzSeed(54), cases: 200)
        var transcripts: [String] = []
        for (text, options) in [(script, []), (stressed, ["--gc-stress"])] {
            guard let (status, out) = StdlibTestEnvironment.run([vm], script: text, timeout: 50, options: options) else {
                return XCTFail("vmrepl \(options) did not finish the comparison fuzz in time")
            }
            XCTAssertEqual(status, 0, "vmrepl \(options) exited with status \(status)")
            transcripts.append(out)
        }
        XCTAssertTrue(transcripts[0].hasPrefix(transcripts[1]), "the transcript changes under --gc-stress")
        guard let lua = StdlibTestEnvironment.lua54,
              let (_, theirs) = StdlibTestEnvironment.run([lua], script: script, timeout: 50) else { return }
        let a = transcripts[0].split(separator: "\n", omittingEmptySubsequences: false)
        let b = theirs.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(a.count, b.count, "transcripts differ in length")
        let calls = script.split(separator: "\n").filter { $0.hasPrefix("do local") }
        var bad = 0
        for k in 0..<min(a.count, b.count) where a[k] != b[k] {
            bad += 1
            if bad <= 10 { XCTFail("case \(k) \(k < calls.count ? String(calls[k]) : ""):\n  vmrepl: \(a[k])\n  lua5.4: \(b[k])") }
        }
    }
}
