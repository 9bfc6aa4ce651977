// Where Ctrl-C says the code was, through a pty with real SIGINTs: the line of the loop that was
// running (as lua5.4 reports it), for every loop form, never the line before the loop.

import Foundation
import XCTest

final class InterruptPositionTests: XCTestCase {
    /// Types `lines` as one multi-line chunk (continuation prompts in between), interrupts it
    /// after a moment and returns the screen up to the next prompt.
    private func interruptChunk(_ lines: [String], setup: [String] = [], file: StaticString = #filePath,
                                line: UInt = #line) throws -> String {
        let s = try PTYSession()
        s.expectPrompt(file: file, line: line)
        func typeChunk(_ lines: [String]) {
            for (i, l) in lines.enumerated() {
                s.type(l + "\n")
                if i < lines.count - 1 { s.expectContinuation(file: file, line: line) }
            }
            s.expect(lines.last! + "\n", file: file, line: line)
        }
        if !setup.isEmpty {
            typeChunk(setup)
            s.expectPrompt(file: file, line: line)
        }
        typeChunk(lines)
        usleep(300_000)
        s.interrupt()
        s.expect("interrupted", file: file, line: line)
        s.expectPrompt(file: file, line: line)
        let screen = s.screen
        s.type(":quit\n")
        XCTAssertEqual(s.waitExit(), 0, file: file, line: line)
        // What came after the chunk's echo: the report (the echo holds no "interrupted").
        return screen
    }

    /// The first line of the report names `chunk:line` of the loop.
    private func assertStopsAt(_ report: String, _ lines: [Int], file: StaticString = #filePath, line: UInt = #line) {
        let places = lines.map { "stdin:\($0): interrupted" }
        XCTAssertTrue(places.contains { report.contains($0) }, "expected one of \(places) in:\n\(report)", file: file, line: line)
    }

    func testWhileLoop() throws {
        let r = try interruptChunk(["do", "n = 0", "while true do", "n = n + 1", "end", "end"])
        assertStopsAt(r, [4])
        XCTAssertTrue(r.contains("\tstdin:4: in main chunk"), r)
    }

    func testWhileLoopWithCondition() throws {
        // The condition is on the `while` line; the body on the next: both are the loop.
        let r = try interruptChunk(["do", "local a, b = 1, 2", "while a > 0 do", "a = a + b", "end", "end"])
        assertStopsAt(r, [3, 4])
    }

    func testRepeatLoop() throws {
        let r = try interruptChunk(["do", "n = 0", "repeat", "n = n + 1", "until false", "end"])
        assertStopsAt(r, [4])
    }

    func testNumericFor() throws {
        // Compiled, this call-free integer loop checks once every 1024 iterations (strip mining),
        // and resumes the interpreter at the body's start, as a check at the header would.
        let r = try interruptChunk(["do", "n = 0", "for i = 1, math.huge do", "n = n + 1", "end", "end"])
        assertStopsAt(r, [4])
    }

    func testGenericFor() throws {
        // lua5.4 stops at the `for` line (its iterator's call) or in the body.
        let r = try interruptChunk(["do", "n = 0", "for x in math.max, 1, 0 do", "n = n + 1", "end", "end"])
        assertStopsAt(r, [3, 4])
    }

    func testLoopInsideFunction() throws {
        let r = try interruptChunk(["spin()"], setup: ["function spin()", "local i = 0", "while true do", "i = i + 1", "end", "end"])
        assertStopsAt(r, [4])
        XCTAssertTrue(r.contains("\tstdin:4: in function 'spin'"), r)
    }

    func testMultiLineChunkWithCalls() throws {
        // A loop in the middle of a longer chunk, its body calling a function.
        let r = try interruptChunk(["local t = {}", "local function add(x)", "t[#t % 100 + 1] = x", "end",
                                    "for i = 1, math.huge do", "local y = i * 2", "add(y)", "end"].enumerated().map {
            $0.offset == 0 ? "do " + $0.element : $0.element } + ["end"])
        // In the loop (lines 5-7) or in the function it calls (line 3), never before the loop.
        assertStopsAt(r, [3, 5, 6, 7])
    }

    func testInsideCoroutineWrap() throws {
        let r = try interruptChunk(["coroutine.wrap(function()", "local i = 0", "while true do", "i = i + 1", "end", "end)()"])
        assertStopsAt(r, [4])
        // The whole way down: the coroutine's frame, wrap's, the main chunk (at line 6, where the
        // call's argument list opens, as Lua 5.4.8 places a call), and the C level below it.
        XCTAssertTrue(r.contains("\tstdin:4: in function <stdin:1>\n\t[C]: in ?\n\tstdin:6: in main chunk\n\t[C]: in ?"), r)
    }
}
