// PatternTests: fixed cases for the pattern engine (find/gsub semantics and lua's error messages).

import XCTest
@testable import LuaStdlib

func withBytes<R>(_ a: String, _ b: String, _ f: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    let x = Array(a.utf8), y = Array(b.utf8)
    return try x.withUnsafeBufferPointer { xp in try y.withUnsafeBufferPointer { yp in try f(xp, yp) } }
}
func find(_ s: String, _ p: String, _ from: Int = 0) throws -> String {
    try withBytes(s, p) { sp, pp in
        guard let r = try PatternSearch.searchCaptures(sp, pp, from: from) else { return "nil" }
        let caps = r.captures
        var out = "\(r.start + 1) \(r.end)"
        for c in caps {
            switch c {
            case .substring(let a, let b): out += " " + String(decoding: sp[a..<b], as: UTF8.self)
            case .position(let p): out += " \(p)"
            }
        }
        return out
    }
}
func gsub(_ s: String, _ p: String, _ r: String, _ n: Int = Int.max) throws -> String {
    try withBytes(s, p) { sp, pp in
        let rr = Array(r.utf8)
        return try rr.withUnsafeBufferPointer { rp in
            let (o, k) = try PatternSearch.gsub(sp, pp, .template(rp), maxReplacements: n)
            return String(decoding: o, as: UTF8.self) + " \(k)"
        }
    }
}
func err(_ f: @autoclosure () throws -> String) -> String {
    do { return "ok: " + (try f()) } catch let e as PatternError { return e.message } catch { return "\(error)" }
}
final class PatternTests: XCTestCase {
    func testBasics() throws {
        XCTAssertEqual(try find("hello world", "o w"), "5 7")
        XCTAssertEqual(try find("hello world", "(o)(r)"), "8 9 o r")
        XCTAssertEqual(try find("hello", "l+"), "3 4")
        XCTAssertEqual(try find("hello", "()ll()"), "3 4 3 5")
        XCTAssertEqual(try find("THE (quick) fox", "%((%a+)%)"), "5 11 quick")
        XCTAssertEqual(try find("x = [[a]] y", "%b[]"), "5 9")
        XCTAssertEqual(try find("THE (quick) fox", "%f[%a]%a+", 3), "6 10")
        XCTAssertEqual(try find("abcabc", "(abc)%1"), "1 6 abc")
        XCTAssertEqual(try find("aaa", "^a-$"), "1 3")
        XCTAssertEqual(try find("aaab", "a-b"), "1 4")
        XCTAssertEqual(try find("a]b", "[]]"), "2 2")
        XCTAssertEqual(try find("a-b", "[a%-]+"), "1 2")
        XCTAssertEqual(try find("x5y", "[^%a]"), "2 2")
        XCTAssertEqual(try find("", ""), "1 0")
        XCTAssertEqual(try find("abc", "$"), "4 3")
        XCTAssertEqual(try find("abc", "x*$"), "4 3")
        XCTAssertEqual(err(try find("a", "%")), "malformed pattern (ends with '%')")
        XCTAssertEqual(err(try find("a", "[a")), "malformed pattern (missing ']')")
        XCTAssertEqual(err(try find("a", "(a")), "unfinished capture")
        XCTAssertEqual(err(try find("a", "a)")), "invalid pattern capture")
        XCTAssertEqual(err(try find("a", "%1")), "invalid capture index %1")
        XCTAssertEqual(err(try find("a", "%fa")), "missing '[' after '%f' in pattern")
        XCTAssertEqual(err(try find(String(repeating: "a", count: 300), String(repeating: "a?", count: 300))), "pattern too complex")
        XCTAssertEqual(err(try find("a", String(repeating: "(", count: 40))), "too many captures")
    }
    func testGsub() throws {
        XCTAssertEqual(try gsub("hello world", "o", "0"), "hell0 w0rld 2")
        XCTAssertEqual(try gsub("hello world", "(o)", "[%1%0%%]", 1), "hell[oo%] world 1")
        XCTAssertEqual(try gsub("abc", "", "-"), "-a-b-c- 4")
        XCTAssertEqual(try gsub("abc", "b*", "-"), "-a-c- 3")
        XCTAssertEqual(try gsub("abc", "^a", "x"), "xbc 1")
        XCTAssertEqual(err(try gsub("abc", "a", "%2")), "invalid capture index %2")
        XCTAssertEqual(err(try gsub("abc", "a", "%x")), "invalid use of '%' in replacement string")
    }
    /// Bytes tested by loops that make no recursive call count towards the interrupt checks, so
    /// a search of few calls but many bytes (`a+b` tries 3000 starts, each counting the rest of
    /// the subject: 4.5M bytes, 3000 calls) still runs the hook often.
    func testScansCountTowardsInterruptChecks() throws {
        var calls = 0
        let s = Array(repeating: UInt8(ascii: "a"), count: 3000)
        let hook = ClosureInterrupt({ calls += 1 })
        try withExtendedLifetime(hook) {
            for p in ["a+b", "a-b", ".-b", "%a*b"] {
                calls = 0
                let pb = Array(p.utf8)
                let r = try s.withUnsafeBufferPointer { sp in try pb.withUnsafeBufferPointer { pp in
                    try PatternSearch.searchCaptures(sp, pp, from: 0, interrupt: hook.hook)
                } }
                XCTAssertNil(r)
                XCTAssertGreaterThan(calls, 20, "\(p): the hook ran \(calls) times")
            }
        }
    }

    func testInterrupt() throws {
        struct Stop: Error {}
        var calls = 0
        let s = Array(repeating: UInt8(ascii: "a"), count: 5000)
        let p = Array("a*a*a*a*b".utf8)
        let hook = ClosureInterrupt({ calls += 1; if calls > 3 { throw Stop() } })
        try withExtendedLifetime(hook) {
            XCTAssertThrowsError(try s.withUnsafeBufferPointer { sp in try p.withUnsafeBufferPointer { pp in
                _ = try PatternSearch.searchCaptures(sp, pp, from: 0, interrupt: hook.hook)
            } })
        }
    }
}
