// A golden machine-code listing of one lowered function (sum 1..n under integer feedback), with
// its IR and each value's location interleaved, decoded by Capstone: the whole backend's output
// (prologue, allocation, loop, edge moves, guard and limit stubs, epilogue) read at a glance.
//
// To regenerate after a deliberate change of the lowering or the allocator (then re-read it):
//     UPDATE_GOLDEN=1 swift test -c release --disable-swift-testing --filter BackendListingTests
import Foundation
import XCTest
import X64Assembler
@testable import LuaMethodJIT

final class BackendListingTests: XCTestCase {
    static let goldenURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden").appendingPathComponent("backend_sum.txt")

    func testLoweredListingMatchesGolden() throws {
        let body = "local function f(n) local s = 0 for i = 1, n do s = s + i end return s end"
        let (f, _) = try BackendSupport.ir(body, feedbackFrom: [.int(10)])
        let lowered = try Backend.lower(f, features: .all)
        let notes = lowered.annotations(f)
        let actual = f.listing + "\n" + MachineCodeListing(code: lowered.bytes).text { notes[$0] ?? [] }
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try actual.write(to: Self.goldenURL, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: Self.goldenURL, encoding: .utf8)
        XCTAssertEqual(actual, expected, "UPDATE_GOLDEN=1 swift test -c release --disable-swift-testing --filter BackendListingTests to update")
    }
}
