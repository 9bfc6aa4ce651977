// CloseFuzzTests: generated programs full of <close> variables whose close methods fail, yield or
// cannot be called, left by falling off the end, return, break, goto and errors, under pcall,
// xpcall, metamethods, natives and coroutines; run on the built vmrepl and on the Lua 5.4.8
// reference, the outputs must be equal line by line.
//
// Invariants: each case prints exactly one line (its log of close calls and results), so a
// mismatch names its case; error messages are stripped of their positions; the generator is
// seeded (STDLIB_FUZZ_SEED replays or explores). Without the reference (lupa for python3, or
// LUA_REF naming an executable) the test is skipped: 5.4.4 differs from 5.4.8 on close.

import Foundation
import XCTest
import TestSupport

/// The seeded generator of close-heavy Lua programs.
struct CloseProgramGenerator {
    var r: SplitMix64
    var counter = 0

    /// Where a block is generated: what it may contain.
    struct Context {
        var depth = 0
        var inLoop = false        // break is allowed
        var label: String? = nil  // a label at the end of the enclosing loop body (goto target)
        var yields = false        // close methods may yield (a coroutine, no native in between)
    }

    init(seed: UInt64) { r = SplitMix64(seed: seed) }

    static let prelude = """
        local log
        local function w(s) log[#log + 1] = s end
        local function clean(e)
          if type(e) == 'string' then return (e:gsub('[^%s:]*:%d+: ', '')) end
          if type(e) == 'table' then return 'T' .. tostring(e.n) end
          return tostring(e)
        end
        local function mk(name, kind)
          return setmetatable({}, {__close = function(_, e)
            w(name .. '(' .. clean(e) .. ')')
            if kind == 1 then error(name, 0)
            elseif kind == 2 then error({n = name})
            elseif kind == 3 then error(name)
            elseif kind == 4 then w(name .. '>' .. clean(coroutine.yield(name))) end
          end})
        end
        local function nc(v, h) getmetatable(v).__close = h end
        local function it(_, i) if i < 2 then return i + 1 end end
        local function res(...)
          local t = table.pack(...)
          local s = {}
          for i = 1, t.n do s[i] = clean(t[i]) end
          return table.concat(s, ',')
        end
        local function case(id, f)
          log = {}
          w('=' .. res(pcall(f)))
          print(id .. ': ' .. table.concat(log, ' '))
        end
        local function xcase(id, f)
          log = {}
          w('=' .. res(xpcall(f, function(m) w('h(' .. clean(m) .. ')') return 'H:' .. clean(m) end)))
          print(id .. ': ' .. table.concat(log, ' '))
        end
        local function wcase(id, f)
          log = {}
          local co = coroutine.wrap(function() return 'done', f() end)
          local arg = 0
          for _ = 1, 40 do
            arg = arg + 1
            local t = table.pack(pcall(co, 'r' .. arg))
            w('<' .. res(table.unpack(t, 1, t.n)) .. '>')
            if not t[1] or t[2] == 'done' then break end
          end
          print(id .. ': ' .. table.concat(log, ' '))
        end
        local function ccase(id, f, resumes)
          log = {}
          local co = coroutine.create(f)
          for i = 1, resumes do w('<' .. res(coroutine.resume(co, 'r' .. i)) .. '>') end
          w(coroutine.status(co))
          w('c=' .. res(coroutine.close(co)))
          print(id .. ': ' .. table.concat(log, ' '))
        end

        """

    mutating func name(_ p: String) -> String { counter += 1; return p + String(counter) }

    /// A close kind: 0 fine, 1 error string, 2 error table, 3 error with position, 4 yield.
    mutating func kind(_ c: Context) -> Int {
        let k = r.pick([0, 0, 0, 1, 1, 2, 3, 4])
        return k == 4 && !c.yields ? 0 : k
    }

    mutating func errorStatement() -> String {
        let e = name("E")
        switch r.below(4) {
        case 0: return "error('\(e)', 0)"
        case 1: return "error({n = '\(e)'})"
        case 2: return "local z; z = z + 1"
        default: return "error('\(e)')"
        }
    }

    /// A <close> declaration, sometimes followed by making its handler uncallable.
    mutating func declaration(_ c: Context) -> String {
        let v = name("v")
        switch r.below(12) {
        case 0: return "local \(v) <close> = nil"
        case 1: return "local \(v) <close> = false"
        case 2, 3:
            let h = r.pick(["nil", "42", "'s'", "{}", "setmetatable({}, {__call = function(_, _, e) w('call(' .. clean(e) .. ')') end})"])
            return "local \(v) <close> = mk('\(v)', 0); nc(\(v), \(h))"
        default: return "local \(v) <close> = mk('\(v)', \(kind(c)))"
        }
    }

    /// A block of 1-4 statements; `last` may end it with return / break / goto / error.
    mutating func block(_ c: Context) -> String {
        var s: [String] = []
        for _ in 0..<(1 + r.below(4)) { s.append(statement(c)) }
        switch r.below(8) {
        case 0: s.append("return")
        case 1: s.append("return '\(name("r"))', nil, \(r.below(9))")
        case 2: s.append(errorStatement())
        case 3 where c.inLoop: s.append(r.chance(50) ? "break" : "if \(r.chance(50) ? "i == 1" : "true") then break end")
        case 4 where c.label != nil: s.append("goto \(c.label!)")
        default: break
        }
        return s.joined(separator: "\n")
    }

    mutating func statement(_ c: Context) -> String {
        var inner = c
        inner.depth += 1
        if c.depth >= 3 { return r.chance(70) ? declaration(c) : "w('\(name("s"))')" }
        switch r.below(14) {
        case 0, 1, 2, 3: return declaration(c)
        case 4: return "do\n\(block(inner))\nend"
        case 5:
            let l = name("c")
            var body = inner; body.inLoop = true; body.label = l
            // (The body is a block of its own: a return must end one, and the label follows.)
            return "for i = 1, 2 do\ndo\n\(block(body))\nend\n::\(l)::\nend"
        case 6:
            var body = inner; body.inLoop = true; body.label = nil
            let v = name("f")
            return "for i in it, nil, 0, mk('\(v)', \(kind(c))) do\n\(block(body))\nend"
        case 7:
            // A backward goto through a block holding <close> variables.
            let l = name("top"), k = name("k")
            return "do\nlocal \(k) = 0\n::\(l)::\n\(k) = \(k) + 1\ndo\n\(declaration(c))\nif \(k) < 2 then goto \(l) end\n\(block(inner))\nend\nend"
        case 8:
            // A nested pcall: its result is logged, the outer code goes on.
            var body = inner; body.inLoop = false; body.label = nil
            return "w('p=' .. res(pcall(function()\n\(block(body))\nend)))"
        case 9:
            // A call whose result is returned (not a tail call: the caller has <close> variables).
            var body = inner; body.inLoop = false; body.label = nil
            let g = name("g")
            return "local function \(g)()\n\(block(body))\nend\nif \(r.chance(50) ? "true" : "false") then return \(g)() end"
        case 10:
            // A metamethod (called from Lua code: yieldable in a coroutine).
            var body = inner; body.inLoop = false; body.label = nil
            return "w('m=' .. clean(setmetatable({}, {__index = function()\n\(block(body))\nend}).x))"
        case 11:
            // A native's callback (a C-call boundary for yields): no yielding close inside.
            var body = inner; body.inLoop = false; body.label = nil; body.yields = false
            return "w('g=' .. res(string.gsub('a', 'a', function()\n\(block(body))\nend)))"
        case 12: return errorStatement()
        default: return "w('\(name("s"))')"
        }
    }

    /// One case: a line of the program.
    mutating func programCase(_ id: Int) -> String {
        var c = Context()
        switch r.below(10) {
        case 0, 1:
            return "xcase(\(id), function()\n\(block(c))\nend)\n"
        case 2, 3:
            c.yields = true
            return "wcase(\(id), function()\n\(block(c))\nend)\n"
        case 4:
            c.yields = true
            // coroutine.resume leaves the variables of a coroutine dead by an error pending (until
            // close); ours closes those of a native's callback as the error leaves the native (it
            // might catch the error in Swift): a known difference, not drawn here.
            return "ccase(\(id), function()\n\(blockWithoutNatives(c))\nend, \(1 + r.below(3)))\n"
        default:
            return "case(\(id), function()\n\(block(c))\nend)\n"
        }
    }

    /// A block with no native callbacks (re-drawn until none).
    mutating func blockWithoutNatives(_ c: Context) -> String {
        while true {
            let b = block(c)
            if !b.contains("string.gsub") { return b }
        }
    }

    mutating func program(cases: Int) -> String {
        var s = CloseProgramGenerator.prelude
        for id in 1...cases { s += programCase(id) }
        return s
    }
}

final class CloseFuzzTests: XCTestCase {
    /// The 5.4.8 reference: LUA_REF (an executable; "none" turns it off), else python3 with lupa
    /// running Tests/Reference/lua548.py. nil when neither is there.
    static let reference: (exe: String, options: [String])? = {
        let env = ProcessInfo.processInfo.environment
        if let ref = env["LUA_REF"] { return ref == "none" || ref.isEmpty ? nil : (ref, []) }
        let runner = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Reference/lua548.py").path
        for dir in (env["PATH"] ?? "/usr/bin").split(separator: ":") {
            let python = "\(dir)/python3"
            guard FileManager.default.isExecutableFile(atPath: python) else { continue }
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: python)
            probe.arguments = ["-c", "import lupa.lua54"]
            probe.standardOutput = FileHandle.nullDevice
            probe.standardError = FileHandle.nullDevice
            guard (try? probe.run()) != nil else { return nil }
            probe.waitUntilExit()
            return probe.terminationStatus == 0 ? (python, [runner]) : nil
        }
        return nil
    }()

    func testCloseProgramsAgainstReference() throws {
        guard let vm = StdlibTestEnvironment.vmrepl() else {
            throw XCTSkip("vmrepl is not built next to the tests (set VMREPL_BIN)")
        }
        guard let ref = CloseFuzzTests.reference else {
            throw XCTSkip("no Lua 5.4.8 reference (python3 with lupa, or LUA_REF)")
        }
        let seed = fuzzSeed(5408)
        var gen = CloseProgramGenerator(seed: seed)
        let script = gen.program(cases: 1200)
        guard let (status, ours) = StdlibTestEnvironment.run([vm], script: script, timeout: 20) else {
            return XCTFail("vmrepl did not finish the close fuzz program in time (seed \(seed))")
        }
        guard let (refStatus, theirs) = StdlibTestEnvironment.run([ref.exe] + ref.options, script: script, timeout: 60) else {
            throw XCTSkip("the reference did not finish the close fuzz program")
        }
        XCTAssertEqual(status, refStatus, "exit status (seed \(seed))")
        let a = ours.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = theirs.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertGreaterThan(b.count, 1200, "the reference printed a line per case")
        var bad = 0
        for k in 0..<max(a.count, b.count) {
            let x = k < a.count ? a[k] : "<missing>", y = k < b.count ? b[k] : "<missing>"
            if x != y {
                bad += 1
                if bad <= 5 { XCTFail("seed \(seed), line \(k + 1):\n  vmrepl: \(x)\n  5.4.8:  \(y)") }
            }
        }
        if bad > 0 {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("close-fuzz-\(seed).lua")
            try? Data(script.utf8).write(to: file)
            XCTFail("\(bad) of \(max(a.count, b.count)) lines differ; the program is in \(file.path)")
        }
    }
}
