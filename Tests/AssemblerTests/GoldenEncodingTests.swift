// Golden encodings: every generated case (EncodingCases*.swift) assembled through the Swift API
// must give exactly the bytes in Golden/encodings.txt, and llvm-mc must give the same bytes for
// the case's text, so the golden file is proved by an independent assembler.
//
// To regenerate the golden file FROM llvm-mc (after adding cases, never to paper over a diff):
//     UPDATE_GOLDEN=1 swift test -c release --disable-swift-testing --filter GoldenEncodingTests
// The update writes llvm-mc's bytes, then the test still fails on any case our encoder gets wrong.
import Foundation
import XCTest
import X64Assembler

final class GoldenEncodingTests: XCTestCase {
    static let goldenURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden").appendingPathComponent("encodings.txt")
    static let header = """
        # Generated from llvm-mc by GoldenEncodingTests; do not edit. Regenerate (needs llvm-mc):
        #     UPDATE_GOLDEN=1 swift test -c release --disable-swift-testing --filter GoldenEncodingTests
        # Each line: an instruction in Intel syntax => the bytes `llvm-mc -triple=x86_64
        # -x86-asm-syntax=intel -show-encoding` gives it. The test assembles the same instruction
        # through the Swift API (Tests/AssemblerTests/EncodingCases*.swift) and compares.

        """

    static func assemble(_ c: EncodingCase) -> [UInt8] {
        var a = Assembler(features: .all)
        c.emit(&a)
        return a.finish()
    }

    /// (text, bytes) per golden line, comments and blank lines skipped.
    static func readGolden() throws -> [(String, String)] {
        let text = try String(contentsOf: goldenURL, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            if line.hasPrefix("#") || line.isEmpty { return nil }
            let parts = line.components(separatedBy: " => ")
            return parts.count == 2 ? (parts[0], parts[1]) : (String(line), "")
        }
    }

    func testGoldenFileIsCurrentAndMatchesEncoder() throws {
        let cases = EncodingCases.all()
        XCTAssertGreaterThan(cases.count, 1000)
        XCTAssertEqual(Set(cases.map(\.text)).count, cases.count, "duplicate case texts")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            let encodings = try ExternalTools.llvmEncodings(cases.map(\.text))
            var out = Self.header
            for (c, bytes) in zip(cases, encodings) { out += "\(c.text) => \(hex(bytes))\n" }
            try out.write(to: Self.goldenURL, atomically: true, encoding: .utf8)
        }
        let golden = try Self.readGolden()
        let first = try String(contentsOf: Self.goldenURL, encoding: .utf8).prefix { $0 != "\n" }
        XCTAssertTrue(first.hasPrefix("# Generated"), "the golden file's first line says it is generated")
        guard golden.map(\.0) == cases.map(\.text) else {
            let i = (0..<min(golden.count, cases.count)).first { golden[$0].0 != cases[$0].text }
                ?? min(golden.count, cases.count)
            return XCTFail("the cases changed (first difference at case \(i): golden "
                           + "\(i < golden.count ? golden[i].0 : "<end>") vs \(i < cases.count ? cases[i].text : "<end>")); "
                           + "regenerate: UPDATE_GOLDEN=1 swift test --filter GoldenEncodingTests")
        }
        var failures = 0
        for (c, (_, expected)) in zip(cases, golden) {
            let got = hex(Self.assemble(c))
            if got != expected {
                failures += 1
                if failures <= 30 { XCTFail("\(c.text): encoder gives \(got), golden \(expected)") }
            }
        }
        XCTAssertEqual(failures, 0, "\(failures) of \(cases.count) encodings differ from the golden file")
    }

    /// The golden bytes are llvm-mc's, not a copy of our own output.
    func testLLVMMCAgreesWithGoldenFile() throws {
        _ = try ExternalTools.requireLLVMMC()
        let golden = try Self.readGolden()
        let encodings = try ExternalTools.llvmEncodings(golden.map(\.0))
        var failures = 0
        for ((text, expected), bytes) in zip(golden, encodings) where hex(bytes) != expected {
            failures += 1
            if failures <= 30 { XCTFail("\(text): llvm-mc gives \(hex(bytes)), golden \(expected)") }
        }
        XCTAssertEqual(failures, 0)
    }
}
