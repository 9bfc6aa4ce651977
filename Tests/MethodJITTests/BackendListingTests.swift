// Golden machine-code listings of lowered functions (sum 1..n, and the sum of t[1..n], under
// integer feedback), with their IR and each value's location interleaved, decoded by Capstone:
// the whole backend's output (prologue, allocation, loop, edge moves, array-part bounds and
// loads, guard and limit stubs, epilogue) read at a glance. Neither calls a helper (a helper's
// address changes from run to run).
//
// To regenerate after a deliberate change of the lowering or the allocator (then re-read it):
//     UPDATE_GOLDEN=1 swift test -c release --disable-swift-testing --filter BackendListingTests
import Foundation
import XCTest
import LuaRuntime
import X64Assembler
@testable import LuaMethodJIT

final class BackendListingTests: XCTestCase {
    static func goldenURL(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").appendingPathComponent(name)
    }

    func assertListing(_ body: String, golden name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let (f, _) = try BackendSupport.ir(body, bits: Feedback.intBit)
        let lowered = try Backend.lower(f, features: .all)
        let notes = lowered.annotations(f)
        let actual = f.listing + "\n" + MachineCodeListing(code: lowered.bytes).text { notes[$0] ?? [] }
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try actual.write(to: Self.goldenURL(name), atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: Self.goldenURL(name), encoding: .utf8)
        XCTAssertEqual(actual, expected, "UPDATE_GOLDEN=1 swift test -c release --disable-swift-testing --filter BackendListingTests to update",
                       file: file, line: line)
    }

    func testLoweredListingMatchesGolden() throws {
        try assertListing("local function f(n) local s = 0 for i = 1, n do s = s + i end return s end", golden: "backend_sum.txt")
    }

    func testArraySumListingMatchesGolden() throws {
        try assertListing("local function f(t, n) local s = 0 for i = 1, n do s = s + t[i] end return s end",
                          golden: "backend_array_sum.txt")
    }
}
