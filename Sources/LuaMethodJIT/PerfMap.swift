// The perf map: one line per installed function in /tmp/perf-PID.map, so that Linux `perf report`
// names samples in JIT code instead of showing raw addresses.
//
// Invariants: each line is `START SIZE NAME` with START and SIZE in lower-case hex without a 0x
// prefix (the format perf reads, as V8 and YJIT write it) and a name with no line breaks; each
// line is flushed as it is written, so a crash leaves a complete map. Entries of freed or
// discarded code stay: the format cannot retract one, so samples in reused space may carry an
// older name; names may be stale, lines are never malformed.
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

public final class PerfMap {
    public let path: String
    private let file: UnsafeMutablePointer<FILE>

    /// Opens (truncates) the map at `path`; nil when it cannot be created.
    public init?(path: String) {
        guard let f = fopen(path, "w") else { return nil }
        self.path = path
        file = f
    }

    /// The map perf looks for: /tmp/perf-PID.map of this process.
    public static func forThisProcess() -> PerfMap? {
        PerfMap(path: "/tmp/perf-\(getpid()).map")
    }

    deinit { fclose(file) }

    public func record(start: UInt64, size: Int, name: String) {
        fputs(Self.line(start: start, size: size, name: name), file)
        fflush(file)
    }

    /// One map line, with its newline.
    public static func line(start: UInt64, size: Int, name: String) -> String {
        let clean = String(name.map { $0.isNewline ? " " : $0 })
        return String(start, radix: 16) + " " + String(size, radix: 16) + " " + clean + "\n"
    }
}
