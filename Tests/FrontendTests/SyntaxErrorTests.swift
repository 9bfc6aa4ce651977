// Syntax errors: messages compared with what lua5.4's `load` returns for the same source (the
// expected strings were taken from lua5.4), and the incomplete-input flag the REPL relies on.
//
// The flag is expected true exactly when lua's message ends in "<eof>" (input ended early).
import XCTest
import LuaBytecode
import LuaFrontend

final class SyntaxErrorTests: XCTestCase {
    /// (source, lua5.4's message or "OK", incomplete)
    static let cases: [(String, String, Bool)] = [
        ("x = \"abc", "[string \"x = \"abc\"]:1: unfinished string near <eof>", true),
        ("x = \"a\\q\"", "[string \"x = \"a\\q\"\"]:1: invalid escape sequence near '\"a\\q'", false),
        ("x = \"\\300\"", "[string \"x = \"\\300\"\"]:1: decimal escape too large near '\"\\300\"'", false),
        ("x = \"\\xZZ\"", "[string \"x = \"\\xZZ\"\"]:1: hexadecimal digit expected near '\"\\xZ'", false),
        ("x = \"\\u{110000000}\"", "[string \"x = \"\\u{110000000}\"\"]:1: UTF-8 value too large near '\"\\u{110000000'", false),
        ("x = [==[ abc", "[string \"x = [==[ abc\"]:1: unfinished long string (starting at line 1) near <eof>", true),
        ("--[[ abc", "[string \"--[[ abc\"]:1: unfinished long comment (starting at line 1) near <eof>", true),
        ("x = 3x", "[string \"x = 3x\"]:1: malformed number near '3x'", false),
        ("x = 0x", "[string \"x = 0x\"]:1: malformed number near '0x'", false),
        ("x = 1e", "[string \"x = 1e\"]:1: malformed number near '1e'", false),
        ("x = ~= 2", "[string \"x = ~= 2\"]:1: unexpected symbol near '~='", false),
        ("for i=1,2 do", "[string \"for i=1,2 do\"]:1: 'end' expected near <eof>", true),
        ("x = = 1", "[string \"x = = 1\"]:1: unexpected symbol near '='", false),
        ("local function (", "[string \"local function (\"]:1: <name> expected near '('", false),
        ("goto x", "[string \"goto x\"]:1: no visible label 'x' for <goto> at line 1", false),
        ("::a:: ::a::", "[string \"::a:: ::a::\"]:1: label 'a' already defined on line 1", false),
        ("break", "[string \"break\"]:1: break outside loop at line 1", false),
        ("local x <const> = 1; x = 2", "[string \"local x <const> = 1; x = 2\"]:1: attempt to assign to const variable 'x'", false),
        ("do goto l; local a; ::l:: print(a) end", "[string \"do goto l; local a; ::l:: print(a) end\"]:1: <goto l> at line 1 jumps into the scope of local 'a'", false),
        ("x = \"a\nb\"", "[string \"x = \"a...\"]:1: unfinished string near '\"a'", false),
        ("x = $", "[string \"x = $\"]:1: unexpected symbol near '$'", false),
        ("f(", "[string \"f(\"]:1: unexpected symbol near <eof>", true),
        ("x = 1 .. 2 ..", "[string \"x = 1 .. 2 ..\"]:1: unexpected symbol near <eof>", true),
        ("local x <foo> = 1", "[string \"local x <foo> = 1\"]:1: unknown attribute 'foo'", false),
        ("return return", "[string \"return return\"]:1: unexpected symbol near 'return'", false),
        ("x = '\\xa'", "[string \"x = '\\xa'\"]:1: hexadecimal digit expected near ''\\xa''", false),
        ("x = 0x1p", "[string \"x = 0x1p\"]:1: malformed number near '0x1p'", false),
        ("x = 1..2", "[string \"x = 1..2\"]:1: malformed number near '1..2'", false),
        ("a.b:c = 1", "[string \"a.b:c = 1\"]:1: function arguments expected near '='", false),
        ("x=[=", "[string \"x=[=\"]:1: invalid long string delimiter near '[='", false),
        ("x = \"\\u{80000000}\"", "[string \"x = \"\\u{80000000}\"\"]:1: UTF-8 value too large near '\"\\u{80000000'", false),
        ("x = \"\\u{zz}\"", "[string \"x = \"\\u{zz}\"\"]:1: hexadecimal digit expected near '\"\\u{z'", false),
        ("x = \"\\u{12\"", "[string \"x = \"\\u{12\"\"]:1: missing '}' near '\"\\u{12\"'", false),
        ("if x then", "[string \"if x then\"]:1: 'end' expected near <eof>", true),
        ("local x <close>, y <close> = 1", "[string \"local x <close>, y <close> = 1\"]:1: multiple to-be-closed variables in local list", false),
        ("x = 1 y = 2 ::l:: ::m:: goto n", "[string \"x = 1 y = 2 ::l:: ::m:: goto n\"]:1: no visible label 'n' for <goto> at line 1", false),
        ("f() = 1", "[string \"f() = 1\"]:1: syntax error near '='", false),
        ("a, b() = 1", "[string \"a, b() = 1\"]:1: syntax error near '='", false),
        ("(a) = 1", "[string \"(a) = 1\"]:1: syntax error near '='", false),
        ("a = 1,", "[string \"a = 1,\"]:1: unexpected symbol near <eof>", true),
        ("function f(a, ..., b) end", "[string \"function f(a, ..., b) end\"]:1: ')' expected near ','", false),
        ("function f() return ... end", "[string \"function f() return ... end\"]:1: cannot use '...' outside a vararg function near '...'", false),
        ("return 'a' .. 'b' ..", "[string \"return 'a' .. 'b' ..\"]:1: unexpected symbol near <eof>", true),
        ("\n\n x = ", "[string \"...\"]:3: unexpected symbol near <eof>", true),
        ("::x:: do ::x:: end", "[string \"::x:: do ::x:: end\"]:1: label 'x' already defined on line 1", false),
        ("local a = {} a.b.c:d 'x' a:b{1}", "OK", false),
        ("repeat goto a; local x; ::a:: until x", "[string \"repeat goto a; local x; ::a:: until x\"]:1: <goto a> at line 1 jumps into the scope of local 'x'", false),
        ("local x <const> = 1; local function f() x = 2 end", "[string \"local x <const> = 1; local function f() x = 2...\"]:1: attempt to assign to const variable 'x'", false),
        ("while true do", "[string \"while true do\"]:1: 'end' expected near <eof>", true),
        ("while true do end end", "[string \"while true do end end\"]:1: <eof> expected near 'end'", false),
        ("function f()\n  if x then\n    return 1", "[string \"function f()...\"]:3: 'end' expected (to close 'if' at line 2) near <eof>", true),
        ("function f()\n  if x then\n    return 1\n  end", "[string \"function f()...\"]:4: 'end' expected (to close 'function' at line 1) near <eof>", true),
        ("local t = {1, 2", "[string \"local t = {1, 2\"]:1: '}' expected near <eof>", true),
        ("local t = {1, 2\n,", "[string \"local t = {1, 2...\"]:2: unexpected symbol near <eof>", true),
        ("f(1", "[string \"f(1\"]:1: ')' expected near <eof>", true),
        ("f(1,\n2,", "[string \"f(1,...\"]:2: unexpected symbol near <eof>", true),
        ("x = (1\n+ 2", "[string \"x = (1...\"]:2: ')' expected (to close '(' at line 1) near <eof>", true),
        ("x = a[1", "[string \"x = a[1\"]:1: ']' expected near <eof>", true),
        ("for i = 1 do end", "[string \"for i = 1 do end\"]:1: ',' expected near 'do'", false),
        ("for i in do end", "[string \"for i in do end\"]:1: unexpected symbol near 'do'", false),
        ("for 1 = 1, 2 do end", "[string \"for 1 = 1, 2 do end\"]:1: <name> expected near '1'", false),
        ("for a.b = 1, 2 do end", "[string \"for a.b = 1, 2 do end\"]:1: '=' or 'in' expected near '.'", false),
        ("local 1 = 2", "[string \"local 1 = 2\"]:1: <name> expected near '1'", false),
        ("return 1 2", "[string \"return 1 2\"]:1: <eof> expected near '2'", false),
        ("x = function", "[string \"x = function\"]:1: '(' expected near <eof>", true),
        ("x = function(", "[string \"x = function(\"]:1: <name> or '...' expected near <eof>", true),
        ("x = function(a,", "[string \"x = function(a,\"]:1: <name> or '...' expected near <eof>", true),
        ("x = function(a b) end", "[string \"x = function(a b) end\"]:1: ')' expected near 'b'", false),
        ("x = {[1] 2}", "[string \"x = {[1] 2}\"]:1: '=' expected near '2'", false),
        ("x = {a = }", "[string \"x = {a = }\"]:1: unexpected symbol near '}'", false),
        ("x = not", "[string \"x = not\"]:1: unexpected symbol near <eof>", true),
        ("x = #", "[string \"x = #\"]:1: unexpected symbol near <eof>", true),
        ("elseif", "[string \"elseif\"]:1: <eof> expected near 'elseif'", false),
        ("end", "[string \"end\"]:1: <eof> expected near 'end'", false),
        ("until x", "[string \"until x\"]:1: <eof> expected near 'until'", false),
        ("x = 1 + + 2", "[string \"x = 1 + + 2\"]:1: unexpected symbol near '+'", false),
        ("x.y.z", "[string \"x.y.z\"]:1: syntax error near <eof>", true),
        ("x:y", "[string \"x:y\"]:1: function arguments expected near <eof>", true),
        ("x:y.z()", "[string \"x:y.z()\"]:1: function arguments expected near '.'", false),
        ("x = a..b..c.", "[string \"x = a..b..c.\"]:1: <name> expected near <eof>", true),
        ("x = 3..4", "[string \"x = 3..4\"]:1: malformed number near '3..4'", false),
        ("x = 0x1.8p+", "[string \"x = 0x1.8p+\"]:1: malformed number near '0x1.8p+'", false),
        ("x = 1.2.3", "[string \"x = 1.2.3\"]:1: malformed number near '1.2.3'", false),
        ("x = .5e", "[string \"x = .5e\"]:1: malformed number near '.5e'", false),
        ("x = 08", "OK", false),
        ("x = \"\\9999\"", "[string \"x = \"\\9999\"\"]:1: decimal escape too large near '\"\\9999'", false),
        ("x = \"\\x1\"", "[string \"x = \"\\x1\"\"]:1: hexadecimal digit expected near '\"\\x1\"'", false),
        ("x = \"\\u{}\"", "[string \"x = \"\\u{}\"\"]:1: hexadecimal digit expected near '\"\\u{}'", false),
        ("x = \"\\u123\"", "[string \"x = \"\\u123\"\"]:1: missing '{' near '\"\\u1'", false),
        ("x = 'abc\\\ndef'", "OK", false),
        ("x = \"abc\\z", "[string \"x = \"abc\\z\"]:1: unfinished string near <eof>", true),
        ("#!/usr/bin/lua\nx = =", "[string \"#!/usr/bin/lua...\"]:1: unexpected symbol near '#'", false),
        ("# comment line\nreturn 1", "[string \"# comment line...\"]:1: unexpected symbol near '#'", false),
        ("local x <const> = {}; x.y = 1; x = 2", "[string \"local x <const> = {}; x.y = 1; x = 2\"]:1: attempt to assign to const variable 'x'", false),
        ("local x <close> = nil; x = 1", "[string \"local x <close> = nil; x = 1\"]:1: attempt to assign to const variable 'x'", false),
        ("local function f() local x <close> = nil; return function() x = 1 end end", "[string \"local function f() local x <close> = nil; ret...\"]:1: attempt to assign to const variable 'x'", false),
        ("goto continue; local a = 1; ::continue::", "OK", false),
        ("do goto continue; local a = 1; ::continue:: end", "OK", false),
        ("for i=1,2 do if i then goto continue end; local z = 1; ::continue:: end", "OK", false),
        ("for i=1,2 do if i then goto continue end; local z = 1; ::continue:: print(z) end", "[string \"for i=1,2 do if i then goto continue end; loc...\"]:1: <goto continue> at line 1 jumps into the scope of local 'z'", false),
        ("::a:: ::b:: goto a", "OK", false),
        ("local x = 1 goto l local y ::l:: return", "[string \"local x = 1 goto l local y ::l:: return\"]:1: <goto l> at line 1 jumps into the scope of local 'y'", false),
        ("x = 1 ;;; y = 2", "OK", false),
        ("return;", "OK", false),
        ("return; x = 1", "[string \"return; x = 1\"]:1: <eof> expected near 'x'", false),
        ("if a then elseif b then else end", "OK", false),
        ("x = - - - 1", "OK", false),
        ("x = 2^-3^4", "OK", false),
        ("a = b = c", "[string \"a = b = c\"]:1: unexpected symbol near '='", false),
        ("local a, b, c = 1", "OK", false),
        ("f{}{}\"\"[[x]]", "OK", false),
        ("x = a.b.c[d].e:f(1)(2)", "OK", false),
        ("x = y z", "[string \"x = y z\"]:1: syntax error near <eof>", true),
        ("x = function() end()", "[string \"x = function() end()\"]:1: unexpected symbol near ')'", false),
        ("(f)()", "OK", false),
        ("(\"x\"):rep(3)", "OK", false),
        ("\"x\":rep(3)", "[string \"\"x\":rep(3)\"]:1: unexpected symbol near '\"x\"'", false),
        ("{}", "[string \"{}\"]:1: unexpected symbol near '{'", false),
        ("x = {} . x", "[string \"x = {} . x\"]:1: unexpected symbol near '.'", false),
        ("local function f(...) local x = ... ; return select('#', ...) end", "OK", false),
        ("local t = {...}", "OK", false),
        ("function t:m() return self end", "OK", false),
        ("function t.a.b.c:m(x, y) return self end", "OK", false),
        ("function t:m.x() end", "[string \"function t:m.x() end\"]:1: '(' expected near '.'", false),
        ("local function f() end f = nil", "OK", false),
        ("x = 1 --[==[ long\ncomment ]==] y = 2", "OK", false),
        ("x = [[\nline]] .. [=[]]]=]", "OK", false),
        ("x = 0xffffffffffffffffff", "OK", false),
        ("x = 9223372036854775808", "OK", false),
        ("x = 1e500", "OK", false),
        ("x = 0x.1p4", "OK", false),
        ("x = 0xA.8P0", "OK", false),
        ("x = 3 .. 4", "OK", false),
        ("while", "[string \"while\"]:1: unexpected symbol near <eof>", true),
        ("repeat", "[string \"repeat\"]:1: 'until' expected near <eof>", true),
        ("repeat x = 1", "[string \"repeat x = 1\"]:1: 'until' expected near <eof>", true),
        ("do", "[string \"do\"]:1: 'end' expected near <eof>", true),
        ("function", "[string \"function\"]:1: <name> expected near <eof>", true),
        ("local", "[string \"local\"]:1: <name> expected near <eof>", true),
        ("local function", "[string \"local function\"]:1: <name> expected near <eof>", true),
        ("return", "OK", false),
        ("goto", "[string \"goto\"]:1: <name> expected near <eof>", true),
        ("::", "[string \"::\"]:1: <name> expected near <eof>", true),
        ("::a", "[string \"::a\"]:1: '::' expected near <eof>", true),
        ("x = {", "[string \"x = {\"]:1: unexpected symbol near <eof>", true),
        ("x = [[", "[string \"x = [[\"]:1: unfinished long string (starting at line 1) near <eof>", true),
        ("x = \"", "[string \"x = \"\"]:1: unfinished string near <eof>", true),
        ("x = '\\", "[string \"x = '\\\"]:1: unfinished string near <eof>", true),
        ("x = y[", "[string \"x = y[\"]:1: unexpected symbol near <eof>", true),
        ("f:", "[string \"f:\"]:1: <name> expected near <eof>", true),
        ("f.", "[string \"f.\"]:1: <name> expected near <eof>", true),
        ("a ,", "[string \"a ,\"]:1: unexpected symbol near <eof>", true),
        ("for", "[string \"for\"]:1: <name> expected near <eof>", true),
        ("for i", "[string \"for i\"]:1: '=' or 'in' expected near <eof>", true),
        ("for i =", "[string \"for i =\"]:1: unexpected symbol near <eof>", true),
        ("for i = 1", "[string \"for i = 1\"]:1: ',' expected near <eof>", true),
        ("for i = 1,", "[string \"for i = 1,\"]:1: unexpected symbol near <eof>", true),
        ("for i = 1, 2", "[string \"for i = 1, 2\"]:1: 'do' expected near <eof>", true),
        ("for i, j", "[string \"for i, j\"]:1: 'in' expected near <eof>", true),
        ("for i, j in", "[string \"for i, j in\"]:1: unexpected symbol near <eof>", true),
        ("for i, j in x", "[string \"for i, j in x\"]:1: 'do' expected near <eof>", true),
        ("if", "[string \"if\"]:1: unexpected symbol near <eof>", true),
        ("if x", "[string \"if x\"]:1: 'then' expected near <eof>", true),
        ("if x then else", "[string \"if x then else\"]:1: 'end' expected near <eof>", true),
        ("if x then elseif", "[string \"if x then elseif\"]:1: unexpected symbol near <eof>", true),
        ("x = 1 +", "[string \"x = 1 +\"]:1: unexpected symbol near <eof>", true),
        ("x = a and", "[string \"x = a and\"]:1: unexpected symbol near <eof>", true),
        ("local x <", "[string \"local x <\"]:1: <name> expected near <eof>", true),
        ("local x <const", "[string \"local x <const\"]:1: '>' expected near <eof>", true),
        ("local x <const>", "OK", false),
        ("local x <const> =\n", "[string \"local x <const> =...\"]:2: unexpected symbol near <eof>", true),
        ("x = \u{1}", "[string \"x = \u{1}\"]:1: unexpected symbol near '<\\1>'", false),
        ("local x y", "[string \"local x y\"]:1: syntax error near <eof>", true),
        ("x y", "[string \"x y\"]:1: syntax error near 'y'", false),
        ("local function f() return end end", "[string \"local function f() return end end\"]:1: <eof> expected near 'end'", false),
        ("for i = 1, 2 do local x <close> = 1 end", "OK", false),
        ("local t = {} t.x.y:z()", "OK", false),
        ("x = \"\\x4", "[string \"x = \"\\x4\"]:1: hexadecimal digit expected near '\"\\x4'", false),
        ("x = \"\\", "[string \"x = \"\\\"]:1: unfinished string near <eof>", true),
        ("function a.b:c.d() end", "[string \"function a.b:c.d() end\"]:1: '(' expected near '.'", false),
        ("local a <const> = 1; a = 2", "[string \"local a <const> = 1; a = 2\"]:1: attempt to assign to const variable 'a'", false),
        ("local a <close> = nil; local function f() a = 1 end", "[string \"local a <close> = nil; local function f() a =...\"]:1: attempt to assign to const variable 'a'", false),
        ("return ...", "OK", false),
        ("local function f() return ... end", "[string \"local function f() return ... end\"]:1: cannot use '...' outside a vararg function near '...'", false),
        ("x = 1 + ", "[string \"x = 1 + \"]:1: unexpected symbol near <eof>", true),
        ("::a:: goto a ::a::", "[string \"::a:: goto a ::a::\"]:1: label 'a' already defined on line 1", false),
        ("repeat local x = 1 until y goto z", "[string \"repeat local x = 1 until y goto z\"]:1: no visible label 'z' for <goto> at line 1", false),
        ("goto z; do ::z:: end", "[string \"goto z; do ::z:: end\"]:1: no visible label 'z' for <goto> at line 1", false),
        ("do ::z:: end goto z", "[string \"do ::z:: end goto z\"]:1: no visible label 'z' for <goto> at line 1", false),
        ("while 1 do end ::lbl:: ::lbl::", "[string \"while 1 do end ::lbl:: ::lbl::\"]:1: label 'lbl' already defined on line 1", false),
        ("x = a.b.c.d.e.f.g[1][2]:h()", "OK", false),
        ("x = 0xep1", "OK", false),
        ("x = 5e+", "[string \"x = 5e+\"]:1: malformed number near '5e+'", false),
        ("x = 0x5.p1", "OK", false),
        ("x = 1.e5", "OK", false),
        ("x = 0xg", "[string \"x = 0xg\"]:1: malformed number near '0xg'", false),
        ("x = 1_000", "[string \"x = 1_000\"]:1: malformed number near '1_'", false),
    ]

    func testMessagesMatchLua() {
        for (src, expected, incomplete) in Self.cases {
            switch compileChunk(Array(src.utf8), chunkName: src) {
            case .success:
                XCTAssertEqual("OK", expected, "source: \(src)")
            case .failure(let e):
                XCTAssertEqual(e.message, expected, "source: \(src)")
                XCTAssertEqual(e.isIncomplete, incomplete, "source: \(src)")
            }
        }
    }

    func message(_ src: String, _ name: String = "=stdin") -> String? {
        if case .failure(let e) = compileChunk(Array(src.utf8), chunkName: name) { return e.message }
        return nil
    }

    func testChunkNames() {
        XCTAssertEqual(message("x = = 1", "@dir/file.lua"), "dir/file.lua:1: unexpected symbol near '='")
        XCTAssertEqual(message("x = = 1", "=stdin"), "stdin:1: unexpected symbol near '='")
        let long = "@" + String(repeating: "d/", count: 40) + "f.lua"
        XCTAssertEqual(message("x = = 1", long),
                       "..." + String(long.suffix(56)) + ":1: unexpected symbol near '='")
    }

    func testShebangSkippedInFilesOnly() {
        XCTAssertNil(message("#!/usr/bin/env lua\nreturn 1", "@script.lua"))
        XCTAssertEqual(message("#!/usr/bin/env lua\nx = =", "@script.lua"),
                       "script.lua:2: unexpected symbol near '='")
    }

    /// lua5.4 output: "...: too many local variables (limit is 200) in function at line 1 near 'end'"
    func testTooManyLocals() {
        var s = "local function f()\n"
        for i in 1...201 { s += "local a\(i)\n" }
        s += "end"
        XCTAssertEqual(message(s), "stdin:203: too many local variables (limit is 200) in function at line 1 near 'end'")
    }

    /// lua5.4 output: "...: function or expression needs too many registers near '1'"
    func testTooManyRegisters() {
        let s = "x = f(" + String(repeating: "1,", count: 300) + "1)"
        XCTAssertEqual(message(s), "stdin:1: function or expression needs too many registers near '1'")
    }

    /// Deep nesting is an error (lua5.4 says "C stack overflow"), never a native stack overflow.
    func testDeepNestingIsAnError() {
        for (open, close) in [("(", ")"), ("{", "}"), ("do ", " end"), ("f(", ")"), ("-{", "}"),
                              ("function() return ", " end"), ("a[", "]"), ("2^", "")] {
            let n = 10_000
            let s = "x = " + String(repeating: open, count: n) + "1" + String(repeating: close, count: n)
            let src = open == "do " ? String(repeating: open, count: n) + String(repeating: close, count: n) : s
            guard let m = message(src) else { XCTFail("nesting \(open) compiled"); continue }
            XCTAssertTrue(m.contains("too many C levels (limit is 200)"), m)
        }
        // Nesting within the limit compiles.
        XCTAssertNil(message("x = " + String(repeating: "(", count: 150) + "1" + String(repeating: ")", count: 150)))
    }

    func testIncompleteFlag() {
        func incomplete(_ s: String) -> Bool? {
            if case .failure(let e) = compileChunk(Array(s.utf8), chunkName: "=stdin") { return e.isIncomplete }
            return nil
        }
        XCTAssertEqual(incomplete("for i=1,2 do"), true)
        XCTAssertEqual(incomplete("x = = 1"), false)
        XCTAssertEqual(incomplete("x = \"abc"), true)
        XCTAssertEqual(incomplete("x = \"abc\ny\""), false)
        XCTAssertEqual(incomplete("x = [[abc"), true)
        XCTAssertEqual(incomplete("--[[ comment"), true)
        XCTAssertEqual(incomplete("function f()"), true)
        XCTAssertEqual(incomplete("return"), nil)
        XCTAssertEqual(incomplete("goto nowhere"), false)
    }
}
