// CLIOptionTests: the engine options of the command line, run on the built binary.
//
// `--bytecode FILE` must print exactly the golden listings the frontend's tests keep
// (Tests/FrontendTests/Golden), so the CLI and the listing printer cannot drift apart;
// `--counters FILE` must report the call counts, taken back-edges and operand types the program
// really produced.
import Foundation
import XCTest

final class CLIOptionTests: XCTestCase {
    static let goldenDirectory = TestEnvironment.repoRoot
        .appendingPathComponent("Tests/FrontendTests/Golden")

    private func binary() throws -> String {
        switch TestEnvironment.vmrepl() {
        case .success(let path): return path
        case .failure(let e): throw e
        }
    }

    func testBytecodeOptionPrintsTheGoldenListings() throws {
        let vmrepl = try binary()
        let sources = try FileManager.default.contentsOfDirectory(atPath: Self.goldenDirectory.path)
            .filter { $0.hasSuffix(".lua") }.sorted()
        XCTAssertGreaterThanOrEqual(sources.count, 5)
        for name in sources {
            // Run in the golden folder so the chunk is named "@NAME.lua", as the goldens were made.
            let r = ChildProcess.run([vmrepl, "--bytecode", name], cwd: Self.goldenDirectory.path,
                                     timeout: 10)
            XCTAssertEqual(r.exit, .status(0), "\(name): \(r.stderr)")
            let golden = Self.goldenDirectory.appendingPathComponent(
                (name as NSString).deletingPathExtension + ".listing")
            let expected = try String(contentsOf: golden, encoding: .utf8)
            XCTAssertEqual(r.stdout, expected, "vmrepl --bytecode \(name) differs from its golden listing")
        }
    }

    func testCountersOptionReportsCallsBackEdgesAndTypes() throws {
        let vmrepl = try binary()
        let script = """
            local function add(a, b) return a + b end
            local s = 0
            for i = 1, 10 do s = add(s, i) end
            local t = {x = 1.5}
            for _, v in pairs(t) do s = s + v end
            print(s)
            """
        let path = ChildProcess.scratch + "/counters.lua"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        let r = ChildProcess.run([vmrepl, "--counters", "counters.lua"], cwd: ChildProcess.scratch,
                                 timeout: 10)
        XCTAssertEqual(r.exit, .status(0), r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        // The program's own output comes first: 55 + 1.5.
        XCTAssertEqual(lines.first, "56.5")
        // `add` ran ten times and only ever added integers.
        XCTAssertTrue(lines.contains("function <counters.lua:1>  calls=10  tier=interp"), r.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("  types") && $0.hasSuffix("ADD: int") }, r.stdout)
        // The numeric for ran ten iterations: the first is entered from FORPREP, so its back-edge
        // (FORLOOP jumping back) was taken nine times; the generic for over one entry jumped back
        // once. The main chunk's `s + v` saw an integer and a float.
        XCTAssertTrue(lines.contains { $0.contains("(line 3): 9") && $0.contains("back-edges") }, r.stdout)
        XCTAssertTrue(lines.contains { $0.contains("(line 5): 1") && $0.contains("back-edges") }, r.stdout)
        XCTAssertTrue(lines.contains { $0.hasSuffix("ADD: int|float") }, r.stdout)
        // Library code written in Lua is the engine's, not the program's: it is not listed.
        XCTAssertFalse(r.stdout.contains("stdlib/"), r.stdout)
    }
}
