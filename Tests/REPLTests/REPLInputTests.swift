// Input reaches Lua as typed, through a pty: non-ASCII text and bracketed pastes.

import Foundation
import XCTest

final class REPLInputTests: XCTestCase {
    /// Typed UTF-8 arrives byte for byte, while Lua itself stays in the C locale.
    func testNonASCIIRoundTrip() throws {
        for env in [["LC_ALL": "C.UTF-8"], ["LC_ALL": "", "LC_CTYPE": "", "LANG": ""]] {
            let s = try PTYSession(environment: env)
            s.expectPrompt()
            s.type("s = 'é☃日本'\n")
            s.expectPrompt()
            s.type("#s, s == '\\u{E9}\\u{2603}\\u{65E5}\\u{672C}', s\n")
            s.expect("\n11\ttrue\té☃日本\n")
            s.type("os.setlocale(), string.upper('aé'), ('%.1f'):format(2.5)\n")
            s.expect("\nC\tAé\t2.5\n")
            s.type(":quit\n")
            XCTAssertEqual(s.waitExit(), 0)
        }
    }

    /// A pasted block keeps its tabs (no completion fires) and runs as one chunk; terminals send
    /// the pasted line breaks as CR.
    func testBracketedPasteRunsAsOneChunk() throws {
        let s = try PTYSession()
        s.expectPrompt()
        s.type("\u{1b}[200~cfg = {\r\tstr\t= \"a\",\r}\r\u{1b}[201~")
        s.expectPrompt()
        s.type("cfg.str, cfg.string, string.len('\\t')\n")
        s.expect("\na\tnil\t1\n")
        // One chunk: a later line's error names the chunk's own line.
        s.type("\u{1b}[200~x = 1\nerror('at two')\ny = 3\n\u{1b}[201~")
        s.expect("stdin:2: at two")
        s.expectPrompt()
        s.type("x, y\n")
        s.expect("\n1\tnil\n")
        // A paste without a line break is inserted into the line being typed, tabs literal.
        s.type("t = '")
        s.type("\u{1b}[200~a\tb\u{1b}[201~")
        s.type("'\n")
        s.expectPrompt()
        s.type("t == 'a\\tb'\n")
        s.expect("\ntrue\n")
        s.type(":quit\n")
        XCTAssertEqual(s.waitExit(), 0)
    }
}
