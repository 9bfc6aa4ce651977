// Background compilation (`--jit-threads=1`) as `--jit-log` shows it: jobs queued and installed
// with their wait, jobs dropped when what they assumed changed in flight (with
// `--jit-compile-delay`, the testing aid that keeps every compile in flight long enough), a hot
// loop entered by OSR at the install, and the synchronous path (`--jit-threads=0`) queueing
// nothing. The answers are always the interpreter's.
import Foundation
import TestSupport
import XCTest

final class JITBackgroundTests: XCTestCase {
    private func vmrepl() throws -> String {
        switch TestEnvironment.vmrepl() {
        case .success(let path): return path
        case .failure(let e): throw e
        }
    }

    private func runScript(_ name: String, _ options: [String]) throws -> ChildResult {
        let dir = TestEnvironment.scriptsRoot.appendingPathComponent("jit").path
        return ChildProcess.run([try vmrepl()] + options + [name], cwd: dir, timeout: 60)
    }

    private func runSource(_ source: String, _ options: [String]) throws -> ChildResult {
        let path = ChildProcess.scratch + "/background.lua"
        try source.write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        return ChildProcess.run([try vmrepl()] + options + ["background.lua"], cwd: ChildProcess.scratch, timeout: 30)
    }

    private func logLines(_ r: ChildResult) -> [String] {
        r.stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("jit: ") }
    }

    func testAssumptionsChangedInFlightDropTheCode() throws {
        let script = "background_compile_invalidated.lua"
        let reference = try runScript(script, ["--jit=off"])
        XCTAssertEqual(reference.exit, .status(0), reference.stderr)
        for mode in ["--jit=eager", "--jit=stress"] {
            let r = try runScript(script, [mode, "--jit-threads=1", "--jit-compile-delay=20", "--jit-log"])
            XCTAssertEqual(r.exit, .status(0), r.stderr)
            XCTAssertEqual(r.stdout, reference.stdout, mode)
            let log = logLines(r)
            func has(_ event: String, _ text: String) -> Bool {
                log.contains { $0.hasPrefix("jit: \(event) ") && $0.contains(text) }
            }
            let name = "function (\(script):"
            XCTAssertTrue(has("queue", name) && has("queue", "snapshot"), "\(mode): no queue event\n\(r.stderr)")
            XCTAssertTrue(has("install", name) && has("install", "waited"), "\(mode): no install event\n\(r.stderr)")
            XCTAssertTrue(has("drop", "all compiled code was discarded while it compiled"), "\(mode): flush\n\(r.stderr)")
            XCTAssertTrue(has("drop", "grew while it compiled"), "\(mode): feedback\n\(r.stderr)")
            XCTAssertTrue(has("drop", "code of this function was discarded while it compiled"), "\(mode): discard\n\(r.stderr)")
            XCTAssertTrue(has("drop", "it was freed while it compiled"), "\(mode): freed\n\(r.stderr)")
            // Nothing dropped is installed: each install follows the compile of the same job.
            for (i, line) in log.enumerated() where line.hasPrefix("jit: install ") {
                XCTAssertTrue(i > 0 && log[i - 1].hasPrefix("jit: compile "), "install without its compile: \(line)")
            }
        }
    }

    func testAHotLoopIsEnteredAtTheInstall() throws {
        // Called once, its loop long: the frame that asked for the entry is still in the loop
        // when the code arrives, and jumps in at the check that takes the INSTALL request.
        let source = """
            local function spin(n)
              local s = 0
              for i = 1, n do s = s + i % 7 end
              return s
            end
            print(spin(30000000))
            """
        let r = try runSource(source, ["--jit=on", "--jit-threads=1", "--hot-loop=100", "--hot-call=1000000", "--jit-log"])
        XCTAssertEqual(r.exit, .status(0), r.stderr)
        XCTAssertEqual(r.stdout, "89999997\n")
        let log = logLines(r).filter { $0.contains("function (background.lua:1)") }
        guard let queued = log.firstIndex(where: { $0.hasPrefix("jit: queue ") && $0.contains("OSR entry") }),
              let installed = log.firstIndex(where: { $0.hasPrefix("jit: install ") }),
              let entered = log.firstIndex(where: { $0.hasPrefix("jit: osr ") }) else {
            return XCTFail("expected queue, install and osr events:\n\(r.stderr)")
        }
        XCTAssertTrue(queued < installed && installed < entered, r.stderr)
        XCTAssertEqual(log.filter { $0.hasPrefix("jit: osr ") }.count, 1, r.stderr)
    }

    func testSynchronousCompilesQueueNothing() throws {
        let source = "local function f(n) local s = 0 for i = 1, n do s = s + i end return s end print(f(100), f(200))"
        let r = try runSource(source, ["--jit=eager", "--jit-threads=0", "--jit-log"])
        XCTAssertEqual(r.exit, .status(0), r.stderr)
        XCTAssertEqual(r.stdout, "5050\t20100\n")
        let log = logLines(r)
        XCTAssertTrue(log.contains { $0.hasPrefix("jit: compile function (background.lua:1)") }, r.stderr)
        XCTAssertFalse(log.contains { $0.hasPrefix("jit: queue ") || $0.hasPrefix("jit: install ") }, r.stderr)
        XCTAssertFalse(r.stderr.contains("on the compiler thread"), r.stderr)
    }

    func testThreadsOptionTakesZeroOrOne() throws {
        let bad = ChildProcess.run([try vmrepl(), "--jit-threads=2", "-e", "print(1)"], timeout: 10)
        XCTAssertEqual(bad.exit, .status(1))
        XCTAssertTrue(bad.stderr.contains("--jit-threads takes 0 or 1"), bad.stderr)
        for n in ["0", "1"] {
            let ok = ChildProcess.run([try vmrepl(), "--jit-threads=\(n)", "-e", "print(1)"], timeout: 10)
            XCTAssertEqual(ok.stdout, "1\n", ok.stderr)
        }
    }
}
