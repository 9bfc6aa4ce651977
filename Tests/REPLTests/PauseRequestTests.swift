// Ctrl-\ (SIGQUIT) in script mode, with real signals through a pty: at the running code's next
// check, in either tier, vmrepl prints the traceback and the engine's `:tier` report to stderr,
// and the program goes on to its own output and exit status; at the session's idle prompt,
// Ctrl-\ does nothing (it used to kill the process, and the session with it).
import Foundation
import XCTest

final class PauseRequestTests: XCTestCase {
    /// A script whose hot function runs for about 1.5 s (compiled within the first milliseconds
    /// when the JIT is on), then prints one fixed line.
    static let script = """
        local function spin(n)
          local s = 0
          for i = 1, n do s = (s + i * 7) % 1000003 end
          return s
        end
        local t0, rounds = os.clock(), 0
        while os.clock() - t0 < 1.5 do spin(100000) rounds = rounds + 1 end
        print("done", spin(10))

        """

    func dump(engine: [String], tier: String) throws {
        let path = NSTemporaryDirectory() + "vmrepl-pause-\(getpid()).lua"
        try Self.script.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let s = try PTYSession(arguments: engine + [path])
        usleep(500_000)
        kill(s.pid, SIGQUIT)
        XCTAssertTrue(s.expect("Ctrl-\\: the program goes on"))
        XCTAssertTrue(s.expect("stack traceback:"))
        // Where the code is: in spin's loop, or (rarely) at a check of the main chunk's.
        XCTAssertTrue(s.expect(":7: in main chunk"))
        XCTAssertTrue(s.expect("function <\(path):1>"))
        XCTAssertTrue(s.expect("tier="))
        XCTAssertTrue(s.expect(tier))
        // The program goes on, twice paused, and ends as it would have.
        kill(s.pid, SIGQUIT)
        XCTAssertTrue(s.expect("done"))
        XCTAssertTrue(s.expect("385"))
        XCTAssertEqual(s.waitExit(), 0)
    }

    func testScriptModeDumpInterpreted() throws { try dump(engine: ["--jit=off"], tier: "interpreted") }

    // (spin makes about 2000 calls a second, fewer on a loaded machine: a lower call threshold
    // has it compiled whole, in the background, well before the first Ctrl-\.)
    func testScriptModeDumpCompiled() throws {
        try dump(engine: ["--jit=on", "--hot-call=100"], tier: "compiled with OSR entries")
    }

    /// A script waiting in io.read when Ctrl-\ comes still gets its line (the handler restarts
    /// the read), and the dump follows at the next check.
    func testScriptReadingStdinGetsItsInput() throws {
        let path = NSTemporaryDirectory() + "vmrepl-pause-read-\(getpid()).lua"
        try "local line = io.read()\nfor i = 1, 10 do end\nprint(\"got\", line)\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let s = try PTYSession(arguments: [path])
        usleep(300_000)
        kill(s.pid, SIGQUIT)
        usleep(100_000)
        s.type("hello\n")
        XCTAssertTrue(s.expect("Ctrl-\\: the program goes on"))
        XCTAssertTrue(s.expect("got"))
        XCTAssertTrue(s.expect("hello"))
        XCTAssertEqual(s.waitExit(), 0)
    }

    /// At an idle prompt Ctrl-\ does nothing (while code runs it opens the paused> prompt:
    /// PausePromptTests), and a pause posted there does not stop the next chunk.
    func testSessionIdlePromptIgnoresCtrlBackslash() throws {
        let s = try PTYSession()
        XCTAssertTrue(s.expectPrompt())
        s.type("x = 41\n")
        XCTAssertTrue(s.expectPrompt())
        kill(s.pid, SIGQUIT)
        usleep(100_000)
        s.type("for i = 1, 1e5 do end x = x + 1\n")
        XCTAssertTrue(s.expectPrompt())
        s.type("x\n")
        XCTAssertTrue(s.expect("42"))
        s.type(":quit\n")
        XCTAssertEqual(s.waitExit(), 0)
        XCTAssertFalse(s.screen.contains("paused"))
    }
}
