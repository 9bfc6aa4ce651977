// Golden machine-code listings of lowered functions (sum 1..n, and the sum of t[1..n], under
// integer feedback), with their IR and each value's location interleaved, decoded by Capstone:
// the whole backend's output (prologue, allocation, loop, edge moves, array-part bounds and
// loads, guard and limit stubs, epilogue) read at a glance; and a loop calling a helper (float %)
// with values live across the call, whose save and restore sequence is shown (the helper's
// address, which changes from run to run, is printed as HELPER); and a loop reading two fields
// and writing one, whose inline hash-part probes and out-of-line helper calls are shown (the key
// strings' addresses printed as KEY).
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

    /// `inlineFields`: lowered with the proto's constants (loaded into a VM), so field ops probe
    /// inline; their key strings' addresses are printed as KEY.
    func assertListing(_ body: String, golden name: String, bits: UInt16 = Feedback.intBit, inlineFields: Bool = false,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let (f, fp) = try BackendSupport.ir(body, bits: bits)
        let vm = VM()
        let proto = vm.loadProto(fp)
        let constants = inlineFields ? proto.pointee.k : nil
        let lowered = try Backend.lower(f, features: .all, fieldKeys: constants.map { FieldKeys($0, count: proto.pointee.kCount) })
        let notes = lowered.annotations(f)
        var actual = f.listing + "\n" + MachineCodeListing(code: lowered.bytes).text { notes[$0] ?? [] }
        var addresses = [Helpers.fmod, Helpers.pow, Helpers.fieldLoad, Helpers.fieldStore].map { ($0, "HELPER") }
        for k in 0..<proto.pointee.kCount where constants?[k].tag == Tag.string {
            addresses.append((UInt(constants![k].payload), "KEY"))
        }
        for (address, name) in addresses {
            var le = UInt64(address).littleEndian
            let bytes = withUnsafeBytes(of: &le) { $0.map { String(format: "%02x", $0) }.joined(separator: " ") }
            actual = actual.replacingOccurrences(of: bytes, with: name).replacingOccurrences(of: "0x" + String(address, radix: 16), with: name)
        }
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

    func testHelperCallListingMatchesGolden() throws {
        try assertListing("local function f(a, b) local s = 0.0 for i = 1, 100 do s = s % b + a * i end return s, a, b end",
                          golden: "backend_fmod_loop.txt", bits: Feedback.floatBit)
    }

    func testFieldLoopListingMatchesGolden() throws {
        try assertListing("local function f(t, n) local s = 0.0 for i = 1, n do s = s + t.x * t.y end t.z = s return s end",
                          golden: "backend_field_loop.txt", bits: Feedback.floatBit, inlineFields: true)
    }

    func testArraySumListingMatchesGolden() throws {
        try assertListing("local function f(t, n) local s = 0 for i = 1, n do s = s + t[i] end return s end",
                          golden: "backend_array_sum.txt")
    }
}
