// ScriptSuiteTests: runs every Tests/Scripts/<area>/*.lua on the built vmrepl in every engine mode.
//
// Each script is checked against its `-- expect` lines (ScriptExpectations) in every mode of
// TestEnvironment.modes, and, where a reference Lua is installed (TestEnvironment.reference: 5.4.8
// through lupa, else lua5.4) and the script does not opt out, each mode's stdout, exit and first
// stderr line are compared with the reference's on the same script.
// One test method per area folder, so a failure names its area; every failure names the script,
// the mode and shows a diff. Scripts run with their folder as working directory, named by file
// name, so error messages read "vmrepl: name.lua:LINE: ...".
import Foundation
import XCTest

final class ScriptSuiteTests: XCTestCase {
    /// Areas with their own test method (testEveryAreaHasATestMethod keeps this list complete).
    static let knownAreas = ["lang", "stdlib", "core", "gc", "coroutine", "debug", "jit"]

    func testLang() throws { try runArea("lang") }
    func testStdlib() throws { try runArea("stdlib") }
    func testCore() throws { try runArea("core") }
    func testGC() throws { try runArea("gc") }
    func testCoroutine() throws { try runArea("coroutine") }
    func testDebug() throws { try runArea("debug") }
    func testJIT() throws { try runArea("jit") }

    /// A new script folder must get its test method above, or its scripts would never run.
    func testEveryAreaHasATestMethod() {
        let unlisted = TestEnvironment.areaFolders().filter { !Self.knownAreas.contains($0) }
        XCTAssertEqual(unlisted, [], "add a test method and a knownAreas entry for these folders")
    }

    struct Failure: Sendable {
        var script: String
        var mode: String
        var problems: [String]
    }

    struct Outcome: Sendable {
        var failures: [Failure] = []
        var slowest: (String, Double) = ("", 0)
    }

    private func runArea(_ area: String) throws {
        let scripts = TestEnvironment.scripts(in: area)
        if scripts.isEmpty { throw XCTSkip("no scripts in Tests/Scripts/\(area)") }
        let vmrepl: String
        switch TestEnvironment.vmrepl() {
        case .success(let path): vmrepl = path
        case .failure(let error): XCTFail(error.message); return
        }
        let lua = TestEnvironment.reference
        let modes = TestEnvironment.modes
        let root = TestEnvironment.scriptsRoot.path

        let results: [Outcome] = ChildProcess.parallelMap(scripts.count, width: TestEnvironment.parallelScripts) { i in
            let url = scripts[i]
            let rel = String(url.path.dropFirst(root.count + 1))
            let dir = url.deletingLastPathComponent().path
            let name = url.lastPathComponent
            guard let data = FileManager.default.contents(atPath: url.path) else {
                return Outcome(failures: [Failure(script: rel, mode: "-", problems: ["cannot read the script"])])
            }
            let exp = ScriptExpectations.parse(String(decoding: data, as: UTF8.self))
            var outcome = Outcome()
            var luaRun: ChildResult? = nil
            if exp.noLuaCompare == nil, let ref = exp.compareLua54 != nil ? TestEnvironment.lua54.map({ [$0] }) : lua?.command {
                luaRun = ChildProcess.run(ref + [name], cwd: dir, timeout: TestEnvironment.referenceTimeout)
            }
            for mode in modes {
                if exp.noGCStress != nil && mode.contains("--gc-stress") { continue }
                let run = ChildProcess.run([vmrepl] + mode + [name], cwd: dir, timeout: TestEnvironment.scriptTimeout)
                if run.seconds > outcome.slowest.1 { outcome.slowest = ("\(rel) [\(mode.joined(separator: " "))]", run.seconds) }
                var problems = exp.check(run)
                if let luaRun, run.exit != .timedOut {
                    problems += ScriptExpectations.compare(ours: run, lua: luaRun)
                }
                if !problems.isEmpty {
                    outcome.failures.append(Failure(script: rel, mode: mode.joined(separator: " "), problems: problems))
                }
            }
            return outcome
        }

        let failures = results.flatMap { $0.failures }
        let failedScripts = Set(failures.map(\.script))
        let detailLimit = 40
        for f in failures.prefix(detailLimit) {
            XCTFail("\(f.script) [\(f.mode)]\n" + f.problems.joined(separator: "\n"))
        }
        if failures.count > detailLimit {
            let rest = failures.dropFirst(detailLimit).map { "\($0.script) [\($0.mode)]" }
            XCTFail("\(rest.count) more failures:\n  " + rest.joined(separator: "\n  "))
        }
        print("script area \(area): \(scripts.count) scripts x \(modes.count) modes, "
              + "\(failedScripts.count) scripts failing, reference comparison \(lua.map { "with \($0.name)" } ?? "off (no reference Lua found)")")
        // The slowest runs, so that the suite stays quick as it grows.
        let slow = results.map(\.slowest).sorted { $0.1 > $1.1 }.prefix(3)
        print("  slowest: " + slow.map { "\($0.0) \(String(format: "%.2f", $0.1)) s" }.joined(separator: ", "))
    }
}
