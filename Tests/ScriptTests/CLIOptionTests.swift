// CLIOptionTests: the engine options of the command line, run on the built binary.
//
// `--bytecode FILE` must print exactly the golden listings the frontend's tests keep
// (Tests/FrontendTests/Golden), so the CLI and the listing printer cannot drift apart;
// `--counters FILE` must report the call counts, taken back-edges and operand types the program
// really produced. `print` must flush each line into a pipe, as lua's does, so a script that
// never ends still shows its output to the program reading it.
import Foundation
#if canImport(Glibc)
import Glibc
#endif
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
        XCTAssertTrue(lines.contains("function <counters.lua:1>  calls=10  tier=interpreted"), r.stdout)
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

    func testPrintFlushesIntoAPipeBeforeTheScriptEnds() throws {
        let vmrepl = try binary()
        let path = ChildProcess.scratch + "/print_flush.lua"
        try "print('first line')\nwhile true do end\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }  // only the dup2'd copy is inherited
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        let cargs: [UnsafeMutablePointer<CChar>?] = [strdup(vmrepl), strdup(path), nil]
        defer { for p in cargs { free(p) } }
        var pid: pid_t = 0
        let rc = cargs.withUnsafeBufferPointer { buf in
            posix_spawn(&pid, vmrepl, &actions, nil, UnsafeMutablePointer(mutating: buf.baseAddress!), environ)
        }
        close(fds[1])
        defer { close(fds[0]) }
        XCTAssertEqual(rc, 0, "cannot start \(vmrepl)")
        guard rc == 0 else { return }
        // The child loops forever: it is always killed and reaped, whatever was read.
        defer { kill(pid, SIGKILL); var st: Int32 = 0; _ = waitpid(pid, &st, 0) }
        // Read until the first newline, for at most 10 s.
        var got: [UInt8] = []
        let deadline = Date().addingTimeInterval(10)
        while !got.contains(10) {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { break }
            var p = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
            let r = poll(&p, 1, Int32(left * 1000))
            if r < 0 && errno == EINTR { continue }
            if r <= 0 { break }
            var buf = [UInt8](repeating: 0, count: 256)
            let n = read(fds[0], &buf, buf.count)
            if n <= 0 { break }
            got += buf[0..<n]
        }
        XCTAssertEqual(String(decoding: got, as: UTF8.self), "first line\n",
                       "print's line did not reach the pipe while the script was still running")
    }
}
