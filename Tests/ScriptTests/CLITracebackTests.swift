// CLITracebackTests: the whole stderr of `vmrepl SCRIPT` for uncaught errors, as lua.c writes it.
//
// The script tests look at stderr's first line only; tracebacks are what users compare with lua,
// so these check them whole. Each expected text is lua.c's (5.4) output for the same script, with
// "lua" replaced by "vmrepl": the chunk runs from a C function, so a traceback ends with one
// "[C]: in ?"; a long one shows 10 + 11 levels and lua's count of the skipped ones; an error
// object whose __tostring gives a string is that string alone, with no traceback.
import Foundation
import XCTest

final class CLITracebackTests: XCTestCase {
    private func stderrOf(_ script: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let vmrepl: String
        switch TestEnvironment.vmrepl() {
        case .success(let path): vmrepl = path
        case .failure(let e): throw e
        }
        let path = ChildProcess.scratch + "/tb.lua"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        let r = ChildProcess.run([vmrepl, "tb.lua"], cwd: ChildProcess.scratch, timeout: 10)
        XCTAssertEqual(r.exit, .status(1), r.stderr, file: file, line: line)
        // Messages start with the program as invoked (lua.c's progname): here its full path.
        return r.stderr.replacingOccurrences(of: vmrepl + ": ", with: "vmrepl: ")
    }

    func testNestedErrorEndsAtTheCLevel() throws {
        let err = try stderrOf("local function f() error('boom') end\nlocal function g() f() end\ng()\n")
        XCTAssertEqual(err, """
            vmrepl: tb.lua:1: boom
            stack traceback:
            \t[C]: in function 'error'
            \ttb.lua:1: in upvalue 'f'
            \ttb.lua:2: in local 'g'
            \ttb.lua:3: in main chunk
            \t[C]: in ?

            """)
    }

    func testErrorLevelTwoInTheMainChunkNamesTheCLevel() throws {
        // Level 2 is the C function below the chunk: no position is added.
        let err = try stderrOf("error('lvl2', 2)\n")
        XCTAssertEqual(err, "vmrepl: lvl2\nstack traceback:\n\t[C]: in function 'error'\n\ttb.lua:1: in main chunk\n\t[C]: in ?\n")
    }

    func testLongTracebackSkipsLikeLua() throws {
        let err = try stderrOf("local function r(n) if n == 0 then error('deep') end return (r(n - 1)) end\nr(30)\n")
        let lines = err.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // message, header, 10 levels, the skip line, 11 levels (the last the C level), "".
        XCTAssertEqual(lines.count, 2 + 10 + 1 + 11 + 1, err)
        XCTAssertEqual(lines[12], "\t...\t(skipping 12 levels)", err)
        XCTAssertEqual(Array(lines.suffix(4)), ["\ttb.lua:1: in local 'r'", "\ttb.lua:2: in main chunk", "\t[C]: in ?", ""], err)
    }

    func testToStringErrorObjectHasNoTraceback() throws {
        let err = try stderrOf("error(setmetatable({}, {__tostring = function() return 'custom' end}))\n")
        XCTAssertEqual(err, "vmrepl: custom\n")
        let plain = try stderrOf("error({})\n")
        XCTAssertEqual(plain, "vmrepl: (error object is a table value)\nstack traceback:\n\t[C]: in function 'error'\n\ttb.lua:1: in main chunk\n\t[C]: in ?\n")
    }
}
