// JITDifferentialFuzzTests: random well-formed Lua programs aimed at the method JIT
// (JITFuzzPrograms), each run with the interpreter alone and with the JIT eager and in stress
// mode; any difference between the modes is an engine bug and fails the test.
//
// Contract checked, per program: stdout, the exit status and the first stderr line are the same
// in `--jit=off`, `--jit=eager` and `--jit=stress`, both compiling in the background
// (`--jit-threads=1`), and, for one program in four, `--jit=eager --gc-stress` compiling
// synchronously (`--jit-threads=0`); no run dies by a signal or runs past the time limit (every program terminates
// quickly by construction). Each failing program is written under the name it ran as (so its error
// messages replay), with a report beside it (its seed, each mode's exit and output); the path is printed.
// Knobs (environment): JITFUZZ_SEED (default: from the clock; always printed), JITFUZZ_COUNT
// (programs, default sized for about a minute on two cores), JITFUZZ_TIMEOUT (seconds per run,
// 5, four times that with --gc-stress), JITFUZZ_JOBS (runs at a time, 2).
import Foundation
import TestSupport
import XCTest

final class JITDifferentialFuzzTests: XCTestCase {
    static let modes: [[String]] = [["--jit=off"], ["--jit=eager", "--jit-threads=1"], ["--jit=stress", "--jit-threads=1"]]
    static let gcMode = ["--jit=eager", "--gc-stress", "--jit-threads=0"]

    struct Run: Sendable, Equatable {
        var exit: ChildResult.Exit
        var stdout: String
        var firstStderr: String
    }

    func testModesAgreeOnRandomPrograms() throws {
        let vmrepl: String
        switch TestEnvironment.vmrepl() {
        case .success(let path): vmrepl = path
        case .failure(let error): XCTFail(error.message); return
        }
        let env = ProcessInfo.processInfo.environment
        let seed = env["JITFUZZ_SEED"].flatMap { UInt64($0) } ?? UInt64(Date().timeIntervalSince1970 * 1000)
        let count = env["JITFUZZ_COUNT"].flatMap { Int($0) } ?? 400
        let timeout = env["JITFUZZ_TIMEOUT"].flatMap { Double($0) } ?? 5
        let jobs = env["JITFUZZ_JOBS"].flatMap { Int($0) } ?? 2
        print("JIT differential fuzz: seed \(seed) (rerun with JITFUZZ_SEED=\(seed)), \(count) programs, \(jobs) runs at a time")

        let work = ChildProcess.scratch + "/jitfuzz-\(seed)"
        let failDir = ChildProcess.scratch + "/jitfuzz-failures-\(seed)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)

        // Each program has its own seed, drawn from the test's seed, so one program replays alone.
        var top = SplitMix64(seed: seed)
        let programSeeds = (0..<count).map { _ in top.next() }
        let programs = programSeeds.map { s -> String in
            var g = JITFuzzPrograms(seed: s)
            return g.program()
        }
        // One job per (program, mode) so both workers stay busy.
        var jobsList: [(program: Int, options: [String])] = []
        for i in 0..<count {
            for m in Self.modes { jobsList.append((i, m)) }
            if i % 4 == 3 { jobsList.append((i, Self.gcMode)) }
        }
        for (i, p) in programs.enumerated() {
            _ = FileManager.default.createFile(atPath: "\(work)/p\(i).lua", contents: Data(p.utf8))
        }
        let frozenJobs = jobsList
        let start = Date()
        let runs: [Run] = ChildProcess.parallelMap(frozenJobs.count, width: jobs) { j in
            let (i, options) = frozenJobs[j]
            // A collection at every GC check makes a run several times slower.
            let limit = options.contains("--gc-stress") ? timeout * 4 : timeout
            let r = ChildProcess.run([vmrepl] + options + ["p\(i).lua"], cwd: work, timeout: limit)
            return Run(exit: r.exit, stdout: r.stdout, firstStderr: Diff.firstLine(r.stderr))
        }
        let elapsed = Date().timeIntervalSince(start)

        var byProgram: [Int: [(options: [String], run: Run)]] = [:]
        for (j, job) in frozenJobs.enumerated() { byProgram[job.program, default: []].append((job.options, runs[j])) }
        var failures = 0
        var errorsInOff = 0
        for i in 0..<count {
            let results = byProgram[i] ?? []
            guard let reference = results.first?.run else { continue }
            if reference.exit != .status(0) { errorsInOff += 1 }
            var problems: [String] = []
            for (options, run) in results {
                let name = options.joined(separator: " ")
                switch run.exit {
                case .signal, .timedOut: problems.append("\(name): \(run.exit)")
                case .status(let s) where s > 1: problems.append("\(name): \(run.exit)")
                case .status: break
                }
                if run != reference { problems.append("\(name) differs from --jit=off") }
            }
            guard !problems.isEmpty else { continue }
            failures += 1
            if failures > 20 { continue }
            try FileManager.default.createDirectory(atPath: failDir, withIntermediateDirectories: true)
            // The program under the name it ran as (error messages name it), its report beside it.
            let path = "\(failDir)/p\(i).lua"
            var report = "-- JIT differential fuzz: seed \(seed), program \(i) (its own seed \(programSeeds[i]))\n"
            for (options, run) in results {
                report += "-- \(options.joined(separator: " ")): \(run.exit); first stderr line: \(run.firstStderr)\n"
                report += run.stdout.split(separator: "\n", omittingEmptySubsequences: false).prefix(40)
                    .map { "--   " + $0 }.joined(separator: "\n") + "\n"
            }
            _ = FileManager.default.createFile(atPath: path, contents: Data(programs[i].utf8))
            _ = FileManager.default.createFile(atPath: "\(failDir)/p\(i).report.txt", contents: Data(report.utf8))
            var detail = problems.joined(separator: "; ")
            if let other = results.first(where: { $0.run != reference }) {
                detail += "\n" + Diff.describe(expected: reference.stdout + "exit: \(reference.exit)\nstderr: \(reference.firstStderr)\n",
                                               actual: other.run.stdout + "exit: \(other.run.exit)\nstderr: \(other.run.firstStderr)\n")
            }
            XCTFail("program \(i) (seed \(seed)): \(detail)\n  program saved to \(path), the outputs to p\(i).report.txt")
        }
        if failures > 20 { XCTFail("\(failures - 20) more failing programs (seed \(seed))") }
        print("JIT differential fuzz: \(count) programs, \(frozenJobs.count) runs in \(String(format: "%.1f", elapsed)) s; "
              + "\(errorsInOff) end in an uncaught error; \(failures) failing" + (failures > 0 ? ", saved in \(failDir)" : ""))
        try? FileManager.default.removeItem(atPath: work)
    }
}
