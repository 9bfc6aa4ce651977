// Lexical rules seen through compiled constants: numerals (wrap-around, overflow to float, hex
// floats), every string form and escape, comments and line counting. Expected values follow
// the Lua 5.4 manual §3.1 and were checked against lua5.4.
import XCTest
import LuaBytecode
import LuaFrontend

final class LexerTests: XCTestCase {
    /// The value `local x = <literal>` loads, read back from the first instruction that sets x.
    func value(_ literal: String, file: StaticString = #filePath, line: UInt = #line) -> Constant? {
        guard case .success(let p) = compileChunk(Array("local x = \(literal)".utf8), chunkName: "=t") else {
            XCTFail("\(literal) does not compile", file: file, line: line)
            return nil
        }
        for i in p.code {
            switch i.opcode {
            case .loadI: return .integer(Int64(i.sBx))
            case .loadF: return .number(Double(i.sBx))
            case .loadK: return p.constants[i.bx]
            case .loadTrue: return .boolean(true)
            case .loadFalse: return .boolean(false)
            case .loadNil: return .nil
            case .varArgPrep: continue
            case .move, .loadKX, .lFalseSkip, .getUpval, .setUpval, .getTabUp, .getTable, .getI,
                 .getField, .setTabUp, .setTable, .setI, .setField, .newTable, .self, .addI, .addK,
                 .subK, .mulK, .modK, .powK, .divK, .idivK, .bandK, .borK, .bxorK, .shrI, .shlI,
                 .add, .sub, .mul, .mod, .pow, .div, .idiv, .band, .bor, .bxor, .shl, .shr, .unm,
                 .bnot, .not, .len, .concat, .close, .tbc, .jmp, .eq, .lt, .le, .eqK, .eqI, .ltI,
                 .leI, .gtI, .geI, .test, .testSet, .call, .tailCall, .return, .return0, .return1,
                 .forLoop, .forPrep, .tForPrep, .tForCall, .tForLoop, .setList, .closure, .varArg,
                 .extraArg:
                XCTFail("\(literal): unexpected \(i.opcode)", file: file, line: line)
                return nil
            }
        }
        return nil
    }

    func str(_ s: String) -> Constant { .string(Array(s.utf8)) }

    func testIntegerNumerals() {
        XCTAssertEqual(value("0"), .integer(0))
        XCTAssertEqual(value("65536"), .integer(65536))
        XCTAssertEqual(value("65537"), .integer(65537))
        XCTAssertEqual(value("-65535"), .integer(-65535))
        XCTAssertEqual(value("9223372036854775807"), .integer(.max))
        XCTAssertEqual(value("0xff"), .integer(255))
        XCTAssertEqual(value("0XA"), .integer(10))
        // hexadecimal integers wrap around modulo 2^64
        XCTAssertEqual(value("0xffffffffffffffff"), .integer(-1))
        XCTAssertEqual(value("0x1ffffffffffffffff"), .integer(-1))
        XCTAssertEqual(value("0x8000000000000000"), .integer(.min))
        // decimal integers that overflow become floats
        XCTAssertEqual(value("9223372036854775808"), .number(9223372036854775808.0))
        XCTAssertEqual(value("-9223372036854775808"), .number(-9223372036854775808.0))
    }

    func testFloatNumerals() {
        XCTAssertEqual(value("1.5"), .number(1.5))
        XCTAssertEqual(value(".5"), .number(0.5))
        XCTAssertEqual(value("3."), .number(3))
        XCTAssertEqual(value("1e2"), .number(100))
        XCTAssertEqual(value("1E-2"), .number(0.01))
        XCTAssertEqual(value("1e+2"), .number(100))
        XCTAssertEqual(value("1e500"), .number(.infinity))
        XCTAssertEqual(value("0x1p4"), .number(16))
        XCTAssertEqual(value("0x.8"), .number(0.5))
        XCTAssertEqual(value("0xA.8p1"), .number(21))
        XCTAssertEqual(value("0x1P-2"), .number(0.25))
        XCTAssertEqual(value("0x1.fffffffffffffp1023"), .number(.greatestFiniteMagnitude))
        XCTAssertEqual(value("0x10000000000000000.0"), .number(18446744073709551616.0))
        // -0.0 is not folded (it would be confused with 0.0 otherwise)
        guard case .success(let p) = compileChunk(Array("local x = -0.0".utf8), chunkName: "=t") else {
            return XCTFail()
        }
        XCTAssertTrue(p.code.contains { $0.opcode == .unm })
    }

    func testShortStrings() {
        XCTAssertEqual(value(#""a\tb\n""#), str("a\tb\n"))
        XCTAssertEqual(value(#"'\a\b\f\v\r'"#), .string([7, 8, 12, 11, 13]))
        XCTAssertEqual(value(#""\\\"\'""#), str("\\\"'"))
        XCTAssertEqual(value(#""\65\066\0671""#), str("ABC1"))
        XCTAssertEqual(value(#""\0\00\000""#), .string([0, 0, 0]))
        XCTAssertEqual(value(#""\255""#), .string([255]))
        XCTAssertEqual(value(#""\x41\x7a\xFF""#), .string([0x41, 0x7A, 0xFF]))
        XCTAssertEqual(value(#""\u{41}\u{E9}\u{20AC}\u{10FFFF}""#), .string([0x41, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF4, 0x8F, 0xBF, 0xBF]))
        XCTAssertEqual(value(#""\u{7FFFFFFF}""#), .string([0xFD, 0xBF, 0xBF, 0xBF, 0xBF, 0xBF]))
        XCTAssertEqual(value("\"a\\\nb\""), str("a\nb"))
        XCTAssertEqual(value("\"a\\\r\nb\""), str("a\nb"))
        XCTAssertEqual(value("\"a\\z  \n\t  b\""), str("ab"))
    }

    func testLongStrings() {
        XCTAssertEqual(value("[[abc]]"), str("abc"))
        XCTAssertEqual(value("[[\nfirst newline skipped]]"), str("first newline skipped"))
        XCTAssertEqual(value("[[\r\nx]]"), str("x"))
        XCTAssertEqual(value("[==[a]]b]=]c]==]"), str("a]]b]=]c"))
        XCTAssertEqual(value("[[a\r\nb\n\rc\rd]]"), str("a\nb\nc\nd"))
        XCTAssertEqual(value("[[no \\n escapes]]"), str("no \\n escapes"))
    }

    func testCommentsAndLines() {
        let src = "--[==[ long\ncomment ]==] local a = 1 -- short\n--[ not long\nlocal b = a + x\n"
        guard case .success(let p) = compileChunk(Array(src.utf8), chunkName: "=t") else { return XCTFail() }
        // `a + x` reads the global x on line 4 (two lines in the long comment, one short comment)
        let getx = p.code.firstIndex { $0.opcode == .getTabUp }!
        XCTAssertEqual(p.lineInfo[getx], 4)
        for (s, line) in [("\n\n\nx = = 1", 4), ("\r\n\r\nx = = 1", 3), ("\n\r\n\rx = = 1", 3), ("\r\rx = = 1", 3)] {
            if case .failure(let e) = compileChunk(Array(s.utf8), chunkName: "=t") {
                XCTAssertEqual(e.message, "t:\(line): unexpected symbol near '='", s.debugDescription)
            } else {
                XCTFail(s)
            }
        }
    }

    func testReservedWordsAndNames() {
        XCTAssertEqual(value("nil"), .nil)
        XCTAssertEqual(value("true"), .boolean(true))
        guard case .success(let p) = compileChunk(Array("local x = goto_ + _end + and1".utf8), chunkName: "=t") else {
            return XCTFail()
        }
        XCTAssertEqual(p.constants, [str("goto_"), str("_end"), str("and1")])
    }
}
