// The independent oracles: llvm-mc (assembles Intel text, shows encodings, writes objects) and
// objcopy (extracts .text as raw bytes), found on PATH; tests skip when they are missing.
//
// Invariants: tools run with their input and output in a fresh temporary directory (no pipes,
// so large outputs cannot deadlock); any message on stderr or a non-zero status is an error
// reported with the tool's own words.
import Foundation
import XCTest

enum ExternalTools {
    struct Failure: Error, CustomStringConvertible { let description: String }

    /// The first of `names` found on PATH, or the path in env var `override` when it is set
    /// (set to a path that is not an executable, e.g. `none`, to test the skipping).
    static func find(_ names: [String], override: String) -> String? {
        if let p = ProcessInfo.processInfo.environment[override] {
            return FileManager.default.isExecutableFile(atPath: p) ? p : nil
        }
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in names {
            for dir in dirs {
                let path = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
        }
        return nil
    }

    /// llvm-mc, unversioned or versioned (Debian installs llvm-mc-NN); env LLVM_MC overrides.
    static let llvmMC: String? = find(["llvm-mc"] + (11...20).reversed().map { "llvm-mc-\($0)" },
                                      override: "LLVM_MC")
    static let objcopy: String? = find(["llvm-objcopy", "objcopy"], override: "OBJCOPY")

    static func requireLLVMMC() throws -> String {
        guard let p = llvmMC else { throw XCTSkip("llvm-mc is not installed: the oracle checks are skipped") }
        return p
    }

    /// Runs `tool args` in `dir`; returns stdout. Throws on a non-zero status or stderr output.
    @discardableResult
    static func run(_ tool: String, _ args: [String], in dir: URL) throws -> String {
        let out = dir.appendingPathComponent("stdout"), err = dir.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.currentDirectoryURL = dir
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        try p.run()
        p.waitUntilExit()
        let errText = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        if p.terminationStatus != 0 || !errText.isEmpty {
            throw Failure(description: "\(tool) \(args.joined(separator: " ")) failed (status "
                          + "\(p.terminationStatus)):\n\(errText.prefix(4000))")
        }
        return (try? String(contentsOf: out, encoding: .utf8)) ?? ""
    }

    static func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("asmtest-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try body(dir)
    }

    /// The bytes llvm-mc gives each line of Intel-syntax `lines`, in order (one per line).
    static func llvmEncodings(_ lines: [String]) throws -> [[UInt8]] {
        let mc = try requireLLVMMC()
        return try withTemporaryDirectory { dir in
            let input = dir.appendingPathComponent("in.s")
            try (lines.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
            let text = try run(mc, ["-triple=x86_64", "-x86-asm-syntax=intel", "-show-encoding", input.path], in: dir)
            var result: [[UInt8]] = []
            for line in text.split(separator: "\n") {
                guard let r = line.range(of: "encoding: [") else { continue }
                let list = line[r.upperBound...].prefix { $0 != "]" }
                var bytes: [UInt8] = []
                for item in list.split(separator: ",") {
                    guard item.hasPrefix("0x"), let b = UInt8(item.dropFirst(2), radix: 16) else {
                        throw Failure(description: "llvm-mc left a fix-up in: \(line)")
                    }
                    bytes.append(b)
                }
                result.append(bytes)
            }
            guard result.count == lines.count else {
                throw Failure(description: "llvm-mc gave \(result.count) encodings for \(lines.count) lines")
            }
            return result
        }
    }

    /// The .text bytes llvm-mc assembles from a whole Intel-syntax program (labels resolved).
    static func llvmAssemble(_ program: String) throws -> [UInt8] {
        let mc = try requireLLVMMC()
        guard let objcopy else { throw XCTSkip("objcopy is not installed") }
        return try withTemporaryDirectory { dir in
            let input = dir.appendingPathComponent("in.s")
            try (".intel_syntax noprefix\n" + program + "\n").write(to: input, atomically: true, encoding: .utf8)
            try run(mc, ["-triple=x86_64", "-filetype=obj", "-o", "out.o", input.path], in: dir)
            try run(objcopy, ["-O", "binary", "--only-section=.text", "out.o", "out.bin"], in: dir)
            return Array(try Data(contentsOf: dir.appendingPathComponent("out.bin")))
        }
    }
}

func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined(separator: " ")
}

extension ExternalTools {
    static let objdumpPath: String? = find(["objdump"], override: "OBJDUMP")

    /// objdump's Intel-syntax disassembly of raw x86-64 bytes loaded at `vma`.
    static func objdump(_ bytes: [UInt8], vma: UInt64 = 0) throws -> String {
        guard let tool = objdumpPath else { throw XCTSkip("objdump is not installed") }
        return try withTemporaryDirectory { dir in
            try Data(bytes).write(to: dir.appendingPathComponent("code.bin"))
            return try run(tool, ["-D", "-b", "binary", "-m", "i386:x86-64", "-M", "intel",
                                  "--adjust-vma=0x" + String(vma, radix: 16), "code.bin"], in: dir)
        }
    }
}
