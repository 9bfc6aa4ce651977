// The session's output and the commands people try, typed through a pty: table results shown as
// values, colour (and NO_COLOR), `:pp` ordering and escapes, `:break` and `:help` on the `>>`
// prompt, `exit`/`quit`, `.exit`, `:edit` with $EDITOR, Up/Down inside a recalled chunk, and
// `:reset` keeping what the command line set up.

import Foundation
import XCTest

final class REPLDisplayTests: XCTestCase {
    private func rawText(_ s: PTYSession) -> String { String(decoding: s.raw, as: UTF8.self) }

    func testTableResultsAreValuesOnOneLine() throws {
        let s = try PTYSession(environment: ["NO_COLOR": "1"])
        s.expectPrompt()
        s.type("{1, 2, name = 'x', sub = {a = true}}\n")
        s.expect("\n{ 1, 2, name = \"x\", sub = { a = true } }\n")
        s.type("{}\n")
        s.expect("\n{}\n")
        s.type("print({})\n")  // print is Lua's: unchanged
        s.expect("\ntable: 0x")
        // A long array is filled across lines (the pty is 250 columns wide), not one item a line.
        s.type("t = {} for i = 1, 90 do t[i] = i end\n")
        s.expectPrompt()
        s.type("t\n")
        s.expect("\n{\n  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,")
        s.expect(", 90\n}\n")
        // A table that names itself (__tostring) is shown through tostring.
        s.type("setmetatable({}, {__tostring = function() return 'an object' end})\n")
        s.expect("\nan object\n")
        s.expectPrompt()
        s.type(":quit\n")
        XCTAssertEqual(s.waitExit(), 0)
    }

    func testColourAndNoColour() throws {
        do {
            let s = try PTYSession(environment: ["NO_COLOR": "", "FORCE_COLOR": ""])
            s.expectPrompt()
            s.type("'s', 42, nil\n")
            s.expect("s\t42\tnil\n")
            s.type("error('bad')\n")
            s.expect("stdin:1: bad")
            s.expectPrompt()
            let raw = rawText(s)
            XCTAssertTrue(raw.contains("\u{1b}[32ms\u{1b}[0m\t\u{1b}[33m42\u{1b}[0m\t\u{1b}[90mnil\u{1b}[0m"), raw)
            XCTAssertTrue(raw.contains("\u{1b}[31mstdin:1: bad"), raw)
            XCTAssertTrue(raw.contains("\u{1b}[1;35m>\u{1b}[0m "), raw)  // the prompt
            s.type(":quit\n")
            XCTAssertEqual(s.waitExit(), 0)
        }
        let s = try PTYSession(environment: ["NO_COLOR": "1", "FORCE_COLOR": "1"])  // NO_COLOR wins
        s.expectPrompt()
        s.type("'s', 42, nil\n")
        s.expect("s\t42\tnil\n")
        s.type("error('bad')\n")
        s.expect("stdin:1: bad")
        s.expectPrompt()
        let raw = rawText(s)
        for code in ["\u{1b}[32m", "\u{1b}[33m", "\u{1b}[90m", "\u{1b}[31m", "\u{1b}[1;35m"] {
            XCTAssertFalse(raw.contains(code), "colour \(code.debugDescription) with NO_COLOR set")
        }
        s.type(":quit\n")
        XCTAssertEqual(s.waitExit(), 0)
    }

    func testPrettyPrintOrderAndEscapes() throws {
        let s = try PTYSession(environment: ["NO_COLOR": "1"])
        s.expectPrompt()
        s.type(":pp {[10] = 1, [2.5] = 2, [-3] = 3, [9] = 4, [100] = 5, '\\255\\254A', b = 1, a = 2}\n")
        // Wider than 72 columns: :pp keeps its expanded form, one entry a line.
        s.expect("\n{\n  \"\\255\\254A\",\n  [-3] = 3,\n  [2.5] = 2,\n  [9] = 4,\n  [10] = 1,\n  [100] = 5,\n  a = 2,\n  b = 1\n}\n")
        s.type(":pp {[3] = 'c', [1] = 'a', [2] = 'b', [-1] = 0}\n")  // 1..3 are the array part
        s.expect("\n{ \"a\", \"b\", \"c\", [-1] = 0 }\n")
        // A decimal escape before a digit takes three digits, so the literal reads back the same.
        s.type(":pp '\\0' .. '1', 'caf\\u{E9}'\n")
        s.expect("\"\\0001\"\n\"café\"\n")
        s.expectPrompt()
        s.type(":quit\n")
        XCTAssertEqual(s.waitExit(), 0)
    }

    func testCommandsOnTheContinuationPrompt() throws {
        let s = try PTYSession(environment: ["NO_COLOR": "1"])
        s.expectPrompt()
        s.type("for i = 1, 2 do\n")
        s.expectContinuation()
        s.type(":break\n")
        s.expect("(dropped 1 line)")
        s.expectPrompt()
        s.type("1 + 1\n")
        s.expect("\n2\n")
        s.type("if true then\n")
        s.expectContinuation()
        s.type(":help\n")  // the help, and the chunk is still being typed
        s.expect(":break")
        s.expectContinuation()
        s.type("print('kept')\n")
        s.expectContinuation()
        s.type("end\n")
        s.expect("\nkept\n")
        s.type("print(('x')\n")
        s.expectContinuation()
        s.type(":upper())\n")  // not a command on >>: Lua continuing the call
        s.expect("\nX\n")
        s.type("while true do\n")
        s.expectContinuation()
        s.type(":quit 4\n")
        XCTAssertEqual(s.waitExit(), 4)
    }

    func testExitWordsAndHints() throws {
        let s = try PTYSession(environment: ["NO_COLOR": "1"])
        s.expectPrompt()
        s.type(".exit\n")
        s.expect(":quit")
        s.expectPrompt()
        s.type(".help\n")
        s.expect(":help")
        s.expectPrompt()
        s.type("quit = 5\n")  // a program's own `quit` is a value like any other
        s.expectPrompt()
        s.type("quit\n")
        s.expect("\n5\n")
        s.expectPrompt()
        s.type("exit\n")
        XCTAssertEqual(s.waitExit(), 0)
    }

    func testEditRunsWhatTheEditorSaved() throws {
        let editor = NSTemporaryDirectory() + "vmrepl-editor-\(getpid()).sh"
        try "#!/bin/sh\nprintf 'local a = 20\\nreturn a + 1, \"edited\"\\n' > \"$1\"\n"
            .write(toFile: editor, atomically: true, encoding: .utf8)
        chmod(editor, 0o755)
        defer { unlink(editor) }
        let s = try PTYSession(environment: ["NO_COLOR": "1", "EDITOR": editor])
        s.expectPrompt()
        s.type(":edit\n")
        s.expect("\n21\tedited\n")  // one chunk: the local is seen by the return
        s.expectPrompt()
        s.type(":quit\n")
        XCTAssertEqual(s.waitExit(), 0)
    }

    func testUpAndDownMoveInsideARecalledChunk() throws {
        let s = try PTYSession(environment: ["NO_COLOR": "1"])
        s.expectPrompt()
        s.type("print(10,\n")
        s.expectContinuation()
        s.type("20, 30)\n")
        s.expect("\n10\t20\t30\n")
        s.expectPrompt()
        // Up recalls the chunk (the cursor at its end, column 7 of `20, 30)`); Up again goes to
        // column 7 of the first line, between `print(1` and `0,`.
        s.type("\u{1b}[A\u{1b}[A5\n")
        s.expect("\n150\t20\t30\n")
        s.expectPrompt()
        // Up, Up, Down: back to the end of the last line, where the text goes.
        s.type("\u{1b}[A\u{1b}[A\u{1b}[B print(40)\n")
        s.expect("\n150\t20\t30\n40\n")
        s.expectPrompt()
        s.type(":quit\n")
        XCTAssertEqual(s.waitExit(), 0)
    }

    func testHistoryFileIsPrivate() throws {
        let file = NSTemporaryDirectory() + "vmrepl-history-mode-\(getpid())-\(UUID().uuidString)"
        defer { unlink(file) }
        let old = umask(0o022)  // a usual umask: without the explicit mode the file would be 0644
        defer { umask(old) }
        let s = try PTYSession(environment: ["NO_COLOR": "1", "VMREPL_HISTORY": file])
        s.expectPrompt()
        s.type("1 + 1\n")
        s.expect("\n2\n")
        s.expectPrompt()
        s.type(":quit\n")
        XCTAssertEqual(s.waitExit(), 0)
        var st = stat()
        XCTAssertEqual(stat(file, &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o600)
    }

    func testResetKeepsTheCommandLineSetUp() throws {
        let dir = NSTemporaryDirectory() + "vmrepl-reset-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "return {v = 7}\n".write(toFile: dir + "/resetmod.lua", atomically: true, encoding: .utf8)
        try "loaded_from = 'quoted path'\n".write(toFile: dir + "/with space.lua", atomically: true, encoding: .utf8)
        let s = try PTYSession(arguments: ["-l", "resetmod", "-e", "x = 5", "-i"],
                               environment: ["NO_COLOR": "1", "LUA_PATH": dir + "/?.lua", "HOME": dir,
                                             "LUA_INIT": "init_runs = (init_runs or 0) + 1"])
        s.expectPrompt()
        s.type("x = 9\n")
        s.expectPrompt()
        s.type(":reset\n")
        s.expectPrompt()
        s.type("init_runs, resetmod.v, x, arg[0]\n")
        s.expect("\n1\t7\tnil\t")  // LUA_INIT and -l again, not -e
        s.expectPrompt()
        s.type(":load \"~/with space.lua\"\n")  // quotes stripped, ~ expanded
        s.expectPrompt()
        s.type("loaded_from\n")
        s.expect("\nquoted path\n")
        s.expectPrompt()
        s.type(":tier\n")  // the one-line chunks typed above are left out
        let report = s.drain(1.0)
        XCTAssertFalse(report.contains("main chunk (stdin)"), report)
        s.type(":quit\n")
        XCTAssertEqual(s.waitExit(), 0)
    }
}
