// Compile pacing (Engine/CompilePacing.swift): a thread that paces rests, asleep, at the first
// pace point after its slice is used up, and then has a whole slice again; a thread that does not
// pace (the VM's thread compiling synchronously) never rests; a paced thread gives way while the
// VM's thread's tier-up window is open.
import Foundation
@testable import LuaMethodJIT
import XCTest

final class CompilePacingTests: XCTestCase {
    private static func now() -> Int { JITEngine.microseconds() }

    /// Busy until `micros` have passed, calling the pace point all along; the rests it took.
    private static func work(_ micros: Int) -> Int {
        let before = CompilePacing.rests, end = now() + micros
        while now() < end { CompilePacing.point() }
        return CompilePacing.rests - before
    }

    /// One pace point: the rests it took and how long it took (microseconds).
    private static func measuredPoint() -> (rests: Int, micros: Int) {
        let before = CompilePacing.rests, t0 = now()
        CompilePacing.point()
        return (CompilePacing.rests - before, now() - t0)
    }

    /// The body a paced thread runs and what it returns (handed over by the semaphore).
    private final class Job<T>: @unchecked Sendable {
        let body: () -> T
        var value: T?
        let done = DispatchSemaphore(value: 0)
        init(_ body: @escaping () -> T) { self.body = body }
    }

    /// `body`'s result, run on a new thread that paces (as the compiler thread does), giving way
    /// to `window`.
    private static func onPacedThread<T>(window: TierUpWindow? = nil, _ body: @escaping () -> T) -> T? {
        let job = Job(body)
        let t = Thread {
            CompilePacing.begin(givingWayTo: window)
            defer { CompilePacing.end() }
            CompilePacing.startSlice()
            job.value = job.body()
            job.done.signal()
        }
        t.start()
        return job.done.wait(timeout: .now() + 10) == .success ? job.value : nil
    }

    func testAPacedThreadRestsOnceItsSliceIsUsed() {
        let slice = JITLimits.compileSliceMicros, rest = JITLimits.compileRestMicros
        let r = Self.onPacedThread { () -> (short: Int, atPoint: Int, slept: Int) in
            // Well inside one slice: no rest.
            let short = Self.work(slice / 5)
            // A whole slice of work with no point in it: the next point rests, asleep.
            CompilePacing.startSlice()
            let end = Self.now() + slice + 10
            while Self.now() < end {}
            let p = Self.measuredPoint()
            return (short, p.rests, p.micros)
        }
        guard let r else { return XCTFail("the paced thread did not finish") }
        XCTAssertEqual(r.short, 0, "a rest inside the first fifth of a slice")
        XCTAssertEqual(r.atPoint, 1, "no rest at the first point after a slice")
        XCTAssertGreaterThanOrEqual(r.slept, rest, "a rest shorter than \(rest) us")
    }

    func testRestsComeAtMostOncePerSlice() {
        let slice = JITLimits.compileSliceMicros
        guard let rests = Self.onPacedThread({ Self.work(20 * slice) }) else {
            return XCTFail("the paced thread did not finish")
        }
        // A rest follows a whole slice, and the time asleep counts in the 20 slices' time: at most
        // 20 rests, about 16 on an idle machine (a slice and a rest each); at least 2 even if the
        // thread loses the CPU for most of the time.
        XCTAssertGreaterThanOrEqual(rests, 2)
        XCTAssertLessThanOrEqual(rests, 20)
    }

    /// While the VM's thread does tier-up work (its window open), the compiler thread's next
    /// point sleeps until the window closes, here never: it gives up after the longest wait and
    /// goes on. Closed, a point inside the slice does not rest.
    func testThePacedThreadGivesWayWhileTheWindowIsOpen() {
        let window = TierUpWindow()
        let r = Self.onPacedThread(window: window) { () -> (closed: Int, open: Int, waited: Int) in
            let closed = Self.work(JITLimits.compileSliceMicros / 5)
            window.open.store(true, ordering: .releasing)
            let p = Self.measuredPoint()
            return (closed, p.rests, p.micros)
        }
        guard let r else { return XCTFail("the paced thread did not finish") }
        XCTAssertEqual(r.closed, 0, "a rest inside the slice with the window closed")
        XCTAssertEqual(r.open, 1, "no rest at a point with the window open")
        XCTAssertGreaterThanOrEqual(r.waited, CompilePacing.maxGiveWayMicros)
    }

    func testAThreadThatDoesNotPaceNeverRests() {
        // This test's thread never called `begin`: points cost a lookup and return.
        XCTAssertEqual(Self.work(3 * JITLimits.compileSliceMicros), 0)
        XCTAssertEqual(CompilePacing.rests, 0)
    }
}
