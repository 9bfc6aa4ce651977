// The free-list bookkeeping alone: a seeded random run of allocations, shrinks and frees checked
// against a plain model of which granules are taken, plus the invariants of CodeSpace's header.
//
// Invariants: the seed names the run (a failure message gives it); the model is a byte map, too
// simple to share a bug with the free list.
import XCTest
import TestSupport
@testable import LuaMethodJIT

final class CodeSpaceTests: XCTestCase {
    func testRandomRunAgainstAByteMap() {
        for seed: UInt64 in 1...20 {
            var rng = SplitMix64(seed: seed)
            var space = CodeSpace(capacity: 16 * 256, granule: 16)
            var taken = [Bool](repeating: false, count: 256)        // granule -> live
            var live: [Int: Int] = [:]
            for step in 0..<2000 {
                let what = rng.below(10)
                if what < 5 {
                    let size = rng.pick([1, 16, 17, 40, 100, 300, 1000])
                    let need = (size + 15) / 16
                    let fits = Self.firstFit(taken, need)
                    let got = space.allocate(size)
                    XCTAssertEqual(got.map { $0 / 16 }, fits, "seed \(seed) step \(step): first fit of \(need)")
                    if let got {
                        for g in got / 16..<got / 16 + need { taken[g] = true }
                        live[got] = need * 16
                    }
                } else if what < 7, let (offset, size) = live.randomElement(using: &rng), size > 16 {
                    let newSize = 16 * (1 + rng.below(size / 16 - 1))
                    space.shrink(at: offset, to: newSize)
                    for g in (offset + newSize) / 16..<(offset + size) / 16 { taken[g] = false }
                    live[offset] = newSize
                } else if let (offset, size) = live.randomElement(using: &rng) {
                    XCTAssertEqual(space.release(at: offset), size)
                    for g in offset / 16..<(offset + size) / 16 { taken[g] = false }
                    live[offset] = nil
                }
                Self.checkInvariants(space, taken, "seed \(seed) step \(step)")
            }
        }
    }

    /// The lowest run of `need` free granules, as a granule index.
    static func firstFit(_ taken: [Bool], _ need: Int) -> Int? {
        var run = 0
        for (g, t) in taken.enumerated() {
            run = t ? 0 : run + 1
            if run == need { return g - need + 1 }
        }
        return nil
    }

    static func checkInvariants(_ s: CodeSpace, _ taken: [Bool], _ at: String) {
        let liveCount = taken.filter { $0 }.count
        XCTAssertEqual(s.liveBytes, liveCount * 16, at)
        let top = (taken.lastIndex(of: true) ?? -1) + 1
        XCTAssertEqual(s.frontier, top * 16, "\(at): the frontier sits right above the last live block")
        XCTAssertEqual(s.liveBytes + s.freeBytes, s.frontier, at)
        var previousEnd = -1
        for b in s.freeBlocks {
            XCTAssertGreaterThan(b.size, 0, at)
            XCTAssertGreaterThan(b.offset, previousEnd, "\(at): free blocks sorted, never adjacent")
            XCTAssertTrue(taken[b.offset / 16..<(b.offset + b.size) / 16].allSatisfy { !$0 }, at)
            if b.offset > 0 { XCTAssertTrue(taken[b.offset / 16 - 1], "\(at): a hole is maximal below") }
            XCTAssertTrue(taken[(b.offset + b.size) / 16], "\(at): a hole is maximal above")
            previousEnd = b.offset + b.size
        }
    }

    func testRoundingAndExhaustion() {
        var s = CodeSpace(capacity: 64, granule: 16)
        XCTAssertEqual(s.allocate(0), 0, "an empty function still takes a granule")
        XCTAssertEqual(s.allocate(33), 16)
        XCTAssertNil(s.allocate(1), "64 bytes are all taken")
        XCTAssertEqual(s.largestFree, 0)
        s.release(at: 0)
        XCTAssertEqual(s.largestFree, 16)
        XCTAssertNil(s.allocate(17))
        XCTAssertEqual(s.allocate(16), 0)
        s.reset()
        XCTAssertEqual(s.allocate(64), 0)
    }
}
