// The perf map: one well-formed `START SIZE NAME` line (hex, no prefix) per installed function,
// matching the installed blocks, written as each function is installed.
//
// Invariants: the map goes to a fresh temporary file, removed afterwards, except in the test of
// the conventional path, which removes what it created.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import XCTest
import X64Assembler
import LuaMethodJIT

final class PerfMapTests: XCTestCase {
    func testLinesNameEachInstalledFunction() throws {
        #if !(arch(x86_64) && os(Linux))
        throw XCTSkip("machine code runs only on x86-64 Linux")
        #endif
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("perfmap-test-\(getpid())-\(UUID().uuidString).map").path
        defer { unlink(path) }
        let memory = try CodeMemory(budget: 1 << 20)
        memory.perfMap = try XCTUnwrap(PerfMap(path: path))
        let names = ["lua:fib test.lua:3", "stub: exit", "two\nlines"]
        var blocks: [CodeBlock] = []
        for (i, name) in names.enumerated() {
            blocks.append(try memory.assemble(name: name, addConstant(Int32(i), nops: 30 * i)))
            let text = try String(contentsOfFile: path, encoding: .utf8)
            XCTAssertEqual(text.split(separator: "\n").count, i + 1, "each line is flushed at install")
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 4)
        XCTAssertEqual(lines.last, "", "the file ends with a newline")
        for (i, line) in lines.dropLast().enumerated() {
            let fields = line.split(separator: " ", maxSplits: 2)
            XCTAssertEqual(fields.count, 3, String(line))
            let hexDigits = Set("0123456789abcdef")
            XCTAssertTrue(fields[0].allSatisfy(hexDigits.contains) && fields[1].allSatisfy(hexDigits.contains), String(line))
            XCTAssertEqual(UInt64(fields[0], radix: 16), blocks[i].address)
            XCTAssertEqual(Int(fields[1], radix: 16), blocks[i].size)
        }
        XCTAssertEqual(String(lines[0].split(separator: " ", maxSplits: 2)[2]), "lua:fib test.lua:3")
        XCTAssertEqual(String(lines[2].split(separator: " ", maxSplits: 2)[2]), "two lines")
    }

    func testLineFormat() {
        XCTAssertEqual(PerfMap.line(start: 0x7f00_1234_5670, size: 0x1a0, name: "f"), "7f0012345670 1a0 f\n")
        XCTAssertEqual(PerfMap.line(start: 16, size: 5, name: "a\r\nb"), "10 5 a b\n")
    }

    func testConventionalPath() throws {
        let map = try XCTUnwrap(PerfMap.forThisProcess())
        defer { unlink(map.path) }
        XCTAssertEqual(map.path, "/tmp/perf-\(getpid()).map")
    }
}
