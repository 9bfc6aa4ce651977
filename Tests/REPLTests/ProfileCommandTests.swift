// `:profile STAT` in the session, through a pty: the statement runs with the sampling profiler on,
// its result is printed, then the report names the function that did the work (with its share of
// compiled code, 0 with the JIT off), and the session goes on; `:help` lists the command.
import Foundation
import XCTest

final class ProfileCommandTests: XCTestCase {
    func profile(engine: [String], compiled: Bool) throws {
        let s = try PTYSession(arguments: engine)
        XCTAssertTrue(s.expectPrompt())
        s.type("function hot(n) local s = 0 for i = 1, n do s = (s + i * 7) % 1000003 end return s end\n")
        XCTAssertTrue(s.expectPrompt())
        s.type(":profile hot(5e6)\n")
        XCTAssertTrue(s.expect("profile: "))
        XCTAssertTrue(s.expect(compiled ? "running in compiled code" : "running in compiled code 0.0%"))
        XCTAssertTrue(s.expect("hottest functions"))
        XCTAssertTrue(s.expect("  hot (stdin:1)"))
        // With the JIT off, hot's row ends in its compiled and interpreted shares: 0.0%, 100.0%
        // (the numbers with the JIT on are checked by ScriptTests' ProfilerTests).
        if !compiled { XCTAssertTrue(s.expect("0.0%   100.0%")) }
        XCTAssertTrue(s.expect("hottest lines"))
        XCTAssertTrue(s.expectPrompt())
        // The session goes on, its globals intact, and the profiler is off again.
        s.type("print(hot(10))\n")
        XCTAssertTrue(s.expect("385"))
        XCTAssertTrue(s.expectPrompt())
        s.type(":help\n")
        XCTAssertTrue(s.expect(":profile STAT"))
        XCTAssertTrue(s.expectPrompt())
        s.type(":quit\n")
        XCTAssertEqual(s.waitExit(), 0)
    }

    func testProfileInterpreted() throws { try profile(engine: ["--jit=off"], compiled: false) }

    func testProfileCompiled() throws { try profile(engine: ["--jit=eager"], compiled: true) }

    /// Requests other than the tick still work while the profiler runs, in compiled code: Ctrl-\
    /// (PAUSE) dumps and the program goes on, Ctrl-C stops it (compiled code's check slow path
    /// posts those bits again and exits to the interpreter, which serves them), and the report is
    /// written at that exit.
    func testPauseAndInterruptWhileProfilingCompiledCode() throws {
        let base = NSTemporaryDirectory() + "vmrepl-profile-int-\(getpid())"
        try """
            local function spin(n) local s = 0 for i = 1, n do s = (s + i * 7) % 1000003 end return s end
            while true do spin(100000) end

            """.write(toFile: base + ".lua", atomically: true, encoding: .utf8)
        defer { for ext in [".lua", ".txt"] { try? FileManager.default.removeItem(atPath: base + ext) } }
        let s = try PTYSession(arguments: ["--jit=eager", "--profile=\(base).txt", base + ".lua"])
        usleep(400_000)
        kill(s.pid, SIGQUIT)
        XCTAssertTrue(s.expect("Ctrl-\\: the program goes on"))
        usleep(200_000)
        kill(s.pid, SIGINT)
        XCTAssertTrue(s.expect("interrupted"))
        XCTAssertEqual(s.waitExit(), 130)
        let report = (try? String(contentsOfFile: base + ".txt", encoding: .utf8)) ?? ""
        XCTAssertTrue(report.hasPrefix("profile: "), report)
        XCTAssertTrue(report.contains("  spin ("), report)
        XCTAssertFalse(report.contains("running in compiled code 0.0%"), report)
    }
}
