// CLIFuzzTests: 10,000 hostile inputs piped to `vmrepl -`; a crash or a hard hang fails the test.
//
// Contract checked, per input: exit status 0 or 1 (a result, or an error message) is fine. A death
// by signal (SIGSEGV, SIGILL, SIGTRAP from a Swift trap, SIGABRT, ...) or a status above 1 is a
// failure. A run longer than the time limit is killed; that is a failure only if the input has no
// loop or function in it (otherwise it may legitimately run forever), and hangs are reported
// separately either way. Each failing input is written to a file whose path is printed.
// The well-formed random programs rotate through four engine modes (`programModes`): the default
// tiering with --gc-stress, the JIT eager, the JIT in stress mode (every guard and limit check
// exits once), and eager with --gc-stress; every other input runs in the default mode.
// Knobs (environment): FUZZ_SEED (default: from the clock; always printed), FUZZ_COUNT (10000),
// FUZZ_TIMEOUT (5 s), FUZZ_JOBS (3), FUZZ_MEMORY_KB (address-space limit per run, 4 GiB),
// FUZZ_OPTIONS (engine options for every run, e.g. "--gc-stress"; put after a program's mode, so
// FUZZ_OPTIONS="--jit=off" runs everything interpreted).
// Inputs run in a scratch directory, with the file and process functions of os/io removed first
// (a mutated test script must not delete or write files, or run commands).
import Foundation
import TestSupport
import XCTest

final class CLIFuzzTests: XCTestCase {
    /// The options of the nth well-formed random program, in turn (each input still runs once, so
    /// the test's time does not change).
    static let programModes: [[String]] = [
        ["--gc-stress"], ["--jit=eager"], ["--jit=stress"], ["--jit=eager", "--gc-stress"],
    ]

    func testRandomInputsNeverCrashOrHang() throws {
        let vmrepl: String
        switch TestEnvironment.vmrepl() {
        case .success(let path): vmrepl = path
        case .failure(let error): XCTFail(error.message); return
        }
        let env = ProcessInfo.processInfo.environment
        let seed = env["FUZZ_SEED"].flatMap { UInt64($0) } ?? UInt64(Date().timeIntervalSince1970 * 1000)
        let count = env["FUZZ_COUNT"].flatMap { Int($0) } ?? 10_000
        let timeout = env["FUZZ_TIMEOUT"].flatMap { Double($0) } ?? 5
        let jobs = env["FUZZ_JOBS"].flatMap { Int($0) } ?? 3
        let memoryKB = env["FUZZ_MEMORY_KB"].flatMap { Int($0) } ?? 4 * 1024 * 1024
        let extraOptions = (env["FUZZ_OPTIONS"] ?? "").split(separator: " ").map(String.init)
        print("CLI fuzz: seed \(seed) (rerun with FUZZ_SEED=\(seed)), \(count) inputs, \(jobs) at a time")

        let work = ChildProcess.scratch + "/fuzz-\(seed)"
        let failDir = ChildProcess.scratch + "/fuzz-failures-\(seed)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)

        let generator = FuzzInputs(corpus: Self.loadCorpus())
        let kinds = FuzzKind.allCases
        // Inputs are generated up front from one RNG so the seed alone reproduces them.
        var rng = SplitMix64(seed: seed)
        var inputs: [(FuzzKind, [UInt8])] = []
        inputs.reserveCapacity(count)
        for i in 0..<count {
            let kind = kinds[i % kinds.count]
            inputs.append((kind, generator.generate(kind, &rng)))
        }
        let frozen = inputs
        let sandbox = "if os then os.execute, os.remove, os.rename, os.exit, os.tmpname = nil end "
            + "if io then io.popen, io.open, io.output, io.input, io.lines = nil end\n"
        // A sh wrapper sets the address-space limit so a runaway allocation fails inside the VM
        // rather than taking the machine's memory.
        let wrapper = ["/bin/sh", "-c", "ulimit -v \(memoryKB) 2>/dev/null; exec \"$0\" \"$@\" -", vmrepl]

        let start = Date()
        struct Outcome: Sendable { var kind: FuzzKind; var exit: ChildResult.Exit; var stderr: String; var loops: Bool }
        let outcomes: [Outcome] = ChildProcess.parallelMap(count, width: jobs) { i in
            let (kind, body) = frozen[i]
            let bytes = kind == .mutatedScript ? Array(sandbox.utf8) + body : body
            let path = "\(work)/input-\(i).lua"
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            let mode = kind == .program ? Self.programModes[(i / kinds.count) % Self.programModes.count] : []
            let options = mode + extraOptions
            let r = ChildProcess.run(wrapper + options, cwd: work, stdinPath: path, timeout: timeout)
            unlink(path)
            return Outcome(kind: kind, exit: r.exit, stderr: String(r.stderr.prefix(400)),
                           loops: FuzzInputs.mayLoopForever(body))
        }
        let elapsed = Date().timeIntervalSince(start)

        var byExit: [String: Int] = [:]
        var failures: [(Int, String)] = []
        var hangs: [Int] = []
        for (i, o) in outcomes.enumerated() {
            switch o.exit {
            case .status(0), .status(1):
                byExit["\(o.exit)", default: 0] += 1
            case .timedOut:
                hangs.append(i)
                if !o.loops { failures.append((i, "hang without any loop or function in the input")) }
            case .status, .signal:
                failures.append((i, "\(o.exit)\n" + o.stderr))
            }
        }
        if !failures.isEmpty || !hangs.isEmpty {
            try FileManager.default.createDirectory(atPath: failDir, withIntermediateDirectories: true)
        }
        for i in hangs { _ = FileManager.default.createFile(atPath: "\(failDir)/hang-\(i).lua", contents: Data(frozen[i].1)) }
        for (i, why) in failures.prefix(30) {
            let path = "\(failDir)/fail-\(i).lua"
            _ = FileManager.default.createFile(atPath: path, contents: Data(frozen[i].1))
            XCTFail("input \(i) (\(frozen[i].0.rawValue), seed \(seed)): \(why)\n  input saved to \(path)")
        }
        if failures.count > 30 { XCTFail("\(failures.count - 30) more failing inputs (seed \(seed))") }
        let summary = byExit.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        print("CLI fuzz: \(count) inputs in \(String(format: "%.1f", elapsed)) s; \(summary); "
              + "\(hangs.count) killed at the \(timeout) s limit (inputs with loops)"
              + (hangs.isEmpty ? "" : ", saved in \(failDir)") + "; \(failures.count) failures")
    }

    /// Every test script and benchmark, as mutation material.
    static func loadCorpus() -> [[UInt8]] {
        var files: [URL] = []
        let fm = FileManager.default
        for root in [TestEnvironment.scriptsRoot, TestEnvironment.repoRoot.appendingPathComponent("bench")] {
            guard let e = fm.enumerator(at: root, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in e where url.pathExtension == "lua" { files.append(url) }
        }
        return files.sorted { $0.path < $1.path }.compactMap { fm.contents(atPath: $0.path).map { Array($0) } }
    }
}
