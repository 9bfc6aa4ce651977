// Execution tests: Golden/Programs/NAME.lua, compiled and run on the reference evaluator,
// prints exactly Golden/Programs/NAME.expected, which holds lua5.4's output for the program
// (regenerate with: for f in Golden/Programs/*.lua; do lua5.4 $f > ${f%.lua}.expected; done).
import Foundation
import XCTest
import LuaBytecode
import LuaFrontend

final class ExecutionTests: XCTestCase {
    static let directory = GoldenListingTests.goldenDirectory.appendingPathComponent("Programs")

    func run(_ source: [UInt8], name: String) -> String {
        guard case .success(let p) = compileChunk(source, chunkName: "@" + name) else {
            if case .failure(let e) = compileChunk(source, chunkName: "@" + name) { return "syntax error: \(e.message)" }
            return ""
        }
        let ev = ReferenceEvaluator()
        do {
            try ev.run(p)
        } catch let e as RError {
            ev.output += "error: \((try? ev.tostr(e.value)) ?? "?")\n"
        } catch {
            ev.output += "error: \(error)\n"
        }
        return ev.output
    }

    func testProgramsPrintWhatLuaPrints() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)
            .filter { $0.hasSuffix(".lua") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 8)
        for name in names {
            let src = Self.directory.appendingPathComponent(name)
            let expected = try String(contentsOf: src.deletingPathExtension().appendingPathExtension("expected"),
                                      encoding: .utf8)
            let got = run(Array(try Data(contentsOf: src)), name: name)
            if got != expected {
                let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
                let g = got.split(separator: "\n", omittingEmptySubsequences: false)
                var diff = ""
                for i in 0..<max(e.count, g.count) {
                    let x = i < e.count ? String(e[i]) : "<none>", y = i < g.count ? String(g[i]) : "<none>"
                    if x != y { diff = "line \(i + 1): expected \(x.debugDescription), got \(y.debugDescription)"; break }
                }
                XCTFail("\(name): \(diff)")
            }
        }
    }
}
