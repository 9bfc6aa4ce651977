// The `Lua` product as a versioned dependency: a snapshot of this checkout is committed and tagged
// in a temporary git repository, the Examples package is copied next to it with its dependency
// rewritten to `.package(url: "file://...", from: ...)`, then built (debug, from scratch: slow,
// hence one build for both checks) and run.
//
// What could fail: SwiftPM refusing the dependency (unsafe flags in a target it uses, a package
// name that does not match), the public API not being enough for the example (it imports only
// Lua), or the example printing something else.

import Foundation
import XCTest

final class VersionedDependencyTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `args` in `dir`; returns (status, stdout+stderr).
    @discardableResult
    func sh(_ args: [String], in dir: URL) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        p.currentDirectoryURL = dir
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testExamplesBuildAgainstATaggedVersion() throws {
        let fm = FileManager.default
        let tmp = fm.temporaryDirectory.appendingPathComponent("vmrepl-dep-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? fm.removeItem(at: tmp) }
        // The clone's directory name is the package identity users write: "vmrepl".
        let repo = tmp.appendingPathComponent("vmrepl")
        let app = tmp.appendingPathComponent("app")
        try fm.createDirectory(at: repo, withIntermediateDirectories: true)

        // The checkout as it is (tracked and new files, not ignored ones), committed and tagged.
        let (lsStatus, listing) = try sh(["git", "ls-files", "-co", "--exclude-standard"], in: Self.root)
        XCTAssertEqual(lsStatus, 0, listing)
        for path in listing.split(separator: "\n").map(String.init) where !path.isEmpty {
            let src = Self.root.appendingPathComponent(path), dst = repo.appendingPathComponent(path)
            guard fm.fileExists(atPath: src.path) else { continue }  // deleted, not yet committed
            try fm.createDirectory(at: dst.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.copyItem(at: src, to: dst)
        }
        for cmd in [["git", "init", "-q"], ["git", "add", "-A"],
                    ["git", "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "snapshot"],
                    ["git", "tag", "1.2.0"]] {
            let (status, out) = try sh(cmd, in: repo)
            XCTAssertEqual(status, 0, "\(cmd): \(out)")
        }

        // Examples/, depending on that tag by URL.
        try fm.copyItem(at: Self.root.appendingPathComponent("Examples"), to: app)
        try? fm.removeItem(at: app.appendingPathComponent(".build"))
        let manifestURL = app.appendingPathComponent("Package.swift")
        let manifest = try String(contentsOf: manifestURL, encoding: .utf8)
        XCTAssertTrue(manifest.contains(".package(path: \"..\")"), "Examples/Package.swift changed its dependency line")
        try manifest.replacingOccurrences(of: ".package(path: \"..\")",
                                          with: ".package(url: \"\(repo.absoluteString)\", from: \"1.0.0\")")
            .write(to: manifestURL, atomically: true, encoding: .utf8)

        let (buildStatus, buildOut) = try sh(["swift", "build"], in: app)
        XCTAssertEqual(buildStatus, 0, buildOut)
        XCTAssertFalse(buildOut.contains("unsafe"), buildOut)
        XCTAssertTrue(try String(contentsOf: app.appendingPathComponent("Package.resolved"), encoding: .utf8)
            .contains("\"version\" : \"1.2.0\""), "resolved to the tagged version")
        guard buildStatus == 0 else { return }

        let (runStatus, output) = try sh([".build/debug/embed-lua"], in: app)
        XCTAssertEqual(runStatus, 0, output)
        XCTAssertEqual(output, """
            threshold: 10 rate: 0.1
            total: 10.8 discounted: true
            error: rules:6: no such item: kiwi
            lua printed: total 10.80 EUR

            """)

        let (readmeStatus, readmeOutput) = try sh([".build/debug/readme-example"], in: app)
        XCTAssertEqual(readmeStatus, 0, readmeOutput)
        XCTAssertEqual(readmeOutput, """
            net 34.97 gross 41.96
            shop 3
            error: invoice:3: attempt to perform arithmetic on a nil value (field 'count')
            items: 2

            """)
    }

    /// README.md's "Use it from Swift" shows Examples/Sources/readme-example/main.swift as it is.
    func testReadmeShowsTheExampleThatIsTested() throws {
        let example = try String(contentsOf: Self.root.appendingPathComponent("Examples/Sources/readme-example/main.swift"),
                                 encoding: .utf8)
        let program = try XCTUnwrap(example.range(of: "\nimport Lua\n").map { String(example[example.index(after: $0.lowerBound)...]) })
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        XCTAssertTrue(readme.contains("```swift\n" + program + "```"), "README.md and readme-example differ")
    }
}
