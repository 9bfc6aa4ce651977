// ChildProcess: runs a program with stdin from a file, stdout/stderr into files, and a time limit.
//
// Invariants: the child is always reaped (no zombies, even on timeout: SIGKILL then waitpid);
// `Exit.timedOut` means we killed it ourselves, `Exit.signal` means something else did (a crash);
// output files live in one private temporary directory per process and are removed after reading.
// posix_spawn is used directly (not Foundation.Process) so that the exact wait status is visible
// and many children can run from several threads at once.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct ChildResult: Sendable {
    enum Exit: Sendable, Equatable, CustomStringConvertible {
        case status(Int32)
        case signal(Int32)
        case timedOut
        var description: String {
            switch self {
            case .status(let s): return "exit status \(s)"
            case .signal(let s): return "killed by signal \(s) (\(ChildResult.signalName(s)))"
            case .timedOut: return "timed out (killed by the harness)"
            }
        }
    }
    var exit: Exit
    var stdout: String
    var stderr: String
    var seconds: Double

    static func signalName(_ s: Int32) -> String {
        switch s {
        case SIGSEGV: return "SIGSEGV"
        case SIGILL: return "SIGILL"
        case SIGTRAP: return "SIGTRAP"
        case SIGABRT: return "SIGABRT"
        case SIGBUS: return "SIGBUS"
        case SIGFPE: return "SIGFPE"
        case SIGKILL: return "SIGKILL"
        case SIGINT: return "SIGINT"
        default: return "signal \(s)"
        }
    }
}

enum ChildProcess {
    /// One scratch directory for this test process's output files.
    static let scratch: String = {
        var tmp = NSTemporaryDirectory()
        while tmp.hasSuffix("/") { tmp.removeLast() }
        let dir = tmp + "/vmrepl-tests-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()

    private static let counter = Counter()

    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    /// posix_spawn_file_actions_addchdir_np (glibc 2.29+), which Swift's Glibc module does not
    /// export: looked up once at run time.
    private static let addChdir: AddChdir = {
        let handle = dlopen(nil, RTLD_NOW)
        guard let sym = dlsym(handle, "posix_spawn_file_actions_addchdir_np") else {
            fatalError("posix_spawn_file_actions_addchdir_np is missing (glibc 2.29 or later needed)")
        }
        return unsafeBitCast(sym, to: AddChdir.self)
    }()

    /// Runs `argv` (argv[0] is a path or a name looked up in PATH) in `cwd`, feeding `stdinPath`
    /// (or /dev/null), and kills it after `timeout` seconds.
    static func run(_ argv: [String], cwd: String? = nil, stdinPath: String? = nil,
                    timeout: Double) -> ChildResult {
        precondition(!argv.isEmpty, "argv must name a program")
        let n = counter.next()
        let outPath = "\(scratch)/out-\(n)"
        let errPath = "\(scratch)/err-\(n)"
        defer { unlink(outPath); unlink(errPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if let cwd { _ = addChdir(&actions, cwd) }

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        // The child gets default signal dispositions and its own process group (so a stray
        // SIGINT to the test runner does not reach it, and it cannot signal us).
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        posix_spawnattr_setpgroup(&attr, 0)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))

        let cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        let start = Date()
        var pid: pid_t = 0
        let rc = cargs.withUnsafeBufferPointer { buf in
            posix_spawnp(&pid, argv[0], &actions, &attr, UnsafeMutablePointer(mutating: buf.baseAddress!), environ)
        }
        if rc != 0 {
            return ChildResult(exit: .status(127), stdout: "",
                               stderr: "cannot start \(argv[0]): \(String(cString: strerror(rc)))", seconds: 0)
        }

        var status: Int32 = 0
        var killed = false
        var delay: useconds_t = 200
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR { break }
            if !killed && Date().timeIntervalSince(start) > timeout {
                kill(pid, SIGKILL)
                killed = true
                _ = waitpid(pid, &status, 0)
                break
            }
            usleep(delay)
            delay = min(delay * 2, 5_000)
        }
        let seconds = Date().timeIntervalSince(start)
        let exit: ChildResult.Exit
        let sig = status & 0x7f
        if killed {
            exit = .timedOut
        } else if sig == 0 {
            exit = .status((status >> 8) & 0xff)
        } else {
            exit = .signal(sig)
        }
        return ChildResult(exit: exit, stdout: readText(outPath), stderr: readText(errPath), seconds: seconds)
    }

    static func readText(_ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Runs `count` jobs on `width` threads; results come back in job order.
    static func parallelMap<T: Sendable>(_ count: Int, width: Int, _ job: @Sendable @escaping (Int) -> T) -> [T] {
        let box = ResultBox<T>(count: count)
        let next = Counter()
        let done = DispatchSemaphore(value: 0)
        let threads = max(1, min(width, count))
        // Plain threads, not concurrentPerform: the workers mostly wait on children, so the
        // width must not be capped by the number of cores.
        for _ in 0..<threads {
            let t = Thread {
                while true {
                    let i = next.next()
                    if i >= count { break }
                    box.set(i, job(i))
                }
                done.signal()
            }
            t.stackSize = 1 << 20
            t.start()
        }
        for _ in 0..<threads { done.wait() }
        return box.values()
    }
}

/// A thread-safe counter.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value - 1 }
}

/// Collects results written from several threads, each index exactly once.
final class ResultBox<T>: @unchecked Sendable {
    private var items: [T?]
    private let lock = NSLock()
    init(count: Int) { items = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ v: T) { lock.lock(); items[i] = v; lock.unlock() }
    func values() -> [T] { lock.lock(); defer { lock.unlock() }; return items.map { $0! } }
}
