// The JIT through the pty, as a person meets it: Ctrl-C stops a compiled loop that makes no call,
// a running vmrepl with compiled code has no page both writable and executable, and `:tier` shows
// the share of bytecodes run compiled (--jit-stats).

import Foundation
import XCTest

final class JITSessionTests: XCTestCase {
    /// `spin(k, n)` adds k until i reaches n (n == 0: forever); no call inside the loop.
    private let spin = "function spin(k, n) local i = 0 while n == 0 or i < n do i = i + k end return i end"

    /// Runs spin a few times, then compiles it from that feedback; `:tier` must say compiled.
    private func compiledSpin(_ s: PTYSession, file: StaticString = #filePath, line: UInt = #line) {
        s.expectPrompt(file: file, line: line)
        s.type(spin + "\n")
        s.expectPrompt(file: file, line: line)
        s.type("for _ = 1, 3 do spin(1, 1000) end print(require('vmrepl').compile(spin))\n")
        s.expect("\ntrue\n", file: file, line: line)
        s.expectPrompt(file: file, line: line)
        s.type(":tier spin\n")
        s.expect("tier=compiled", file: file, line: line)
        s.expectPrompt(file: file, line: line)
    }

    func testCtrlCStopsACompiledLoopWithoutCalls() throws {
        let s = try PTYSession(arguments: ["--jit=on"])
        compiledSpin(s)
        s.type("kept = 42\n")
        s.expectPrompt()
        s.type("spin(1, 0)\n")
        s.expect("spin(1, 0)")
        usleep(400_000)
        s.interrupt()
        s.expect("interrupted")
        s.expect("stack traceback:")
        s.expectPrompt()
        // The compiled loop left through its limit check (a stackLimit exit), and stays compiled.
        s.type(":tier spin\n")
        s.expect("deopt stackLimit")
        s.expectPrompt()
        s.type("kept, spin(2, 10)\n")
        s.expect("\n42\t10\n")
        s.expectPrompt()
        s.control("\u{04}")
        XCTAssertEqual(s.waitExit(), 0)
    }

    /// A call-free integer for loop checks the limit once every 1024 iterations (strip mining,
    /// IRBuilder+Numeric.swift): Ctrl-C still stops it, through that check, at its FORLOOP.
    func testCtrlCStopsAStripMinedForLoop() throws {
        let s = try PTYSession(arguments: ["--jit=on"])
        s.expectPrompt()
        s.type("function count(n) local c = 0 for i = 1, n do c = c + i % 3 end return c end\n")
        s.expectPrompt()
        s.type("for _ = 1, 3 do count(100) end print(require('vmrepl').compile(count))\n")
        s.expect("\ntrue\n")
        s.expectPrompt()
        s.type(":disasm count\n")
        s.expect("testBits 1023")
        s.expectPrompt()
        s.type("kept = 7\n")
        s.expectPrompt()
        s.type("count(math.maxinteger)\n")
        s.expect("count(math.maxinteger)")
        usleep(400_000)
        s.interrupt()
        s.expect("interrupted")
        s.expectPrompt()
        s.type(":tier count\n")
        s.expect("deopt stackLimit")
        s.expectPrompt()
        s.type("kept, count(2049)\n")
        s.expect("\n7\t2049\n")
        s.expectPrompt()
        s.control("\u{04}")
        XCTAssertEqual(s.waitExit(), 0)
    }

    func testNoPageIsWritableAndExecutable() throws {
        let s = try PTYSession(arguments: ["--jit=on"])
        compiledSpin(s)
        let maps = try String(contentsOfFile: "/proc/\(s.pid)/maps", encoding: .utf8)
        var executable = 0
        for line in maps.split(separator: "\n") {
            let perms = line.split(separator: " ")[1]
            if perms.contains("x") { executable += 1 }
            XCTAssertFalse(perms.contains("w") && perms.contains("x"), "writable and executable: \(line)")
        }
        XCTAssertGreaterThan(executable, 1, maps)
        s.control("\u{04}")
        XCTAssertEqual(s.waitExit(), 0)
    }

    /// `:tier` gives the share of bytecodes run in compiled code with --jit-stats, and says how to
    /// get it without.
    func testTierShowsTheCompiledShareWithJITStats() throws {
        let s = try PTYSession(arguments: ["--jit=on", "--jit-stats"])
        compiledSpin(s)
        s.type("spin(1, 100000)\n")
        s.expect("\n100000\n")
        s.expectPrompt()
        s.type(":tier spin\n")
        // The 100000 iterations of the last call ran compiled: the share rounds to 9x.y%.
        s.expect("bytecodes run, 9")
        s.expect("% in compiled code")
        s.expectPrompt()
        s.control("\u{04}")
        XCTAssertEqual(s.waitExit(), 0)

        let plain = try PTYSession(arguments: ["--jit=on"])
        plain.expectPrompt()
        plain.type(":tier\n")
        plain.expect("counted with vmrepl --jit-stats")
        plain.expectPrompt()
        plain.control("\u{04}")
        XCTAssertEqual(plain.waitExit(), 0)
    }
}
