// The pseudo-terminal harness: runs the real `vmrepl` binary on a pty and types into it as a person.
//
// Invariants:
//  - Every wait is bounded: by its own timeout and by the session's deadline, so no test hangs.
//  - Expectations match the cleaned screen text (escape sequences, bells, `\r` removed) from the
//    point the previous expectation matched: each `expect` consumes output, in order.
//  - The child is always reaped: killed with SIGKILL in `close()`/deinit if still running.

import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

final class PTYSession {
    let pid: pid_t
    let master: Int32
    /// Everything the child wrote, escape sequences included (colour tests look at it).
    private(set) var raw: [UInt8] = []
    /// Cleaned text seen so far, and how much of it expectations consumed.
    private(set) var screen = ""
    private var mark: String.Index
    private let deadline: Date
    private var exitStatus: Int32?
    private var closed = false

    /// The `vmrepl` binary: $VMREPL_BIN, or the one built next to this test bundle.
    static var binary: String {
        if let p = ProcessInfo.processInfo.environment["VMREPL_BIN"] { return p }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // On some layouts the runner lives inside the .xctest bundle.
        while dir.path != "/" && !FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("vmrepl").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("vmrepl").path
    }

    /// Engine options every session gets: $VMREPL_TEST_ENGINE, split at spaces, so the whole suite
    /// runs in another engine mode with e.g. VMREPL_TEST_ENGINE="--tier=interp --gc-stress".
    static var engineArguments: [String] {
        let spec = ProcessInfo.processInfo.environment["VMREPL_TEST_ENGINE"] ?? ""
        return spec.split(separator: " ").map(String.init)
    }

    init(arguments: [String] = [], environment: [String: String] = [:], seconds: Double = 15) throws {
        var env = ProcessInfo.processInfo.environment
        env["TERM"] = "xterm"
        env["VMREPL_HISTORY"] = env["VMREPL_HISTORY_TEST"] ?? ""
        for (k, v) in environment { env[k] = v }
        let argv = [PTYSession.binary] + PTYSession.engineArguments + arguments
        // Everything the child touches is prepared before fork: after it, only execve runs.
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cArgs.forEach { free($0) }; cEnv.forEach { free($0) } }
        var size = winsize(ws_row: 50, ws_col: 250, ws_xpixel: 0, ws_ypixel: 0)
        var fd: Int32 = -1
        let child = forkpty(&fd, nil, nil, &size)
        if child == 0 {
            execve(cArgs[0]!, cArgs, cEnv)
            _exit(127)
        }
        guard child > 0 else { throw POSIXError(.EAGAIN) }
        pid = child
        master = fd
        mark = screen.startIndex
        deadline = Date().addingTimeInterval(seconds)
    }

    deinit { close() }

    func type(_ text: String) {
        var bytes = Array(text.utf8)
        while !bytes.isEmpty {
            let n = write(master, bytes, bytes.count)
            if n <= 0 { return }
            bytes.removeFirst(n)
        }
    }

    /// A control key (Ctrl-C, Ctrl-D) typed at the prompt a moment after it appeared, as a person
    /// would: libedit shows the prompt a little before it puts the terminal in its raw mode, and a
    /// control key that arrives in between is taken by the terminal's line discipline instead.
    func control(_ key: String) {
        usleep(50_000)
        type(key)
    }

    /// A real SIGINT to the process (as `kill -INT` does).
    func interrupt() { kill(pid, SIGINT) }

    /// Reads what arrived until `timeout` passes or `stop` holds.
    private func pump(timeout: Double, until stop: () -> Bool) {
        let end = min(Date().addingTimeInterval(timeout), deadline)
        var buf = [UInt8](repeating: 0, count: 65536)
        while !stop() {
            let left = end.timeIntervalSinceNow
            if left <= 0 { return }
            var p = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let r = poll(&p, 1, Int32(min(left, 0.05) * 1000) + 1)
            if r < 0 && errno != EINTR { return }
            if r <= 0 { continue }
            let n = read(master, &buf, buf.count)
            if n <= 0 { return }  // EIO: the child closed the terminal
            raw += buf[0..<n]
            refresh()
        }
    }

    private func refresh() {
        let offset = screen.distance(from: screen.startIndex, to: mark)
        screen = PTYSession.clean(raw)
        mark = screen.index(screen.startIndex, offsetBy: min(offset, screen.count))
    }

    /// Waits until `text` shows up after the previous match; consumes through it.
    @discardableResult
    func expect(_ text: String, timeout: Double = 8, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        var found: Range<String.Index>?
        pump(timeout: timeout) {
            found = screen[mark...].range(of: text)
            return found != nil
        }
        if let found {
            mark = found.upperBound
            return true
        }
        XCTFail("did not see \(text.debugDescription); output after the last match:\n\(screen[mark...])", file: file, line: line)
        return false
    }

    /// The output that arrives within `seconds` (consumed).
    func drain(_ seconds: Double) -> String {
        pump(timeout: seconds) { false }
        let s = String(screen[mark...])
        mark = screen.endIndex
        return s
    }

    /// Waits for `text` at the start of a line (the newline before it may have been consumed).
    @discardableResult
    func expectLineStart(_ text: String, timeout: Double = 8, file: StaticString = #filePath,
                         line: UInt = #line) -> Bool {
        var found: Range<String.Index>?
        pump(timeout: timeout) {
            var from = mark
            while let r = screen[from...].range(of: text) {
                if r.lowerBound == screen.startIndex || screen[screen.index(before: r.lowerBound)] == "\n" {
                    found = r
                    return true
                }
                from = r.upperBound
            }
            return false
        }
        if let found {
            mark = found.upperBound
            return true
        }
        XCTFail("did not see \(text.debugDescription) at a line start; output after the last match:\n\(screen[mark...])",
                file: file, line: line)
        return false
    }

    /// Waits for the prompt (`> ` at the start of a line).
    @discardableResult
    func expectPrompt(file: StaticString = #filePath, line: UInt = #line) -> Bool {
        expectLineStart("> ", file: file, line: line)
    }

    /// Waits for the continuation prompt (`>> ` at the start of a line).
    @discardableResult
    func expectContinuation(file: StaticString = #filePath, line: UInt = #line) -> Bool {
        expectLineStart(">> ", file: file, line: line)
    }

    /// Waits for the process to end; nil if it is still running after `timeout`.
    func waitExit(timeout: Double = 5) -> Int32? {
        if let exitStatus { return exitStatus }
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            pump(timeout: 0.02) { false }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                exitStatus = code
                return code
            }
        }
        return nil
    }

    func close() {
        if closed { return }
        closed = true
        if exitStatus == nil {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == 0 {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
            }
            exitStatus = -1
        }
        Glibc.close(master)
    }

    /// Screen text without terminal control: CSI/OSC sequences, bells, carriage returns, backspaces.
    static func clean(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x1b {
                i += 1
                if i < bytes.count && bytes[i] == UInt8(ascii: "[") {
                    i += 1
                    while i < bytes.count && !(0x40...0x7e).contains(bytes[i]) { i += 1 }
                } else if i < bytes.count && bytes[i] == UInt8(ascii: "]") {
                    while i < bytes.count && bytes[i] != 0x07 { i += 1 }
                }
                i += 1
                continue
            }
            if b != 0x07 && b != UInt8(ascii: "\r") && b != 0x08 { out.append(b) }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
