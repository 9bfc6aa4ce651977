// The sampling profiler from the command line (`--profile`, `--profile-folded`, `--profile-svg`):
// it names the function that does the work in a program whose hot spot is known, in both tiers,
// with a compiled share that is 0 with the JIT off and most of the samples with it on; its folded
// stacks parse (every line `frame;frame;... count`, the counts summing to the report's samples);
// its SVG flame graph is well-formed XML; the program's output and exit status are those of a run
// without it; the report is written on a normal end, an error end and os.exit.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

final class ProfilerTests: XCTestCase {
    /// `hot` does about 100 times the work of `cold`; the loop runs for 0.4 s of CPU time.
    static let hotSpot = """
        local function cold(n) local s = 0 for i = 1, n do s = s + i end return s end
        local function hot(n)
          local s = 0
          for i = 1, n do s = (s + i * 7) % 1000003 end
          return s
        end
        local t0, a, b = os.clock(), 0, 0
        while os.clock() - t0 < 0.4 do a = a + hot(100000) b = b + cold(1000) end
        print("done", hot(10), cold(10))

        """

    struct Run {
        var result: ChildResult
        var report: String
        var folded: String
        var svg: String
    }

    private func binary() throws -> String {
        switch TestEnvironment.vmrepl() {
        case .success(let path): return path
        case .failure(let e): throw e
        }
    }

    /// Runs `source` with every profiler output into files; `extra` are more options (the mode).
    private func profile(_ source: String, _ extra: [String], name: String) throws -> Run {
        let vmrepl = try binary()
        let base = ChildProcess.scratch + "/profile_\(name)"
        try source.write(toFile: base + ".lua", atomically: true, encoding: .utf8)
        defer { for ext in [".lua", ".txt", ".folded", ".svg"] { unlink(base + ext) } }
        let r = ChildProcess.run([vmrepl] + extra + ["--profile=\(base).txt", "--profile-folded=\(base).folded",
                                                     "--profile-svg=\(base).svg", base + ".lua"], timeout: 60)
        return Run(result: r, report: ChildProcess.readText(base + ".txt"), folded: ChildProcess.readText(base + ".folded"),
                   svg: ChildProcess.readText(base + ".svg"))
    }

    /// The folded stacks as (frames, count), failing on any line that does not parse.
    private func parseFolded(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [([String], Int)] {
        var out: [([String], Int)] = []
        for l in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            guard let space = l.lastIndex(of: " "), let n = Int(l[l.index(after: space)...]), n > 0 else {
                XCTFail("not `frames count`: \(l)", file: file, line: line)
                continue
            }
            let frames = l[..<space].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            XCTAssertFalse(frames.contains(where: \.isEmpty), "an empty frame in: \(l)", file: file, line: line)
            out.append((frames, n))
        }
        XCTAssertTrue(text.isEmpty || text.hasSuffix("\n"), file: file, line: line)
        return out
    }

    /// The report's sample count ("profile: N samples ...").
    private func samples(_ report: String) -> Int? {
        guard report.hasPrefix("profile: ") else { return nil }
        return Int(report.dropFirst(9).prefix(while: \.isNumber))
    }

    /// The first row of the hottest functions and its compiled share (percent).
    private func hottest(_ report: String) -> (row: String, compiled: Double)? {
        let lines = report.split(separator: "\n").map(String.init)
        guard let h = lines.firstIndex(where: { $0.hasPrefix("hottest functions") }), h + 1 < lines.count else { return nil }
        let row = lines[h + 1]
        let cols = row.split(separator: " ")
        guard cols.count >= 2, let share = Double(cols[cols.count - 2].dropLast()) else { return (row, -1) }
        return (row, share)
    }

    private func checkHotSpot(_ mode: String, compiled: Bool) throws {
        let run = try profile(Self.hotSpot, ["--jit=\(mode)"], name: "hot_\(mode)")
        XCTAssertEqual(run.result.exit, .status(0), run.result.stderr)
        XCTAssertEqual(run.result.stdout, "done\t385\t55\n")
        guard let n = samples(run.report) else { return XCTFail("no report: \(run.report)") }
        XCTAssertGreaterThan(n, 100, "0.4 s at 1 kHz")
        guard let (row, share) = hottest(run.report) else { return XCTFail("no hottest function: \(run.report)") }
        // (The chunk is the script's path as given: ChildProcess.scratch's absolute one.)
        XCTAssertTrue(row.hasPrefix("  hot (") && row.contains("/profile_hot_\(mode).lua:2)"), row)
        let stacks = parseFolded(run.folded)
        XCTAssertEqual(stacks.reduce(0) { $0 + $1.1 }, n, "the folded counts sum to the samples")
        let inHot = stacks.filter { $0.0.last?.hasPrefix("hot (") == true }.reduce(0) { $0 + $1.1 }
        let inHotCompiled = stacks.filter { $0.0.last?.hasPrefix("hot (") == true && $0.0.last!.hasSuffix("_[j]") }
            .reduce(0) { $0 + $1.1 }
        XCTAssertGreaterThan(inHot * 10, n * 8, "hot runs in at least 80% of the samples:\n\(run.folded)")
        let anyCompiled = stacks.contains { $0.0.contains { $0.hasSuffix("_[j]") } }
        if compiled {
            XCTAssertGreaterThan(share, 50, row)
            XCTAssertGreaterThan(inHotCompiled * 2, inHot, "most samples in hot are in its compiled code")
            XCTAssertFalse(run.report.contains("running in compiled code 0.0%"), run.report)
        } else {
            XCTAssertEqual(share, 0, row)
            XCTAssertFalse(anyCompiled, "no compiled frame with the JIT off:\n\(run.folded)")
            XCTAssertTrue(run.report.contains("running in compiled code 0.0%"), run.report)
        }
        // Every stack starts at the script's main chunk, or at the one-line chunk the command line
        // runs before it to hand the script its arguments (`return #...`, ScriptArguments.swift),
        // where a tick can land too (at 1 kHz, rarely: one sample in a run of eager mode).
        XCTAssertTrue(stacks.allSatisfy { $0.0.first == "main chunk ((command line))"
                                          || ($0.0.first?.hasPrefix("main chunk (") == true
                                              && $0.0.first?.contains("/profile_hot_\(mode).lua)") == true) }, run.folded)
    }

    func testNamesTheHotFunctionInterpreted() throws { try checkHotSpot("off", compiled: false) }

    func testNamesTheHotFunctionCompiledEager() throws { try checkHotSpot("eager", compiled: true) }

    func testNamesTheHotFunctionCompiledByDefault() throws { try checkHotSpot("on", compiled: true) }

    /// Stress mode (every check and guard exits once) still gives a profile and the same output.
    func testStressModeProfiles() throws {
        let run = try profile(Self.hotSpot, ["--jit=stress"], name: "hot_stress")
        XCTAssertEqual(run.result.exit, .status(0), run.result.stderr)
        XCTAssertEqual(run.result.stdout, "done\t385\t55\n")
        XCTAssertTrue(hottest(run.report)?.row.hasPrefix("  hot (") == true, run.report)
    }

    /// The flame graph parses as XML (its chunk name, the script's file name, holds all of XML's
    /// special characters): one rect and one title per frame box, and the hot function's box.
    func testFlameGraphIsWellFormedSVG() throws {
        let run = try profile(Self.hotSpot, ["--jit=on"], name: "svg_<&'\">")
        XCTAssertEqual(run.result.exit, .status(0), run.result.stderr)
        final class Collector: NSObject, XMLParserDelegate {
            var elements: [String: Int] = [:]
            var titles: [String] = []
            var inTitle = false
            var rootOK = false
            func parser(_ p: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String]) {
                elements[e, default: 0] += 1
                if e == "svg" { rootOK = attributes["xmlns"] == "http://www.w3.org/2000/svg" }
                if e == "title" { inTitle = true; titles.append("") }
            }
            func parser(_ p: XMLParser, didEndElement e: String, namespaceURI: String?, qualifiedName: String?) {
                if e == "title" { inTitle = false }
            }
            func parser(_ p: XMLParser, foundCharacters s: String) { if inTitle { titles[titles.count - 1] += s } }
        }
        let c = Collector()
        let parser = XMLParser(data: Data(run.svg.utf8))
        parser.delegate = c
        XCTAssertTrue(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "")\n\(run.svg.prefix(2000))")
        XCTAssertTrue(c.rootOK)
        let boxes = c.elements["g"] ?? 0
        XCTAssertGreaterThanOrEqual(boxes, 3, "all, the main chunk, hot")
        XCTAssertEqual(c.elements["title"], boxes)
        XCTAssertEqual((c.elements["rect"] ?? 0), boxes + 1, "one rect per box, and the background")
        XCTAssertTrue(c.titles.contains { $0.hasPrefix("hot (") && $0.contains("/profile_svg_<&'\">.lua:2), compiled: ") },
                      "\(c.titles)")
    }

    /// The report is written when the script ends in an error (after its message) and when it
    /// calls os.exit; the exit statuses are the program's.
    func testReportOnErrorAndOSExit() throws {
        let prefix = "local function work() local s = 0 for i = 1, 3e6 do s = s + i % 7 end return s end work()\n"
        let failing = try profile(prefix + "error('boom')\n", ["--jit=on"], name: "error")
        XCTAssertEqual(failing.result.exit, .status(1))
        XCTAssertTrue(failing.result.stderr.contains("boom"), failing.result.stderr)
        XCTAssertNotNil(samples(failing.report), "a report after an error: \(failing.report)")
        XCTAssertFalse(failing.svg.isEmpty)
        let exiting = try profile(prefix + "os.exit(3)\n", ["--jit=off"], name: "exit")
        XCTAssertEqual(exiting.result.exit, .status(3))
        XCTAssertNotNil(samples(exiting.report), "a report after os.exit: \(exiting.report)")
    }

    /// The compiled share of the function named `name` in the report's hottest functions.
    private func compiledShare(_ report: String, _ name: String) -> Double? {
        guard let row = report.split(separator: "\n").first(where: { $0.hasPrefix("  \(name) (") }) else { return nil }
        let cols = row.split(separator: " ")
        return cols.count >= 2 ? Double(cols[cols.count - 2].dropLast()) : nil
    }

    /// A compiled loop whose callee tail-calls: a tick pending at the tail call sends it through
    /// the interpreter, whose entry check takes the tick while the tail callee's frame replaces
    /// the callee's; the loop's frame below stays compiled (its samples agree with --jit-stats).
    func testCallerOfATailCallStaysCompiled() throws {
        let source = """
            local function leaf(x) return x + 1 end
            local function mid(x) return leaf(x) end
            local function loop(n) local s = 0 for i = 1, n do s = mid(s) end return s end
            local t0 = os.clock()
            while os.clock() - t0 < 0.3 do loop(100000) end
            print("ok")

            """
        let run = try profile(source, ["--jit=eager"], name: "tailcall")
        XCTAssertEqual(run.result.stdout, "ok\n")
        guard let share = compiledShare(run.report, "loop") else { return XCTFail("no row for loop: \(run.report)") }
        XCTAssertGreaterThan(share, 90, run.report)
    }

    /// A coroutine's samples carry the frames of the thread that resumed it below its own.
    func testCoroutineStacksGoThroughTheResumer() throws {
        let source = """
            local function spin() local s = 0 for i = 1, 2e5 do s = (s + i) % 997 end return s end
            local co = coroutine.wrap(function() while true do coroutine.yield(spin()) end end)
            local t0 = os.clock()
            while os.clock() - t0 < 0.3 do co() end
            print("ok")

            """
        let run = try profile(source, ["--jit=on"], name: "coroutine")
        XCTAssertEqual(run.result.stdout, "ok\n")
        let stacks = parseFolded(run.folded)
        let inSpin = stacks.filter { $0.0.last?.hasPrefix("spin (") == true }
        XCTAssertFalse(inSpin.isEmpty, run.folded)
        XCTAssertTrue(inSpin.allSatisfy { $0.0.first?.hasPrefix("main chunk") == true && $0.0.count >= 3 }, run.folded)
    }

    /// The profiler changes no output: the same as without it, with a rate 20 times the default.
    func testOutputUnchangedAtAHighRate() throws {
        let vmrepl = try binary()
        let path = ChildProcess.scratch + "/profile_output.lua"
        try Self.hotSpot.write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        for mode in ["off", "eager"] {
            let plain = ChildProcess.run([vmrepl, "--jit=\(mode)", path], timeout: 60)
            let profiled = ChildProcess.run([vmrepl, "--jit=\(mode)", "--profile-rate=20000", "--profile=/dev/null", path], timeout: 60)
            XCTAssertEqual(plain.stdout, profiled.stdout)
            XCTAssertEqual(plain.exit, profiled.exit)
            XCTAssertEqual(profiled.stderr, "")
        }
    }

    /// A profiled program waiting in a read of stdin (a pipe that delivers late) gets every byte,
    /// with ticks posted 20 000 times a second meanwhile, and its output is a run's without the
    /// profiler (checked against lua5.4).
    func testBlockedReadGetsItsInputWhileProfiled() throws {
        let vmrepl = try binary()
        let path = ChildProcess.scratch + "/profile_read.lua"
        try """
            local a = io.read("l")
            local rest = io.read("a")
            local s = 0 for i = 1, 2e6 do s = s + i % 3 end
            print(a, #rest, rest:sub(-7, -2), s)

            """.write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        for mode in ["off", "on"] {
            let feed = "(sleep 0.3; echo first; sleep 0.3; printf 'line\\n%.0s' $(seq 100); echo second)"
            let r = ChildProcess.run(["/bin/sh", "-c", "\(feed) | '\(vmrepl)' --jit=\(mode) --profile-rate=20000 --profile=/dev/null '\(path)'"],
                                     timeout: 60)
            XCTAssertEqual(r.exit, .status(0), r.stderr)
            XCTAssertEqual(r.stdout, "first\t507\tsecond\t2000001\n", "mode \(mode)")
            XCTAssertEqual(r.stderr, "")
        }
    }

    /// `:reset` in a `-i --profile` session: the profiler goes on in the fresh VM, and the report
    /// at exit holds what both VMs ran (a function from before the reset and one from after).
    func testProfileGoesOnAfterReset() throws {
        let vmrepl = try binary()
        let base = ChildProcess.scratch + "/profile_reset"
        try """
            function before() local s = 0 for i = 1, 3e6 do s = (s + i) % 1009 end return s end
            before()
            :reset
            function after() local s = 0 for i = 1, 3e6 do s = (s + i) % 1013 end return s end
            after()

            """.write(toFile: base + ".in", atomically: true, encoding: .utf8)
        defer { for ext in [".in", ".txt", ".folded"] { unlink(base + ext) } }
        let r = ChildProcess.run([vmrepl, "-i", "--jit=off", "--profile=\(base).txt", "--profile-folded=\(base).folded"],
                                 stdinPath: base + ".in", timeout: 60)
        XCTAssertEqual(r.exit, .status(0), r.stderr)
        let report = ChildProcess.readText(base + ".txt")
        let stacks = parseFolded(ChildProcess.readText(base + ".folded"))
        for name in ["before", "after"] {
            XCTAssertTrue(stacks.contains { $0.0.last?.hasPrefix(name + " (stdin:") == true }, "\(name): \(report)")
        }
        XCTAssertEqual(stacks.reduce(0) { $0 + $1.1 }, samples(report), report)
    }
}
