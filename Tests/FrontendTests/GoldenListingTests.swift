// Golden listing tests: each Golden/NAME.lua compiles to exactly Golden/NAME.listing.
//
// To update the goldens after an intended change to the code generator or the listing format:
//     UPDATE_GOLDEN=1 swift test --filter GoldenListingTests
// then read the diff of Golden/*.listing by hand before committing it.
import Foundation
import XCTest
import LuaBytecode
import LuaFrontend

final class GoldenListingTests: XCTestCase {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden")

    func testListingsMatchGoldens() throws {
        let fm = FileManager.default
        let update = ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1"
        let sources = try fm.contentsOfDirectory(atPath: Self.goldenDirectory.path)
            .filter { $0.hasSuffix(".lua") }.sorted()
        XCTAssertGreaterThanOrEqual(sources.count, 5)
        for name in sources {
            let src = Self.goldenDirectory.appendingPathComponent(name)
            let bytes = Array(try Data(contentsOf: src))
            guard case .success(let proto) = compileChunk(bytes, chunkName: "@" + name) else {
                XCTFail("\(name) does not compile")
                continue
            }
            let text = listing(proto)
            let golden = src.deletingPathExtension().appendingPathExtension("listing")
            if update {
                try text.write(to: golden, atomically: true, encoding: .utf8)
                continue
            }
            let expected = (try? String(contentsOf: golden, encoding: .utf8)) ?? ""
            if text != expected {
                XCTFail("\(name): listing differs from \(golden.lastPathComponent) "
                        + "(UPDATE_GOLDEN=1 swift test --filter GoldenListingTests to update)\n"
                        + firstDifference(expected, text))
            }
        }
    }

    private func firstDifference(_ a: String, _ b: String) -> String {
        let la = a.split(separator: "\n", omittingEmptySubsequences: false)
        let lb = b.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(la.count, lb.count) {
            let x = i < la.count ? String(la[i]) : "<none>"
            let y = i < lb.count ? String(lb[i]) : "<none>"
            if x != y { return "line \(i + 1):\n  expected: \(x)\n  actual:   \(y)" }
        }
        return ""
    }
}
