// StdlibTestEnvironment: where the stdlib tests find the built vmrepl and the reference Lua, and
// how they run a script on either with a time limit.
//
// Invariant: the reference is chosen as the script tests choose it (Tests/ScriptTests/
// TestEnvironment.swift): Lua 5.4.8 through lua548.py when lupa is installed, else lua5.4.

import Foundation

enum StdlibTestEnvironment {
    /// The vmrepl built next to this test bundle, or VMREPL_BIN.
    static func vmrepl() -> String? {
        if let env = ProcessInfo.processInfo.environment["VMREPL_BIN"], !env.isEmpty { return env }
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            dir = URL(fileURLWithPath: exe)
        }
        let path = dir.deletingLastPathComponent().appendingPathComponent("vmrepl").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// The repository root, found from this source file.
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The reference Lua for differential runs, as a command put before the script: Lua 5.4.8
    /// through Tests/Reference/lua548.py where python3 has the `lupa` package, else lua5.4
    /// (5.4.4); nil when neither is there. LUA_REF=PATH names another, LUA_REF=none (or
    /// LUA54_BIN=none) turns the comparisons off, as in the script tests.
    static let reference: [String]? = {
        let env = ProcessInfo.processInfo.environment
        if let ref = env["LUA_REF"] { return ref == "none" || ref.isEmpty ? nil : [ref] }
        if env["LUA54_BIN"] == "none" { return nil }
        if let python = onPath("python3"), let (status, _) = run([python, "-c", "import lupa.lua54"], script: nil, timeout: 30),
           status == 0 {
            return [python, repoRoot.appendingPathComponent("Tests/Reference/lua548.py").path]
        }
        return lua54.map { [$0] }
    }()

    static func onPath(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// lua5.4 from LUA54_BIN or PATH; nil when absent (or LUA54_BIN=none, LUA_REF=none): the
    /// reference for compat-5.3 behaviour, which lupa's build of 5.4.8 lacks.
    static let lua54: String? = {
        if ProcessInfo.processInfo.environment["LUA_REF"] == "none" { return nil }
        if let env = ProcessInfo.processInfo.environment["LUA54_BIN"] { return env == "none" || env.isEmpty ? nil : env }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let p = "\(dir)/lua5.4"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }()

    /// Run `command options script` (the script written to a scratch file; nil: no script
    /// argument) with a time limit; returns (status, stdout) or nil on timeout.
    static func run(_ command: [String], script: String?, timeout: Double, options: [String] = []) -> (Int32, String)? {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stdlib-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("fuzz.lua")
        if let script { try? Data(script.utf8).write(to: file) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: command[0])
        p.arguments = Array(command.dropFirst()) + options + (script == nil ? [] : [file.path])
        p.currentDirectoryURL = dir
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        let deadline = DispatchTime.now() + timeout
        final class Box: @unchecked Sendable { var data = Data() }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let handle = out.fileHandleForReading
        DispatchQueue(label: "fuzz-reader").async {
            box.data = handle.readDataToEndOfFile()
            done.signal()
        }
        if done.wait(timeout: deadline) == .timedOut {
            p.terminate()
            return nil
        }
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: box.data, as: UTF8.self))
    }
}
