// OSR as `--jit=on` does it, with thresholds set on the command line: a loop is entered mid-run
// by its frame, and a frame whose values do not match what the loop was compiled for is refused
// at the entry (the interpreter goes on), with the refusal logged and the result Lua's.
import Foundation
import TestSupport
import XCTest

final class JITOSRTests: XCTestCase {
    private func run(_ script: String, _ options: [String]) throws -> ChildResult {
        let vmrepl: String
        switch TestEnvironment.vmrepl() {
        case .success(let path): vmrepl = path
        case .failure(let e): throw e
        }
        let path = ChildProcess.scratch + "/osr.lua"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        // Synchronous compiles: the loops here run a few thousand iterations, over before a
        // background compile would arrive (OSR at install: JITBackgroundTests).
        return ChildProcess.run([vmrepl, "--jit-threads=0"] + options + ["osr.lua"], cwd: ChildProcess.scratch, timeout: 20)
    }

    func testAnEntryWhoseFrameHoldsAFloatIsRefused() throws {
        // `run` is called twice only (never hot as a function): its loop is entered by OSR in
        // both calls; the second frame's s is a float where the code carries an integer.
        let script = """
            local function run(start, n)
              local s = start
              for _ = 1, n do s = s + 1 end
              return s
            end
            print(run(0, 3000))
            print(run(0.5, 3000))
            """
        let r = try run(script, ["--jit=on", "--hot-loop=100", "--hot-call=1000000", "--jit-log"])
        XCTAssertEqual(r.exit, .status(0), r.stderr)
        XCTAssertEqual(r.stdout, "3000\n3000.5\n")
        let log = r.stderr.split(separator: "\n").map(String.init)
        XCTAssertTrue(log.contains { $0.hasPrefix("jit: osr function (osr.lua:1)") }, r.stderr)
        XCTAssertTrue(log.contains { $0.hasPrefix("jit: refuse function (osr.lua:1)") && $0.contains("OSR entry: notInteger") },
                      r.stderr)
    }

    func testEveryLoopKindIsEnteredMidRun() throws {
        // Each loop kind runs in a chunk of its own (a main chunk is never compiled whole, and an
        // OSR entry's code covers its loop and what follows it): only OSR can compile it.
        let script = """
            local kinds = {
              int_for = "local a = 0 for i = 1, 5000 do a = a + i end return a",
              float_for = "local b = 0.0 for x = 0.5, 2500, 0.5 do b = b + x end return b",
              float_for_down = "local b = 0.0 for x = 2500, 0.5, -0.5 do b = b + x end return b",
              while_loop = "local c, i = 0, 0 while i < 5000 do i = i + 1; c = c + i end return c",
              repeat_loop = "local d, j = 0, 0 repeat j = j + 1; d = d + j until j >= 5000 return d",
              -- (enough work per iteration besides the iterator's call for --jit=on's policy,
              -- JITLimits.maxRuntimeShareInLoops, to compile it)
              generic_for = "local e, t = 0, {} for k = 1, 5000 do t[k] = k end for _, v in ipairs(t) do local w = v * 2 - 1 + v % 3 + v // 7; w = w * 3 % 1009 + (v + 1) * (v + 2) % 17 - v // 13; e = e + w + (w * v) % 97 + (v - w) // 5 end return e",
            }
            for _, name in ipairs({"int_for", "float_for", "float_for_down", "while_loop", "repeat_loop", "generic_for"}) do
              print(name, load(kinds[name], "=" .. name)())
            end
            """
        let r = try run(script, ["--jit=on", "--hot-loop=100", "--jit-log"])
        XCTAssertEqual(r.exit, .status(0), r.stderr)
        XCTAssertEqual(r.stdout, """
            int_for\t12502500
            float_for\t6251250.0
            float_for_down\t6251250.0
            while_loop\t12502500
            repeat_loop\t12502500
            generic_for\t4000140

            """)
        let log = r.stderr.split(separator: "\n")
        for name in ["int_for", "float_for", "float_for_down", "while_loop", "repeat_loop", "generic_for"] {
            XCTAssertTrue(log.contains { $0.hasPrefix("jit: osr main chunk (\(name))") }, "\(name) was not entered by OSR:\n\(r.stderr)")
        }
        XCTAssertFalse(r.stderr.contains("refuse"), r.stderr)
    }
}
