// HarnessSelfTests: unit tests of the script harness itself (expectation parsing, checks, child runs).
//
// These need neither vmrepl nor lua5.4: they use /bin/sh as the child program.
import Foundation
import XCTest

final class HarnessSelfTests: XCTestCase {
    func testParseExpectLinesInOrder() {
        let src = """
        print(1)
        -- expect: 1
          -- expect: indented	tab
        -- expect:
        -- expect:   two leading spaces kept but one
        x = 1 -- expect: not at line start, ignored
        """
        let e = ScriptExpectations.parse(src)
        XCTAssertEqual(e.stdoutLines, ["1", "indented\ttab", "", "  two leading spaces kept but one"])
        XCTAssertNil(e.errorText)
        XCTAssertTrue(e.hasExpectations)
        XCTAssertEqual(e.expectedStdout, "1\nindented\ttab\n\n  two leading spaces kept but one\n")
    }

    func testParseErrorAndOptOuts() {
        let src = "-- expect error:  attempt to call a nil value (global 'f')  \r\n"
            + "-- no-lua-compare: prints addresses\n-- no-gc-stress:\n"
        let e = ScriptExpectations.parse(src)
        XCTAssertEqual(e.errorText, "attempt to call a nil value (global 'f')")
        XCTAssertEqual(e.noLuaCompare, "prints addresses")
        XCTAssertEqual(e.noGCStress, "(no reason given)")
        XCTAssertEqual(e.stdoutLines, [])
        XCTAssertEqual(e.expectedStdout, "")
    }

    func testNoExpectationsMeansExitZero() {
        let e = ScriptExpectations.parse("print('hi')\n-- just a comment\n")
        XCTAssertFalse(e.hasExpectations)
        XCTAssertEqual(e.check(result(.status(0), out: "anything\n")), [])
        XCTAssertEqual(e.check(result(.status(1), err: "vmrepl: x.lua:1: boom\n")).count, 1)
    }

    func testCheckStdoutMustMatchExactly() {
        let e = ScriptExpectations.parse("-- expect: a\n-- expect: b\n")
        XCTAssertEqual(e.check(result(.status(0), out: "a\nb\n")), [])
        XCTAssertEqual(e.check(result(.status(0), out: "a\nb")).count, 1, "missing final newline")
        XCTAssertEqual(e.check(result(.status(0), out: "a\nb\nc\n")).count, 1, "extra output")
        let problems = e.check(result(.status(0), out: "a\nX\n"))
        XCTAssertEqual(problems.count, 1)
        XCTAssertTrue(problems[0].contains("first difference at line 2"), problems[0])
    }

    func testCheckErrorExpectation() {
        let e = ScriptExpectations.parse("-- expect: before\n-- expect error: boom\n")
        XCTAssertEqual(e.check(result(.status(1), out: "before\n", err: "vmrepl: t.lua:3: boom\nstack traceback:\n")), [])
        XCTAssertEqual(e.check(result(.status(0), out: "before\n", err: "vmrepl: t.lua:3: boom\n")).count, 1)
        XCTAssertEqual(e.check(result(.status(1), out: "before\n", err: "traceback first\nboom\n")).count, 1,
                       "the message must be on the first stderr line")
        XCTAssertEqual(e.check(result(.signal(SIGSEGV), out: "before\n")).count, 3)
        XCTAssertEqual(e.check(result(.timedOut)).count, 1)
    }

    func testCompareWithLuaNormalisesProgramName() {
        let lua = result(.status(1), out: "x\n", err: "lua5.4: t.lua:1: oops\nstack traceback:\n\t[C]: in ?\n")
        let ours = result(.status(1), out: "x\n", err: "vmrepl: t.lua:1: oops\nstack traceback:\n\tother\n")
        XCTAssertEqual(ScriptExpectations.compare(ours: ours, lua: lua), [])
        let wrong = result(.status(1), out: "x\n", err: "vmrepl: t.lua:2: oops\n")
        XCTAssertEqual(ScriptExpectations.compare(ours: wrong, lua: lua).count, 1)
        let fullPath = result(.status(1), out: "x\n", err: "/usr/bin/lua5.4: t.lua:1: oops\n")
        XCTAssertEqual(ScriptExpectations.compare(ours: ours, lua: fullPath), [])
        XCTAssertEqual(ScriptExpectations.normaliseErrorLine("input:1: a: b"), "input:1: a: b")
        let status = result(.status(0), out: "x\n")
        XCTAssertEqual(ScriptExpectations.compare(ours: status, lua: lua).count, 2)
    }

    func testChildProcessStatusOutputAndSignals() {
        let ok = ChildProcess.run(["/bin/sh", "-c", "echo out; echo err >&2; exit 3"], timeout: 5)
        XCTAssertEqual(ok.exit, .status(3))
        XCTAssertEqual(ok.stdout, "out\n")
        XCTAssertEqual(ok.stderr, "err\n")
        let crashed = ChildProcess.run(["/bin/sh", "-c", "kill -SEGV $$"], timeout: 5)
        XCTAssertEqual(crashed.exit, .signal(SIGSEGV))
        let hung = ChildProcess.run(["/bin/sh", "-c", "sleep 30"], timeout: 0.3)
        XCTAssertEqual(hung.exit, .timedOut)
        XCTAssertLessThan(hung.seconds, 5)
        let missing = ChildProcess.run(["/nonexistent/program"], timeout: 5)
        XCTAssertEqual(missing.exit, .status(127))
    }

    func testChildProcessStdinAndCwd() throws {
        let input = ChildProcess.scratch + "/stdin-test"
        try "hello from stdin\n".write(toFile: input, atomically: true, encoding: .utf8)
        let r = ChildProcess.run(["/bin/sh", "-c", "cat; pwd"], cwd: "/", stdinPath: input, timeout: 5)
        XCTAssertEqual(r.stdout, "hello from stdin\n/\n")
    }

    func testParallelMapKeepsOrder() {
        let out = ChildProcess.parallelMap(50, width: 3) { $0 * $0 }
        XCTAssertEqual(out, (0..<50).map { $0 * $0 })
    }

    func testScriptsAreFound() {
        XCTAssertGreaterThanOrEqual(TestEnvironment.scripts(in: "lang").count, 200,
                                    "Tests/Scripts/lang should hold at least 200 scripts")
        XCTAssertTrue(TestEnvironment.areaFolders().contains("lang"))
    }

    private func result(_ exit: ChildResult.Exit, out: String = "", err: String = "") -> ChildResult {
        ChildResult(exit: exit, stdout: out, stderr: err, seconds: 0.01)
    }
}
