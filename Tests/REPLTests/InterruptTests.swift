// Ctrl-C while code runs, with real SIGINTs through a pty: in each place code can run, the
// session prints `interrupted`, comes back to the prompt, and the state the code left survives.

import Foundation
import XCTest

final class InterruptTests: XCTestCase {
    /// Sets `n = 0`, runs `code` (which keeps changing `n` and never ends by itself), sends SIGINT
    /// after a moment, expects `interrupted` and a prompt, then proves the state survived.
    private func interruptWhileRunning(_ code: String, setup: String = "", file: StaticString = #filePath,
                                       line: UInt = #line) throws {
        let s = try PTYSession()
        s.expectPrompt(file: file, line: line)
        s.type("n = 0\n")
        s.expectPrompt(file: file, line: line)
        if !setup.isEmpty {
            s.type(setup + "\n")
            s.expectPrompt(file: file, line: line)
        }
        s.type(code + "\n")
        s.expect(code, file: file, line: line)
        usleep(400_000)
        s.interrupt()
        s.expect("interrupted", file: file, line: line)
        s.expect("stack traceback:", file: file, line: line)
        s.expectPrompt(file: file, line: line)
        let after = s.drain(0.1)
        XCTAssertFalse(after.contains("false"), "pcall must not catch the interrupt: \(after)", file: file, line: line)
        s.type("n > 0, type(n)\n")
        s.expect("\ntrue\tnumber\n", file: file, line: line)
        s.type("1 + 1\n")
        s.expect("\n2\n", file: file, line: line)
        s.expectPrompt()  // Ctrl-D means end of input only at the prompt
        s.control("\u{04}")
        XCTAssertEqual(s.waitExit(), 0, file: file, line: line)
    }

    func testTightLoopWithoutCalls() throws {
        try interruptWhileRunning("while true do n = n + 1 end")
    }

    func testDeepRecursion() throws {
        try interruptWhileRunning("while true do r(5000) end",
                                  setup: "function r(d) n = n + 1 if d > 0 then return 1 + r(d - 1) end return 0 end")
    }

    func testInsidePcall() throws {
        try interruptWhileRunning("print(pcall(function() while true do n = n + 1 end end))")
    }

    func testInsideCoroutine() throws {
        try interruptWhileRunning("coroutine.wrap(function() while true do n = n + 1 end end)()")
    }

    func testInsideMetamethod() throws {
        try interruptWhileRunning("x = obj.anything",
                                  setup: "obj = setmetatable({}, {__index = function(t, k) while true do n = n + 1 end end})")
    }

    func testInsideTableSortComparator() throws {
        try interruptWhileRunning("while true do table.sort(t, function(a, b) n = n + 1 return a < b end) for i = 1, #t do t[i] = -t[i] end end",
                                  setup: "t = {} for i = 1, 200000 do t[i] = (i * 7919) % 100003 end")
    }

    func testInsideStringRep() throws {
        try interruptWhileRunning("while true do n = n + 1; s = string.rep('abc', 30000000, ',') end")
    }

    func testInsidePathologicalFind() throws {
        try interruptWhileRunning("n = n + 1; string.find(string.rep('a', 3000), '.-.-.-.-.-b')")
    }

    func testInsidePathologicalGsub() throws {
        try interruptWhileRunning("n = n + 1; string.gsub(string.rep('a', 3000), '.-.-.-.-.-b', '')")
    }

    func testInsideIoReadWaitingForInput() throws {
        try interruptWhileRunning("n = n + 1; line = io.read()")
    }

    /// `<close>` variables still close when the interrupt unwinds.
    func testToBeClosedVariablesClose() throws {
        let s = try PTYSession()
        s.expectPrompt()
        s.type("closed = false\n")
        s.expectPrompt()
        s.type("do local c <close> = setmetatable({}, {__close = function() closed = true end}) while true do end end\n")
        s.expect("while true do end end")
        usleep(300_000)
        s.interrupt()
        s.expect("interrupted")
        s.expectPrompt()
        s.type("closed\n")
        s.expect("\ntrue\n")
    }

    /// The terminal's own ^C (the driver sends SIGINT to the foreground group).
    func testCtrlCKeyWhileRunning() throws {
        let s = try PTYSession()
        s.expectPrompt()
        s.type("k = 0 while true do k = k + 1 end\n")
        s.expect("while true do k = k + 1 end")
        usleep(300_000)
        s.control("\u{03}")
        s.expect("interrupted")
        s.expectPrompt()
        s.type("k > 0\n")
        s.expect("\ntrue\n")
    }

    /// Several interrupts in a row, each in a different running loop.
    func testRepeatedInterrupts() throws {
        let s = try PTYSession()
        s.expectPrompt()
        for i in 1...5 {
            s.type("v\(i) = 0 while true do v\(i) = v\(i) + 1 end\n")
            s.expect("v\(i) + 1 end")
            usleep(150_000)
            s.interrupt()
            s.expect("interrupted")
            s.expectPrompt()
        }
        s.type("v1 > 0 and v5 > 0\n")
        s.expect("\ntrue\n")
    }

    /// `vmrepl -` with stdin from a pipe, stopped by `timeout -s INT 1`.
    func testPipedScriptStoppedByTimeout() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        let cmd = "echo 'while true do end' | timeout -s INT 1 '\(PTYSession.binary)' \(PTYSession.engineArguments.joined(separator: " ")) -"
        p.arguments = ["-c", cmd]
        let err = Pipe()
        p.standardError = err
        let started = Date()
        try p.run()
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        XCTAssertTrue(e.contains("interrupted"), e)
        XCTAssertEqual(p.terminationStatus, 124, e)  // timeout's own status when it had to signal
    }

    /// The same with `--preserve-status`: the status is vmrepl's own, 130 as for SIGINT.
    func testPipedScriptInterruptedExitStatus() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        let cmd = "echo 'while true do end' | timeout --preserve-status -s INT 1 '\(PTYSession.binary)' \(PTYSession.engineArguments.joined(separator: " ")) -"
        p.arguments = ["-c", cmd]
        let err = Pipe()
        p.standardError = err
        try p.run()
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertTrue(e.contains("interrupted"), e)
        XCTAssertTrue(e.contains("stdin:1: in main chunk"), e)
        XCTAssertEqual(p.terminationStatus, 130, e)
    }

    /// `vmrepl -` through a pty: the chunk typed, Ctrl-D, then SIGINT ends it with `interrupted`.
    func testStdinChunkThroughPTY() throws {
        let s = try PTYSession(arguments: ["-"])
        s.type("while true do end\n")
        s.expect("while true do end\n")
        s.control("\u{04}")
        usleep(400_000)
        s.interrupt()
        s.expect("interrupted")
        s.expect("stdin:1: in main chunk")
        XCTAssertNotNil(s.waitExit(), "vmrepl - must end after the interrupt")
    }

    /// Script mode: Ctrl-C prints `interrupted` with a traceback and exits 130.
    func testScriptModeInterrupt() throws {
        let script = NSTemporaryDirectory() + "vmrepl-loop-\(getpid()).lua"
        try "local function spin()\n  while true do end\nend\nspin()\n".write(toFile: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: script) }
        let s = try PTYSession(arguments: [script])
        usleep(400_000)
        s.interrupt()
        s.expect("interrupted")
        s.expect("stack traceback:")
        s.expect("spin")
        XCTAssertEqual(s.waitExit(), 130)
    }
}
