// TestEnvironment: where the built vmrepl, lua5.4 and the test scripts are, and the engine modes.
//
// Invariants: the binary under test is the one built next to this test bundle (the products
// directory of the current `swift test` build), unless VMREPL_BIN names another; lua5.4 is used
// only if found (LUA54_BIN overrides the PATH lookup; LUA54_BIN=none disables the comparison).
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum TestEnvironment {
    /// Every script runs once per mode; each mode is the list of options put before the script.
    /// The JIT adds its modes here (e.g. threshold 0, deopt at every check) when it lands.
    static let modes: [[String]] = [
        ["--tier=interp"],
        ["--tier=interp", "--gc-stress"],
    ]

    /// Seconds one script may run in one mode before it counts as hung.
    static let scriptTimeout = 10.0

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

    /// The lua5.4 executable to compare with, if any.
    static let lua54: String? = {
        if let env = ProcessInfo.processInfo.environment["LUA54_BIN"] {
            return env == "none" || env.isEmpty ? nil : env
        }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let p = "\(dir)/lua5.4"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }()

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
