// Machine-code listings through Capstone: a golden listing of a small assembled function (data
// range and annotations included), checked by hand and, where objdump is installed, against
// objdump's mnemonics for the same bytes; undecodable bytes; offsets past 0xffff.
//
// To regenerate the golden file after a deliberate change of the format (then re-read it):
//     UPDATE_GOLDEN=1 swift test -c release --disable-swift-testing --filter ListingTests
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import XCTest
import X64Assembler
import LuaMethodJIT

final class ListingTests: XCTestCase {
    static let goldenURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden").appendingPathComponent("listing.txt")

    /// A counting loop that calls a helper, loads a constant placed after the code, and exits
    /// through a near jump; (code, end of the instructions, offset of the loop header).
    static func sample() -> ([UInt8], Int, Int) {
        var a = Assembler(features: .all, origin: 0x1000)
        let top = a.newLabel(), done = a.newLabel(), constant = a.newLabel()
        a.push(.rbp)
        a.mov(.qword, .rbp, .rsp)
        a.alu(.xor, .dword, .rax, .rax)
        a.bind(top)
        let header = a.offset
        a.alu(.add, .qword, .rax, imm: 1)
        a.alu(.cmp, .qword, .rax, .rdi)
        a.jcc(.less, top, short: true)
        a.movsd(.xmm0, Mem.rip(constant))
        a.call(absolute: 0x2000)
        a.mov(.qword, .rcx, Mem(.r12, .rbx, .x8, -16))
        a.movabs(.r11, 0x1234_5678_9abc)
        a.jmp(done)
        a.ud2()
        a.bind(done)
        a.pop(.rbp)
        a.ret()
        let end = a.offset
        a.align(8)
        a.bind(constant)
        a.buffer.emit64(1.5.bitPattern)
        return (a.finish(), end, header)
    }

    static func sampleListing() -> String {
        let (code, end, header) = sample()
        let padded = (end + 7) / 8 * 8
        return MachineCodeListing(code: code, address: 0x1000, data: [padded..<code.count]).text { offset in
            switch offset {
            case 0: return ["; entry"]
            case header: return ["; loop header"]
            case padded: return ["; constants"]
            case code.count: return ["; end"]
            default: return []
            }
        }
    }

    func testGoldenListing() throws {
        let text = Self.sampleListing()
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try text.write(to: Self.goldenURL, atomically: true, encoding: .utf8)
        }
        XCTAssertEqual(text, try String(contentsOf: Self.goldenURL, encoding: .utf8))
    }

    /// Capstone and objdump agree on the instruction boundaries and mnemonics of the sample.
    func testMnemonicsAgreeWithObjdump() throws {
        let (code, end, _) = Self.sample()
        let ours = MachineCodeListing(code: Array(code[..<end]), address: 0x1000).lines().map { line in
            (Int(line.prefix(4), radix: 16)!, String(line.dropFirst(6 + 29 + 2).split(separator: " ")[0]))
        }
        let theirs = try objdumpInstructions(Array(code[..<end]))
        XCTAssertEqual(ours.map(\.0), theirs.map(\.0), "instruction offsets")
        XCTAssertEqual(ours.map(\.1), theirs.map(\.1), "mnemonics")
    }

    func testBadBytesAndWideOffsets() {
        // 0x06 (push es) and 0x27 (daa) do not exist in 64-bit mode.
        let lines = MachineCodeListing(code: [0x06, 0x27, 0xC3]).lines()
        XCTAssertEqual(lines, ["0000  06                             (bad)",
                               "0001  27                             (bad)",
                               "0002  c3                             ret"])
        var a = Assembler(features: .all)
        a.nop(0x10000)
        a.ret()
        let long = MachineCodeListing(code: a.finish()).lines()
        XCTAssertEqual(long.last, "10000  c3                             ret")
        XCTAssertTrue(long.first!.hasPrefix("00000  "))
    }

    /// (offset, mnemonic) per instruction in objdump's Intel-syntax listing; skips without objdump.
    func objdumpInstructions(_ code: [UInt8]) throws -> [(Int, String)] {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        guard let tool = dirs.map({ "\($0)/objdump" }).first(where: FileManager.default.isExecutableFile)
        else { throw XCTSkip("objdump is not installed") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("listing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("code.bin"), output = dir.appendingPathComponent("out.txt")
        try Data(code).write(to: input)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = ["-D", "-b", "binary", "-m", "i386:x86-64", "-M", "intel", input.path]
        p.standardOutput = try FileHandle(forWritingTo: output)
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        // Instruction lines look like "  1f:\t0f 0b                \tud2"; continuation lines of long
        // instructions have no third field.
        return try String(contentsOf: output, encoding: .utf8).split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t")
            guard fields.count >= 3, fields[0].hasSuffix(":"),
                  let offset = Int(fields[0].dropLast().trimmingCharacters(in: .whitespaces), radix: 16)
            else { return nil }
            return (offset, String(fields[2].split(separator: " ")[0]))
        }
    }
}
