// CLICommandLineTests: lua's command-line conventions on the built binary, compared with
// Debian's lua5.4 where lua has the feature: `arg`, a script's `...`, the message prefix, error
// objects, stdin run as one chunk; and vmrepl's additions (--help, --version, -i on a pipe).
//
// Both programs run as `./lua` from a folder of their own (a symbolic link), so the messages they
// prefix with the program name as invoked can be compared byte for byte.
import Foundation
import XCTest

final class CLICommandLineTests: XCTestCase {
    private struct Pair { let ours: String; let lua: String? }

    /// Folders holding `lua` -> vmrepl and `lua` -> lua5.4.
    private func programs() throws -> Pair {
        let vmrepl: String
        switch TestEnvironment.vmrepl() {
        case .success(let path): vmrepl = path
        case .failure(let e): throw e
        }
        func folder(_ name: String, _ target: String) -> String {
            let dir = ChildProcess.scratch + "/" + name
            try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            unlink(dir + "/lua")
            symlink(target, dir + "/lua")
            return dir
        }
        return Pair(ours: folder("ours", vmrepl), lua: TestEnvironment.lua54.map { folder("ref", $0) })
    }

    private func write(_ text: String, _ name: String) throws -> String {
        let path = ChildProcess.scratch + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs `./lua ARGS` in both folders; checks stdout, stderr and status agree; returns ours.
    @discardableResult
    private func compare(_ args: [String], stdin: String? = nil, sameStatus: Bool = true,
                         file: StaticString = #filePath, line: UInt = #line) throws -> ChildResult {
        let p = try programs()
        let ours = ChildProcess.run(["./lua"] + args, cwd: p.ours, stdinPath: stdin, timeout: 10)
        guard let refDir = p.lua else { return ours }  // no lua5.4 here: our own assertions only
        let lua = ChildProcess.run(["./lua"] + args, cwd: refDir, stdinPath: stdin, timeout: 10)
        XCTAssertEqual(ours.stdout, lua.stdout, "stdout of \(args)", file: file, line: line)
        XCTAssertEqual(ours.stderr, lua.stderr, "stderr of \(args)", file: file, line: line)
        if sameStatus { XCTAssertEqual(ours.exit, lua.exit, "status of \(args)", file: file, line: line) }
        return ours
    }

    func testArgWithoutAScriptHoldsTheProgramAndItsOptions() throws {
        let r = try compare(["-W", "-e", "for i = -3, #arg do print(i, arg[i]) end"])
        XCTAssertEqual(r.stdout, "-3\tnil\n-2\tnil\n-1\tnil\n0\t./lua\n1\t-W\n2\t-e\n3\tfor i = -3, #arg do print(i, arg[i]) end\n")
        try compare(["-e", "print(#arg, arg[0], arg[-1])", "--"])
    }

    func testArgWithAScript() throws {
        let script = try write("print(arg[0], arg[-1], arg[1], arg[2], #arg, ...)\n", "args.lua")
        let r = try compare(["-W", script, "a", "b"])
        XCTAssertEqual(r.stdout, "\(script)\t-W\ta\tb\t2\ta\tb\n")
        try compare(["--", script, "x"])
        try compare(["-", "y"], stdin: script)
    }

    func testScriptArgumentsComeFromArgAsTheCommandLineCodeLeftIt() throws {
        let script = try write("print(select('#', ...), ...)\n", "dots.lua")
        let r = try compare(["-e", "arg[1] = 'changed'; arg[3] = 'extra'", script, "a", "b"])
        XCTAssertEqual(r.stdout, "3\tchanged\tb\textra\n")
        let bad = try compare(["-e", "arg = 5", script, "a"])
        XCTAssertEqual(bad.stderr, "./lua: 'arg' is not a table\n")
        XCTAssertEqual(bad.exit, .status(1))
        try compare(["-e", "arg = nil", script])
    }

    func testMessagesArePrefixedWithTheProgramAsInvoked() throws {
        let r = try compare(["-e", "error('boom')"])
        XCTAssertTrue(r.stderr.hasPrefix("./lua: (command line):1: boom\nstack traceback:\n"), r.stderr)
        XCTAssertEqual(r.exit, .status(1))
        try compare(["no-such-file.lua"])
        try compare(["-e", "x = = 1"])
    }

    func testAnErrorObjectWithToStringPrintsItsTextWithoutATraceback() throws {
        let r = try compare(["-e", "error(setmetatable({}, {__tostring = function() return 'custom text' end}))"])
        XCTAssertEqual(r.stderr, "./lua: custom text\n")
        XCTAssertEqual(r.exit, .status(1))
        let plain = try compare(["-e", "error({})"])  // no __tostring: lua's words, with the traceback
        XCTAssertTrue(plain.stderr.hasPrefix("./lua: (error object is a table value)\nstack traceback:"), plain.stderr)
    }

    /// stdin not a terminal and no arguments: stdin is one chunk (a `#!` line skipped), as lua runs
    /// it; the first error ends it. lua5.4 then exits 0; vmrepl exits 1, as node and python do.
    func testStdinRunsAsOneChunk() throws {
        // The local on line 2 is seen on line 3: one chunk.
        let input = try write("#!/usr/bin/env vmrepl\nlocal x = 6\nprint(x * 7)\nerror('stop')\nprint('not reached')\n", "chunk.lua")
        let r = try compare([], stdin: input, sameStatus: false)
        XCTAssertEqual(r.stdout, "42\n")
        XCTAssertTrue(r.stderr.hasPrefix("./lua: stdin:4: stop\nstack traceback:"), r.stderr)
        XCTAssertEqual(r.exit, .status(1))
        // A syntax error anywhere: nothing runs (one chunk, not lines).
        let syntax = try write("print(1)\nprint(2\n", "unfinished.lua")
        let s = try compare([], stdin: syntax, sameStatus: false)
        XCTAssertEqual(s.stdout, "")  // nothing runs: the chunk does not compile
        XCTAssertEqual(s.exit, .status(1))
        let fine = try write("print('ok')\n", "fine.lua")
        XCTAssertEqual(try compare([], stdin: fine).exit, .status(0))
    }

    /// `-i` on a pipe keeps the line-by-line session: expressions print, errors do not end it, and
    /// the version line goes to stderr so stdout holds only the session's output.
    func testDashIOnAPipeRunsLineByLine() throws {
        let p = try programs()
        let input = try write("x = 6\nx * 7\nerror('e')\nfor i = 1, 2 do\nprint(i)\nend\n'after'\n", "session.txt")
        let r = ChildProcess.run(["./lua", "-i"], cwd: p.ours, stdinPath: input, timeout: 10)
        XCTAssertEqual(r.stdout, "42\n1\n2\nafter\n")
        XCTAssertTrue(r.stderr.contains("vmrepl"), r.stderr)
        XCTAssertTrue(r.stderr.contains("stdin:1: e"), r.stderr)
        XCTAssertEqual(r.exit, .status(0))
        // Results go through the program's own print once it replaced it (here from -e), as in lua.
        let two = try write("1, {}\n", "two.txt")
        let replaced = ChildProcess.run(["./lua", "-e", "print = function(...) io.write('P:', select('#', ...), '\\n') end", "-i"],
                                        cwd: p.ours, stdinPath: two, timeout: 10)
        XCTAssertEqual(replaced.stdout, "P:2\n")
    }

    func testHelpAndVersion() throws {
        let p = try programs()
        for flag in ["--help", "-h"] {
            let r = ChildProcess.run(["./lua", flag], cwd: p.ours, timeout: 10)
            XCTAssertEqual(r.exit, .status(0))
            XCTAssertTrue(r.stdout.hasPrefix("usage: ./lua [options] [script [args]]\n"), r.stdout)
            XCTAssertTrue(r.stdout.contains("--hot-call=N"), r.stdout)
            XCTAssertEqual(r.stderr, "")
            // Every option lua lists is listed the same way.
            if let ref = p.lua {
                let lua = ChildProcess.run(["./lua", "--no-such-option"], cwd: ref, timeout: 10)
                for line in lua.stderr.split(separator: "\n").dropFirst(2) {
                    XCTAssertTrue(r.stdout.contains(line + "\n"), "missing: \(line)")
                }
            }
        }
        let version = ChildProcess.run(["./lua", "--version"], cwd: p.ours, timeout: 10)
        XCTAssertEqual(version.exit, .status(0))
        XCTAssertTrue(version.stdout.hasPrefix("vmrepl "), version.stdout)
        let v = ChildProcess.run(["./lua", "-v"], cwd: p.ours, timeout: 10)
        XCTAssertEqual(v.exit, .status(0))
        XCTAssertTrue(v.stdout.hasPrefix("Lua 5.4 (vmrepl "), v.stdout)
        XCTAssertFalse(v.stdout.contains("Copyright"), v.stdout)
    }

    func testBadNumbersInEngineOptions() throws {
        let p = try programs()
        for arg in ["--hot-call=abc", "--hot-loop=-1", "--hot-call="] {
            let r = ChildProcess.run(["./lua", arg, "-e", "print('ran')"], cwd: p.ours, timeout: 10)
            XCTAssertEqual(r.exit, .status(1), arg)
            XCTAssertEqual(r.stdout, "", arg)
            XCTAssertTrue(r.stderr.hasPrefix("./lua: bad number"), r.stderr)
        }
        let ok = ChildProcess.run(["./lua", "--hot-call=5", "-e", "print('ran')"], cwd: p.ours, timeout: 10)
        XCTAssertEqual(ok.stdout, "ran\n")
    }
}
