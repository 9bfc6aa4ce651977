// The session's `paused>` prompt, with real signals through a pty: Ctrl-\ (SIGQUIT) while code
// runs stops it at its next check, in either tier, without killing it; the prompt shows where it
// is, its locals and its tier, can send the frame back to the interpreter, runs Lua nested in the
// paused code, and lets it go on (Enter, :continue, Ctrl-D) or stops it (Ctrl-C) with state kept.
// Each loop below runs until the global `go` is cleared at the prompt, so no test depends on how
// fast the machine is, and each checks its result against a closed form.
import Foundation
import XCTest

final class PausePromptTests: XCTestCase {
    /// Sums 1..n until `go` is false; answers whether the sum is n(n+1)/2, and whether it ran.
    static let count = "function count() local s = 0 for i = 1, math.maxinteger do "
        + "if not go then return s == (i - 1) * i // 2, i > 1 end s = s + i end end\n"

    /// Types `input` at the paused> prompt, expects `shown` in order, then the prompt again.
    func atPause(_ s: PTYSession, _ input: String, _ shown: String..., file: StaticString = #filePath, line: UInt = #line) {
        s.type(input + "\n")
        for text in shown { XCTAssertTrue(s.expect(text, file: file, line: line), file: file, line: line) }
        XCTAssertTrue(s.expect("paused> ", file: file, line: line), file: file, line: line)
    }

    /// Back at the session's prompt (the code went on or stopped): `query`'s output shows each of
    /// `shown` in order, and the session quits cleanly.
    func atPromptThenQuit(_ s: PTYSession, _ query: String, _ shown: String..., file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(s.expectPrompt(file: file, line: line), file: file, line: line)
        s.type(query + "\n")
        for text in shown { XCTAssertTrue(s.expect(text, file: file, line: line), file: file, line: line) }
        s.type(":quit\n")
        XCTAssertEqual(s.waitExit(), 0, file: file, line: line)
    }

    /// Starts `count()` in the session and pauses it.
    func startAndPause(_ s: PTYSession, tier: String) {
        XCTAssertTrue(s.expectPrompt())
        s.type(PausePromptTests.count)
        XCTAssertTrue(s.expectPrompt())
        s.type("go = true; ok, ran = count()\n")
        usleep(300_000)
        kill(s.pid, SIGQUIT)
        XCTAssertTrue(s.expect("paused at stdin:1: in function 'count' (\(tier))"))
        XCTAssertTrue(s.expect("paused> "))
    }

    /// A compiled call-free loop: `:tier` shows it compiled, `:locals` shows the loop variable,
    /// `:deopt-here` sends it to the interpreter, and it finishes with the right result.
    func testCompiledLoopDeoptimizedHereThenContinues() throws {
        let s = try PTYSession(arguments: ["--jit=on"])
        startAndPause(s, tier: "compiled code")
        atPause(s, ":tier", "paused frame: stdin:1: in function 'count': compiled code", "function <stdin:1>  calls=1  tier=")
        atPause(s, ":locals", "local s = ", "local i = ")
        // An expression sees the paused frame's locals: the exit wrote them as the loop had them.
        atPause(s, "s == (i - 1) * i // 2, i > 1", "true\ttrue")
        atPause(s, ":deopt-here", "the paused frame goes on in the interpreter from this check (stdin:1)")
        atPause(s, ":tier", "paused frame: stdin:1: in function 'count': interpreted (:deopt-here", "tier=interpreted")
        atPause(s, "go = false")
        s.type(":continue\n")
        atPromptThenQuit(s, "ok, ran", "true\ttrue")
    }

    /// Paused interpreted (the JIT off): the banner and `:tier` say so; Lua typed at the prompt
    /// sees the globals (and an expression the frame's locals), an error there only prints; Enter
    /// on an empty line goes on.
    func testInterpretedLoopAndNestedLua() throws {
        let s = try PTYSession(arguments: ["--jit=off"])
        startAndPause(s, tier: "interpreted")
        atPause(s, ":tier", "paused frame: stdin:1: in function 'count': interpreted; the JIT is off")
        atPause(s, "go, type(count)", "true\tfunction")
        atPause(s, "s == (i - 1) * i // 2, i > 1", "true\ttrue")
        // A statement does not see them: this `i` is a global, the frame's stays as it was.
        atPause(s, "i = -1")
        atPause(s, "error('only printed')", "stdin:1: only printed")
        atPause(s, ":bt", "stack traceback:", "in function 'count'", "in main chunk")
        atPause(s, "go = false")
        s.type("\n")
        atPromptThenQuit(s, "ok, ran, i", "true\ttrue\t-1")
    }

    /// Ctrl-\ then Ctrl-C: the code stops as an interrupt stops it, and the session keeps its state.
    func testPauseThenCtrlCStopsWithStateKept() throws {
        let s = try PTYSession(arguments: ["--jit=on"])
        XCTAssertTrue(s.expectPrompt())
        s.type("keep = {1, 2, 3}; x = 0\n")
        XCTAssertTrue(s.expectPrompt())
        s.type("for i = 1, math.maxinteger do x = i end\n")
        usleep(300_000)
        kill(s.pid, SIGQUIT)
        XCTAssertTrue(s.expect("paused at stdin:1: in main chunk (compiled code)"))
        XCTAssertTrue(s.expect("paused> "))
        s.control("\u{03}")
        XCTAssertTrue(s.expect("stdin:1: interrupted"))
        atPromptThenQuit(s, "#keep, x > 0", "3\ttrue")
    }

    /// A coroutine paused in its loop resumes correctly: it yields, and finishes, as it would have.
    func pausedCoroutine(_ engine: String) throws {
        let s = try PTYSession(arguments: [engine])
        XCTAssertTrue(s.expectPrompt())
        s.type("co = coroutine.wrap(function() local n = 0 while go do n = n + 1 end "
               + "coroutine.yield(n > 0) return 'finished' end)\n")
        XCTAssertTrue(s.expectPrompt())
        s.type("go = true; first = co()\n")
        usleep(300_000)
        kill(s.pid, SIGQUIT)
        XCTAssertTrue(s.expect("in a coroutine"))
        XCTAssertTrue(s.expect("paused> "))
        atPause(s, ":bt", "[C]: in function 'co'")
        atPause(s, "go = false")
        s.control("\u{04}")  // Ctrl-D goes on
        atPromptThenQuit(s, "first, co()", "true\tfinished")
    }

    func testPausedCoroutineCompiled() throws { try pausedCoroutine("--jit=on") }
    func testPausedCoroutineInterpreted() throws { try pausedCoroutine("--jit=off") }

    /// A metamethod paused in its loop resumes correctly: its result reaches the indexing code.
    func pausedMetamethod(_ engine: String) throws {
        let s = try PTYSession(arguments: [engine])
        XCTAssertTrue(s.expectPrompt())
        s.type("t = setmetatable({}, {__index = function(_, k) local n = 0 while go do n = n + 1 end "
               + "return k .. (n > 0 and '!' or '?') end})\n")
        XCTAssertTrue(s.expectPrompt())
        s.type("go = true; v = t.key .. '.'\n")
        usleep(300_000)
        kill(s.pid, SIGQUIT)
        XCTAssertTrue(s.expect("paused at stdin:1: in metamethod 'index'"))
        XCTAssertTrue(s.expect("paused> "))
        atPause(s, ":locals", "local k = \"key\"")
        atPause(s, "go = false")
        s.type(":continue\n")
        atPromptThenQuit(s, "v", "key!.")
    }

    func testPausedMetamethodCompiled() throws { try pausedMetamethod("--jit=on") }
    func testPausedMetamethodInterpreted() throws { try pausedMetamethod("--jit=off") }

    /// A compiled loop paused and let go without :deopt-here goes back into compiled code (its
    /// function keeps its code) and ends with the right result.
    func testCompiledLoopContinuesCompiled() throws {
        let s = try PTYSession(arguments: ["--jit=on"])
        startAndPause(s, tier: "compiled code")
        atPause(s, "go = false")
        s.type(":continue\n")
        atPromptThenQuit(s, "ok, ran, require('vmrepl').tier(count).tier", "true\ttrue\t", "OSR")
    }
}
