// 1,000 SIGINTs at random moments during random programs: the process never crashes, and a
// heap-verify pass after each run finds no corruption.
//
// Each run feeds `vmrepl` (stdin a pipe, so lines run as in the REPL) a list of never-ending
// chunks built from a seeded mix of table, string, closure, coroutine, pcall, metamethod, sort and
// GC work; every SIGINT ends the running chunk and the session moves on to the next one.

import Foundation
import TestSupport
import XCTest

final class InterruptStressTests: XCTestCase {

    static func randomChunk(_ rng: inout SplitMix64) -> String {
        func k(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
        let ops = [
            "local t = {} for i = 1, \(k(10...500)) do t[i] = i * \(k(1...9)) end g = g + #t",
            "local s = '' for i = 1, \(k(5...200)) do s = s .. i end g = g + #s",
            "local f = function(a) return function(b) return a + b end end g = g + f(\(k(1...9)))(1)",
            "local co = coroutine.wrap(function() for i = 1, \(k(2...50)) do coroutine.yield(i) end end) for i = 1, 2 do g = g + co() end",
            "pcall(error, {code = \(k(1...99))}) g = g + 1",
            "local ok = pcall(function() local x = nil; return x.y end) g = g + 1",
            "local m = setmetatable({}, {__index = function(t, key) return key * 2 end, __add = function(a, b) return 7 end}) g = g + m[\(k(1...9))] + (m + m)",
            "local t = {} for i = 1, \(k(10...300)) do t[i] = (i * 7919) % 1009 end table.sort(t, function(a, b) return a > b end) g = g + t[1]",
            "local s = string.rep('ab', \(k(10...2000))) g = g + #s:gsub('a', 'xy') + (s:find('ba', 1, true) or 0)",
            "local parts = {} for w in ('a b c d e f'):gmatch('%a') do parts[#parts + 1] = w:upper() end g = g + #table.concat(parts, ',')",
            "if g % \(k(3...50)) == 0 then collectgarbage() end g = g + 1",
            "local w = setmetatable({}, {__mode = 'k'}) w[{}] = 1 w[{}] = 2 g = g + 1",
            "g = g + select('#', string.format('%d %s %5.2f', \(k(1...99)), 'x', 1.5))",
            "local t = {} for i = 1, \(k(1...50)) do t['k' .. i] = {i, tostring(i)} end for key, v in pairs(t) do g = g + v[1] end",
        ]
        let body = (0..<k(1...4)).map { _ in ops[k(0...(ops.count - 1))] }.joined(separator: " ")
        switch k(0...3) {
        case 0: return "pcall(function() while true do \(body) end end)"
        case 1: return "coroutine.wrap(function() while true do \(body) end end)()"
        default: return "while true do \(body) end"
        }
    }

    /// One process: `chunks` endless chunks, SIGINTs at random 1-12 ms intervals until all ran.
    private func stressRun(seed: UInt64, signals: Int) throws -> Int {
        var rng = SplitMix64(seed: seed)
        let dir = NSTemporaryDirectory()
        let outPath = dir + "vmrepl-stress-\(getpid())-\(seed).out"
        let errPath = dir + "vmrepl-stress-\(getpid())-\(seed).err"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: PTYSession.binary)
        p.arguments = PTYSession.engineArguments + ["-i"]  // a scripted session: stdin line by line
        var env = ProcessInfo.processInfo.environment
        env["VMREPL_HISTORY"] = ""
        p.environment = env
        let input = Pipe()
        p.standardInput = input
        p.standardOutput = FileHandle(forWritingAtPath: outPath)
        p.standardError = FileHandle(forWritingAtPath: errPath)
        try p.run()
        var program = ["g = 0", "print('ready')"]
        for _ in 0..<signals { program.append(InterruptStressTests.randomChunk(&rng)) }
        program += [":verify", "print('g is ' .. math.type(g))", ""]
        input.fileHandleForWriting.write(program.joined(separator: "\n").data(using: .utf8)!)
        try input.fileHandleForWriting.close()

        var sent = 0
        let deadline = Date().addingTimeInterval(40)
        func output() -> String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
        // No signal before the session installed its handler (the default action would kill it).
        while p.isRunning && Date() < deadline && !output().contains("ready") { usleep(5_000) }
        // The random burst, then a steady drip until every chunk was interrupted and :verify ran.
        while p.isRunning && Date() < deadline {
            usleep(UInt32(Int.random(in: 1000...12000, using: &rng)))
            if sent >= signals {
                usleep(20_000)
                if output().contains("heap") { break }
            }
            kill(p.processIdentifier, SIGINT)
            sent += 1
        }
        while p.isRunning && Date() < deadline { usleep(10_000) }
        if p.isRunning { p.terminate(); XCTFail("seed \(seed): still running at the deadline") }
        p.waitUntilExit()
        let out = output()
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        XCTAssertEqual(p.terminationReason, .exit, "seed \(seed): crashed\n\(err.suffix(2000))")
        XCTAssertEqual(p.terminationStatus, 0, "seed \(seed)\n\(err.suffix(2000))")
        XCTAssertTrue(out.contains("heap ok"), "seed \(seed): \(out.suffix(500))\n\(err.suffix(2000))")
        XCTAssertFalse(err.contains("heap corrupt"), "seed \(seed): \(err.suffix(2000))")
        // The chunks are valid and never end by themselves: every one was stopped by an interrupt.
        XCTAssertFalse(err.contains(" near "), "seed \(seed): a chunk did not compile\n\(err.suffix(2000))")
        let stopped = err.components(separatedBy: ": interrupted").count - 1
        XCTAssertEqual(stopped, signals, "seed \(seed)\n\(err.suffix(2000))")
        return sent
    }

    func testThousandRandomInterruptsNeverCrash() throws {
        var total = 0
        for seed in UInt64(1)...10 {
            total += try stressRun(seed: seed, signals: 100)
        }
        XCTAssertGreaterThanOrEqual(total, 1000)
    }
}
