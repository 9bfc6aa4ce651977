// The session keeps what the user made, through a pty: top-level locals live on in later lines
// with Lua's scoping rules (shadowing, closures sharing the variable, <const>, <close>), pasted
// blocks keep theirs, completion knows them, and `_` holds the last printed result.

import Foundation
import XCTest

final class SessionLocalsTests: XCTestCase {
    /// Types `line`, then expects `output` (a whole output line) before the next prompt.
    private func check(_ s: PTYSession, _ line: String, _ output: String, file: StaticString = #filePath, line l: UInt = #line) {
        s.type(line + "\n")
        s.expect(line + "\n" + output + "\n", file: file, line: l)
        s.expectPrompt(file: file, line: l)
    }

    private func run(_ s: PTYSession, _ line: String, file: StaticString = #filePath, line l: UInt = #line) {
        s.type(line + "\n")
        s.expect(line + "\n", file: file, line: l)
        s.expectPrompt(file: file, line: l)
    }

    func testLocalsLiveOnAcrossLines() throws {
        let s = try PTYSession()
        s.expectPrompt()
        run(s, "local x = 5")
        check(s, "x", "5")
        check(s, "x + 1, type(x)", "6\tnumber")
        // A function captures the session local and sees later assignments, from any line.
        run(s, "local function get() return x end")
        run(s, "x = 6")
        check(s, "get(), rawget(_G, 'x')", "6\tnil")
        run(s, "function bump() x = x + 1 end")
        run(s, "bump() bump()")
        check(s, "x, get()", "8\t8")
        // A later `local x` shadows: new lines see it, older closures keep theirs.
        run(s, "local x = 'new'")
        check(s, "x, get()", "new\t8")
        // Inside one chunk Lua's rules hold as in a script.
        run(s, "local y = 1 local y = y + 1 local z = y * 10")
        check(s, "y, z", "2\t20")
        // A chunk that fails adds no locals; one that returns keeps those declared before.
        s.type("local lost = 1 error('stop')\n")
        s.expect("stop")
        s.expectPrompt()
        check(s, "lost", "nil")
        run(s, "local kept = 3 do return end")
        check(s, "kept", "3")
        // Block locals are not top-level.
        run(s, "do local inner = 1 end for i = 1, 2 do local w = i end")
        check(s, "inner, w, i", "nil\tnil\tnil")
        s.type(":quit\n")
        XCTAssertEqual(s.waitExit(), 0)
    }

    func testConstAndCloseLocals() throws {
        let s = try PTYSession()
        s.expectPrompt()
        run(s, "local k <const> = 42")
        check(s, "k", "42")
        s.type("k = 1\n")
        s.expect("attempt to assign to const variable 'k'")
        s.expectPrompt()
        check(s, "k", "42")
        // A to-be-closed variable closes when its chunk ends, and is not kept.
        run(s, "local c <close> = setmetatable({}, {__close = function() closed = true end})")
        check(s, "closed, c", "true\tnil")
        s.type(":quit\n")
        XCTAssertEqual(s.waitExit(), 0)
    }

    func testUnderscoreHoldsLastResult() throws {
        let s = try PTYSession()
        s.expectPrompt()
        check(s, "6 * 7", "42")
        check(s, "_ + 1", "43")
        check(s, "_", "43")
        run(s, "y = 1")  // a statement prints nothing: `_` stays
        check(s, "_", "43")
        check(s, "'a', 'b'", "a\tb")
        check(s, "_", "a")
        // A loop's own `_` is its own local.
        check(s, "for _, v in ipairs({9}) do io.write(_, v, '\\n') end", "19")
        check(s, "_", "a")
        s.type(":quit\n")
        XCTAssertEqual(s.waitExit(), 0)
    }

    func testPastedBlockKeepsItsLocalsAndTabs() throws {
        let s = try PTYSession()
        s.expectPrompt()
        s.type("\u{1b}[200~local base = 10\r\tlocal cfg = {\r\t\tstr\t= \"a\",\r\t\tn\t= base + 1,\r\t}\rlocal function n2() return cfg.n * 2 end\r\u{1b}[201~")
        s.expectPrompt()
        check(s, "cfg.str, cfg.n, cfg.string, base, n2()", "a\t11\tnil\t10\t22")
        s.type(":quit\n")
        XCTAssertEqual(s.waitExit(), 0)
    }

    func testCompletionKnowsSessionLocals() throws {
        let s = try PTYSession()
        s.expectPrompt()
        run(s, "local mysessionvalue = {somefield = 1}")
        s.type("mysessionv\t")
        s.expect("mysessionvalue")
        s.type(".somef\t")
        s.expect("somefield")
        s.type("\n")
        s.expect("\n1\n")
        s.type(":quit\n")
        XCTAssertEqual(s.waitExit(), 0)
    }

    /// Lines piped in (no terminal) follow the same rule; `-e` is a chunk of its own.
    func testPipedLinesKeepLocals() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: PTYSession.binary)
        p.arguments = PTYSession.engineArguments + ["-e", "local e = 1", "-i"]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try p.run()
        input.fileHandleForWriting.write("local t = {n = 2}\nfunction f() return t.n end\nt = {n = 3}\nf(), e\n_\n".data(using: .utf8)!)
        try input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(10)
        while p.isRunning && Date() < deadline { usleep(10_000) }
        if p.isRunning { p.terminate() }
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(out.hasSuffix("3\tnil\n3\n"), out)
    }
}
