// TestEnvironment: where the built vmrepl, the reference Lua and the test scripts are, and the modes.
//
// Invariants: the binary under test is the one built next to this test bundle (the products
// directory of the current `swift test` build), unless VMREPL_BIN names another. The reference is
// Lua 5.4.8 through Tests/Reference/lua548.py where python3 has the `lupa` package (make test
// installs it), else Debian's lua5.4 (5.4.4) if found. LUA_REF=PATH names another reference
// executable, LUA_REF=none (or the older LUA54_BIN=none) turns the comparison off.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum TestEnvironment {
    /// Every script runs once per mode; each mode is the list of options put before the script.
    /// The interpreter alone; the JIT compiling every function at its first call and entering
    /// every loop at its first back-edge; the same with every guard and limit check of each code
    /// version exiting once (so every exit path runs); eager with a collection at every safe point.
    /// The eager and stress modes compile in the background (named, so that a one-CPU machine
    /// runs the same suite); eager with --gc-stress keeps the synchronous compile tested.
    static let modes: [[String]] = [
        ["--jit=off"],
        ["--jit=eager", "--jit-threads=1"],
        ["--jit=stress", "--jit-threads=1"],
        ["--jit=eager", "--gc-stress", "--jit-threads=0"],
    ]

    /// Seconds one script may run in one mode before it counts as hung.
    static let scriptTimeout = 10.0

    /// Seconds the reference Lua may take on one script: it is not what is under test, and some
    /// scripts (deep stack overflows under lupa) take seconds on a loaded machine.
    static let referenceTimeout = 60.0

    /// Scripts run this many at a time (the machine has two cores).
    static let parallelScripts = 2

    /// The repository's Tests/Scripts folder, found from this source file.
    static let scriptsRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scripts")

    /// The repository root.
    static let repoRoot: URL = scriptsRoot.deletingLastPathComponent().deletingLastPathComponent()

    /// The products directory of the running test bundle.
    static var productsDirectory: URL {
        #if os(Linux)
        // The test bundle is an executable (…/<config>/vmreplPackageTests.xctest).
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: exe).deletingLastPathComponent()
        }
        #endif
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL
    }

    /// The vmrepl executable under test, or an explanation of why there is none.
    static func vmrepl() -> Result<String, TestEnvironmentError> {
        if let env = ProcessInfo.processInfo.environment["VMREPL_BIN"], !env.isEmpty {
            return .success(env)
        }
        let path = productsDirectory.appendingPathComponent("vmrepl").path
        if FileManager.default.isExecutableFile(atPath: path) { return .success(path) }
        return .failure(TestEnvironmentError(message:
            "vmrepl not found at \(path): `swift test` builds it with the package; or set VMREPL_BIN"))
    }

    /// The reference Lua to compare with, if any: the command put before the script's name, and
    /// its name for messages.
    static let reference: (command: [String], name: String)? = {
        let env = ProcessInfo.processInfo.environment
        if let ref = env["LUA_REF"] ?? env["LUA54_BIN"] {
            return ref == "none" || ref.isEmpty ? nil : ([ref], ref)
        }
        let runner = repoRoot.appendingPathComponent("Tests/Reference/lua548.py").path
        if let python = findOnPath("python3"),
           ChildProcess.run([python, "-c", "import lupa.lua54"], cwd: repoRoot.path, timeout: 30).exit == .status(0) {
            return ([python, runner], "lua 5.4.8")
        }
        if let lua = lua54 { return ([lua], "lua5.4 (5.4.4)") }
        return nil
    }()

    /// Debian's lua5.4, for scripts marked `-- compare-lua54:` (and as the fallback reference).
    static let lua54: String? = {
        if let ref = ProcessInfo.processInfo.environment["LUA_REF"], ref == "none" { return nil }
        return findOnPath("lua5.4")
    }()

    static func findOnPath(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// The .lua files directly inside (and below) one folder of Tests/Scripts, sorted.
    static func scripts(in folder: String) -> [URL] {
        let dir = scriptsRoot.appendingPathComponent(folder)
        guard let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) else { return [] }
        var out: [URL] = []
        for case let url as URL in e where url.pathExtension == "lua" { out.append(url) }
        return out.sorted { $0.path < $1.path }
    }

    /// The area folders of Tests/Scripts (lang, stdlib, core, ...).
    static func areaFolders() -> [String] {
        let items = (try? FileManager.default.contentsOfDirectory(atPath: scriptsRoot.path)) ?? []
        return items.filter { name in
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: scriptsRoot.appendingPathComponent(name).path, isDirectory: &isDir)
                && isDir.boolValue
        }.sorted()
    }
}

struct TestEnvironmentError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
