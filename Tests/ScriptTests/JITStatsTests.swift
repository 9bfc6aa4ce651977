// `--jit-stats`: the share of executed bytecodes that ran in compiled code, as the command line
// prints it at exit, as `vmrepl.tier(f)` gives it and as `--counters` (`:tier`'s report) shows it.
//
// The counts must agree across tiers: the same program runs the same number of bytecodes whether
// the interpreter or compiled code runs them (exits in the middle of a block, stress mode's
// included), so the totals are compared, not only the shares.
import Foundation
import XCTest

final class JITStatsTests: XCTestCase {
    /// The shares asserted here are those of synchronous compiles: with background compilation
    /// (`--jit-threads=1`) how much of a short program runs before its code arrives depends on
    /// the machine's timing.
    static let synchronous = "--jit-threads=0"

    /// A call-free numeric loop: everything in it compiles.
    static let numericLoop = """
        local s = 0
        for i = 1, 300000 do s = s + i * 2 end
        print(s)
        """
    /// A compiled loop (3 bytecodes an iteration), then one whose every `t[i]` goes through an
    /// `__index` function: compiled code hands that GETTABLE to the interpreter's one step (a
    /// metamethod call), so one of its 3 bytecodes an iteration runs interpreted (the __index
    /// function's RETURN1 runs compiled where the JIT compiled it): 500k of 600k, 83%.
    static let mixedLoops = """
        local s = 0
        for i = 1, 100000 do s = s + i end
        local t = setmetatable({}, {__index = function(t, k) return k end})
        local u = 0
        for i = 1, 100000 do u = u + t[i] end
        print(s, u)
        """

    private func binary() throws -> String {
        switch TestEnvironment.vmrepl() {
        case .success(let path): return path
        case .failure(let e): throw e
        }
    }

    /// Runs `source` with --jit-stats and the given mode; the total and the share (percent) of
    /// the line printed at exit.
    private func stats(_ source: String, _ mode: String, file: StaticString = #filePath, line: UInt = #line) throws
        -> (total: Int, share: Double, stdout: String) {
        let vmrepl = try binary()
        let path = ChildProcess.scratch + "/jit_stats_\(mode).lua"
        try source.write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        let r = ChildProcess.run([vmrepl, Self.synchronous, "--jit=\(mode)", "--jit-stats", path], timeout: 60)
        XCTAssertEqual(r.exit, .status(0), r.stderr, file: file, line: line)
        let last = r.stderr.split(separator: "\n").last.map(String.init) ?? ""
        let words = last.split(separator: " ")
        guard last.hasPrefix("jit-stats: "), last.hasSuffix("% in compiled code"), words.count >= 6,
              let total = Int(words[1]), let share = Double(words[4].dropLast()) else {
            XCTFail("no jit-stats line at the end of stderr: \(r.stderr)", file: file, line: line)
            return (0, -1, r.stdout)
        }
        return (total, share, r.stdout)
    }

    func testACallFreeNumericLoopRunsAlmostAllCompiledWhenEager() throws {
        let off = try stats(Self.numericLoop, "off")
        XCTAssertEqual(off.share, 0.0)
        XCTAssertGreaterThan(off.total, 900_000)  // three bytecodes per iteration
        for mode in ["eager", "on", "stress"] {
            let r = try stats(Self.numericLoop, mode)
            XCTAssertEqual(r.stdout, off.stdout, mode)
            XCTAssertGreaterThan(r.share, 90, mode)
            XCTAssertEqual(r.total, off.total, "\(mode): the tiers count the same program differently")
        }
    }

    /// Tests and their jumps (the interpreter's test takes the JMP after it itself: one counted
    /// instruction either way), while loops, 0-based arrays.
    static let branchyLoops = """
        local t, n = {}, 0
        for i = 0, 9 do t[i] = i end
        for r = 1, 3000 do
          if r % 3 == 0 then n = n + 1 elseif r % 5 == 0 then n = n - 1 end
          local i, j = 0, t[r % 10]
          while i < j do i = i + 1; j = j - 1; n = n + 1 end
        end
        print(n)
        """

    func testTestsAndJumpsCountAsTheInterpreterCountsThem() throws {
        let off = try stats(Self.branchyLoops, "off")
        for mode in ["eager", "on", "stress"] {
            let r = try stats(Self.branchyLoops, mode)
            XCTAssertEqual(r.stdout, off.stdout, mode)
            XCTAssertEqual(r.total, off.total, "\(mode): the tiers count the same program differently")
        }
    }

    func testLoopsWhoseWorkTheInterpreterDoesShareBetween() throws {
        let off = try stats(Self.mixedLoops, "off")
        XCTAssertEqual(off.share, 0.0)
        for mode in ["eager", "stress"] {
            let r = try stats(Self.mixedLoops, mode)
            XCTAssertEqual(r.stdout, off.stdout, mode)
            XCTAssertGreaterThan(r.share, 20, mode)
            XCTAssertLessThan(r.share, 90, mode)
            XCTAssertEqual(r.total, off.total, "\(mode): the tiers count the same program differently")
        }
    }

    func testTierFunctionGivesTheShareOrSaysHowToCount() throws {
        let vmrepl = try binary()
        let source = """
            local vmrepl = require "vmrepl"
            local function f(n) local s = 0 for i = 1, n do s = s + i end return s end
            f(1000); f(1000)
            local t = vmrepl.tier(f)
            print(t.jitStats, t.bytecodes, t.compiledBytecodes, t.compiledShare)
            """
        let path = ChildProcess.scratch + "/jit_stats_tier.lua"
        try source.write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        let on = ChildProcess.run([vmrepl, Self.synchronous, "--jit=eager", "--jit-stats", path], timeout: 30)
        XCTAssertEqual(on.exit, .status(0), on.stderr)
        let cells = on.stdout.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        XCTAssertEqual(cells.first, "on", on.stdout)
        if cells.count == 4, let total = Int(cells[1]), let compiled = Int(cells[2]), let share = Double(cells[3]) {
            // Two calls of a 1000-iteration loop of two bytecodes (ADD, FORLOOP), all but a few
            // compiled.
            XCTAssertGreaterThan(total, 4000)
            XCTAssertLessThan(total, 4100)
            XCTAssertGreaterThan(share, 0.99)
            XCTAssertEqual(share, Double(compiled) / Double(total), accuracy: 1e-9)
        } else {
            XCTFail("vmrepl.tier(f) without its counts: \(on.stdout)")
        }
        let off = ChildProcess.run([vmrepl, Self.synchronous, "--jit=eager", path], timeout: 30)
        XCTAssertEqual(off.exit, .status(0), off.stderr)
        XCTAssertTrue(off.stdout.hasPrefix("off: ") && off.stdout.contains("--jit-stats"), off.stdout)
        XCTAssertTrue(off.stdout.hasSuffix("nil\tnil\tnil\n"), off.stdout)
        XCTAssertFalse(off.stderr.contains("jit-stats:"), off.stderr)
    }

    func testCountersReportShowsEachFunctionsShare() throws {
        let vmrepl = try binary()
        let path = ChildProcess.scratch + "/jit_stats_counters.lua"
        try Self.numericLoop.write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        let r = ChildProcess.run([vmrepl, Self.synchronous, "--jit=eager", "--jit-stats", "--counters", path], timeout: 30)
        XCTAssertEqual(r.exit, .status(0), r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { $0.hasPrefix("all code ") && $0.contains(" bytecodes run, ") }, r.stdout)
        // The main chunk's own row, under its header.
        if let i = lines.firstIndex(where: { $0.hasPrefix("main chunk (") }), i + 1 < lines.count {
            XCTAssertTrue(lines[i + 1].hasPrefix("  ") && lines[i + 1].hasSuffix("% in compiled code"), r.stdout)
        } else {
            XCTFail("no main chunk row: \(r.stdout)")
        }
        let plain = ChildProcess.run([vmrepl, Self.synchronous, "--jit=eager", "--counters", path], timeout: 30)
        XCTAssertFalse(plain.stdout.contains("bytecodes run, "), plain.stdout)
        XCTAssertTrue(plain.stdout.contains("--jit-stats"), plain.stdout)
    }
}
