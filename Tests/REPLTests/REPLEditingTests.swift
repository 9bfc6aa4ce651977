// The session as a person types it, through a pty: evaluation, history, completion, continuation,
// Ctrl-C and Ctrl-D at the prompt, the commands, and the non-terminal mode.

import Foundation
import XCTest

final class REPLEditingTests: XCTestCase {
    func testTypingAndEvaluating() throws {
        let s = try PTYSession()
        s.expectPrompt()
        s.type("1+1\n")
        s.expect("1+1\n2\n")
        s.type("x = 10\n")
        s.expectPrompt()
        s.type("x, nil, 'a'\n")
        s.expect("10\tnil\ta\n")
        s.type("{}\n")
        s.expect("\n{}\n")  // a table result is shown as its value
        s.type("=x * 2\n")
        s.expect("\n20\n")
        s.type("error('boom')\n")
        s.expect("stdin:1: boom")
        s.expect("stack traceback:")
        s.type("x + 1\n")
        s.expect("\n11\n")
        s.type("1 +* 2\n")
        s.expect("stdin:1: unexpected symbol near '1'")  // as lua5.4 says
        s.type("x\n")
        s.expect("\n10\n")
        s.expectPrompt()  // Ctrl-D means end of input only at the prompt
        s.control("\u{04}")
        XCTAssertEqual(s.waitExit(), 0)
    }

    func testContinuationPrompt() throws {
        let s = try PTYSession()
        s.expectPrompt()
        s.type("for i = 1, 3 do\n")
        s.expectContinuation()
        s.type("print(i * 10)\n")
        s.expectContinuation()
        s.type("end\n")
        s.expect("10\n20\n30\n> ")
        s.type("function f(a,\n")
        s.expectContinuation()
        s.type("b) return a + b end\n")
        s.expectPrompt()
        s.type("f(2, 3)\n")
        s.expect("\n5\n")
        s.type(":quit\n")
        XCTAssertEqual(s.waitExit(), 0)
    }

    func testHistoryAcrossTwoSessions() throws {
        let file = NSTemporaryDirectory() + "vmrepl-history-\(getpid())-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: file) }
        do {
            let s = try PTYSession(environment: ["VMREPL_HISTORY": file])
            s.expectPrompt()
            s.type("41 + 1\n")
            s.expect("\n42\n")
            s.type("for i = 1, 2 do\n")
            s.expectContinuation()
            s.type("print('line ' .. i)\n")
            s.expectContinuation()
            s.type("end\n")
            s.expect("line 2\n")
            s.type("'back\\\\slash'\n")  // typed: 'back\\slash'
            s.expect("back\\slash\n")
            s.expectPrompt()  // Ctrl-D means end of input only at the prompt
            s.control("\u{04}")
            XCTAssertEqual(s.waitExit(), 0)
        }
        let saved = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertEqual(saved, "41 + 1\nfor i = 1, 2 do\\nprint('line ' .. i)\\nend\n'back\\\\\\\\slash'\n")
        let s = try PTYSession(environment: ["VMREPL_HISTORY": file])
        s.expectPrompt()
        s.type("\u{1b}[A\n")  // Up: the last entry, backslashes intact
        s.expect("back\\slash\n")
        // Each key sequence waits for the prompt: typed earlier, the terminal (not yet back in
        // the editor's raw mode) would echo it as text.
        s.expectPrompt()
        s.type("\u{1b}[A\u{1b}[A\n")  // Up twice: the multi-line chunk comes back whole
        s.expect("line 1\nline 2\n")
        s.expectPrompt()
        // 41 + 1: the recalled chunk was added again, and Up climbs the three lines of each copy
        // of the chunk before it leaves it (for, its lines 2 and 1, the string, for, 2, 1, 41 + 1).
        s.type(String(repeating: "\u{1b}[A", count: 8) + "\n")
        s.expect("\n42\n")
        s.expectPrompt()
        s.type("\u{12}41 \n")  // Ctrl-R: reverse search
        s.expect("\n42\n")
        s.expectPrompt()  // Ctrl-D means end of input only at the prompt
        s.control("\u{04}")
        XCTAssertEqual(s.waitExit(), 0)
    }

    func testTabCompletion() throws {
        let s = try PTYSession()
        s.expectPrompt()
        s.type("string.for\t('%d', 7)\n")
        s.expect("string.format('%d', 7)")
        s.expect("\n7\n")
        s.type("myvariable = 3\n")
        s.expectPrompt()
        s.type("myvar\t + 1\n")
        s.expect("\n4\n")
        s.type("text = 'abc'\n")
        s.expectPrompt()
        s.type("text:up\t()\n")
        s.expect("\nABC\n")
        s.type("t = {inner = {deep = 5}}\n")
        s.expectPrompt()
        s.type("t.inner.de\t\n")
        s.expect("\n5\n")
        s.type("whi\t")
        s.expect("while")
        s.control("\u{03}")
        s.expectPrompt()
        s.type(":he\t\n")
        s.expect(":help")
        s.expect(":quit")
        s.expectPrompt()  // Ctrl-D means end of input only at the prompt
        s.control("\u{04}")
        XCTAssertEqual(s.waitExit(), 0)
    }

    func testCtrlCAtThePrompt() throws {
        let s = try PTYSession()
        s.expectPrompt()
        s.type("half typed")
        s.expect("half typed")
        s.control("\u{03}")
        s.expectPrompt()
        s.type("1 + 2\n")
        s.expect("\n3\n")
        s.type("if true then\n")
        s.expectContinuation()
        s.control("\u{03}")  // clears the half-typed chunk: the next line is a fresh one
        s.expectPrompt()
        s.type("5\n")
        s.expect("\n5\n")
        s.expectPrompt()
        s.control("\u{03}")
        s.expectPrompt()
        s.control("\u{03}")
        s.expect("To exit, press Ctrl-D")
        s.expectPrompt()
        s.interrupt()  // kill -INT at the prompt behaves the same
        s.expectPrompt()
        s.type("'still here'\n")
        s.expect("\nstill here\n")
        s.expectPrompt()  // Ctrl-D means end of input only at the prompt
        s.control("\u{04}")
        XCTAssertEqual(s.waitExit(), 0)
    }

    func testCommands() throws {
        let s = try PTYSession()
        s.expectPrompt()
        s.type(":help\n")
        for name in [":help", ":quit", ":load", ":time", ":bytecode", ":tier", ":gc", ":reset", ":pp", ":deopt-here"] {
            s.expect(name)
        }
        s.type("t = {1, 2, name = 'x', sub = {a = true}}; t.self = t\n")
        s.expectPrompt()
        s.type(":pp t\n")
        s.expect("<1>{ 1, 2, name = \"x\", self = <cycle 1>, sub = { a = true } }")
        s.type(":time for i = 1, 1000 do end\n")
        s.expect("wall ")
        s.expect("cpu ")
        s.type("function add(a, b) return a + b end\n")
        s.expectPrompt()
        s.type(":bytecode add\n")
        s.expect("RETURN")
        s.type("add(1, 2)\n")
        s.expect("\n3\n")
        s.type(":tier add\n")
        s.expect("function <stdin:1>  calls=1")
        s.type(":gc\n")
        s.expect("heap:")
        s.type(":deopt-here\n")
        s.expect("discarded ")
        s.type(":verify\n")
        s.expect("heap ok")
        s.type("kept = 1\n")
        s.expectPrompt()
        s.type(":reset\n")
        s.expect("fresh VM")
        s.type("kept\n")
        s.expect("\nnil\n")
        s.type(":nosuch\n")
        s.expect("unknown command ':nosuch'")
        let script = NSTemporaryDirectory() + "vmrepl-load-\(getpid()).lua"
        try "loaded_value = 99\nreturn 'from file'\n".write(toFile: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: script) }
        s.type(":load \(script)\n")
        s.expect("from file\n")
        s.type("loaded_value\n")
        s.expect("\n99\n")
        s.type(":quit 3\n")
        XCTAssertEqual(s.waitExit(), 3)
    }

    /// Not a terminal, with -i: no prompt, lines evaluated like typed ones (the version line on
    /// stderr, so stdout holds only the session's output).
    func testPipedInput() throws {
        let result = try runPiped(["x = 6", "x * 7", "for i = 1, 2 do", "print(i)", "end", "error('e')", "'after'"],
                                  arguments: ["-i"])
        XCTAssertEqual(result.stdout, "42\n1\n2\nafter\n")
        XCTAssertTrue(result.stderr.contains("stdin:1: e"), result.stderr)
        XCTAssertEqual(result.status, 0)
    }
}

struct ProcessResult {
    var stdout: String
    var stderr: String
    var status: Int32
}

/// Runs `vmrepl` with stdin from a pipe (lines joined with newlines).
func runPiped(_ lines: [String], arguments: [String] = []) throws -> ProcessResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: PTYSession.binary)
    p.arguments = PTYSession.engineArguments + arguments
    var env = ProcessInfo.processInfo.environment
    env["VMREPL_HISTORY"] = ""
    p.environment = env
    let input = Pipe(), out = Pipe(), err = Pipe()
    p.standardInput = input
    p.standardOutput = out
    p.standardError = err
    try p.run()
    input.fileHandleForWriting.write((lines.joined(separator: "\n") + "\n").data(using: .utf8)!)
    try input.fileHandleForWriting.close()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return ProcessResult(stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self),
                         status: p.terminationStatus)
}
