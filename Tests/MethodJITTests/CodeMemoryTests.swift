// Code memory as the JIT will use it: assembled functions installed and called through
// @convention(c), W^X read back from the kernel (/proc/self/maps), the byte budget and
// discardAll, freed space reused, alignment and int3 padding, rel32 reach to Swift helpers.
//
// Invariants: every test makes its own CodeMemory (small budgets), so tests are independent;
// executing tests run on x86-64 Linux only and skip elsewhere.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import XCTest
import X64Assembler
import TestSupport
@testable import LuaMethodJIT

typealias IntFn1 = @convention(c) (Int64) -> Int64
typealias IntFn2 = @convention(c) (Int64, Int64) -> Int64

/// `ret` after `rax := rdi + k`, padded with `nops` bytes of nop before it.
func addConstant(_ k: Int32, nops: Int = 0) -> (inout Assembler) -> Void {
    { a in
        a.lea(.qword, .rax, Mem(.rdi, k))
        if nops > 0 { a.nop(nops) }
        a.ret()
    }
}

func call(_ block: CodeBlock, _ x: Int64) -> Int64 {
    unsafeBitCast(block.entry, to: IntFn1.self)(x)
}

final class CodeMemoryTests: XCTestCase {
    override func setUpWithError() throws {
        #if !(arch(x86_64) && os(Linux))
        throw XCTSkip("machine code runs only on x86-64 Linux")
        #endif
    }

    func testInstalledFunctionsRun() throws {
        let memory = try CodeMemory(budget: 1 << 20)
        let add = try memory.assemble(name: "add") { a in
            a.lea(.qword, .rax, Mem(.rdi, .rsi))
            a.ret()
        }
        let sum = try memory.assemble(name: "sum") { a in   // n + (n-1) + ... + 1
            let done = a.newLabel(), top = a.newLabel()
            a.alu(.xor, .dword, .rax, .rax)
            a.test(.qword, .rdi, .rdi)
            a.jcc(.lessOrEqual, done)
            a.bind(top)
            a.alu(.add, .qword, .rax, .rdi)
            a.unary(.dec, .qword, .rdi)
            a.jcc(.notEqual, top)
            a.bind(done)
            a.ret()
        }
        XCTAssertEqual(unsafeBitCast(add.entry, to: IntFn2.self)(2, 40), 42)
        XCTAssertEqual(call(sum, 100), 5050)
        XCTAssertEqual(call(sum, -3), 0)
        XCTAssertTrue(memory.contains(add.address) && memory.contains(sum.address))
        XCTAssertEqual(memory.stats.installs, 2)
    }

    /// Blocks start 16-aligned, one after the other, and their padding is int3.
    func testAlignmentContiguityAndPadding() throws {
        let memory = try CodeMemory(budget: 1 << 20)
        var blocks: [CodeBlock] = []
        for (i, n) in [0, 13, 16, 40].enumerated() {
            blocks.append(try memory.assemble(name: "f\(i)", addConstant(Int32(i), nops: n)))
        }
        var expected = memory.address
        for (i, b) in blocks.enumerated() {
            XCTAssertEqual(b.address % UInt64(JITLimits.codeAlignment), 0)
            XCTAssertEqual(b.address, expected, "block \(i) follows the one before")
            let rounded = (b.size + 15) / 16 * 16
            let bytes = UnsafeRawBufferPointer(start: b.entry, count: rounded)
            XCTAssertEqual(bytes[b.size - 1], 0xC3, "the code ends with its ret")
            XCTAssertTrue(bytes[b.size...].allSatisfy { $0 == 0xCC }, "padding of block \(i) is int3")
            XCTAssertEqual(call(b, 100), 100 + Int64(i))
            expected += UInt64(rounded)
        }
        XCTAssertEqual(memory.liveBytes, Int(expected - memory.address))
    }

    /// An install flips the pages it covers twice (RW, then RX): once per function, not per write.
    func testTwoProtectionChangesPerInstall() throws {
        let memory = try CodeMemory(budget: 1 << 20)
        for i in 0..<5 { _ = try memory.assemble(name: "f", addConstant(Int32(i), nops: 3000)) }
        XCTAssertEqual(memory.stats.protectionChanges, 10)
    }

    /// After every install and free (functions sharing pages, functions spanning pages), the kernel
    /// shows no mapping of the region both writable and executable, and every page holding code
    /// executable; all live functions still run (a neighbour's install flipped their page back).
    func testNoPageOfTheRegionIsEverWritableAndExecutable() throws {
        let memory = try CodeMemory(budget: 1 << 20)
        var live: [(CodeBlock, Int64)] = []
        var rng = SplitMix64(seed: 7)
        for step in 0..<60 {
            if !live.isEmpty && rng.chance(30) {
                memory.free(live.remove(at: rng.below(live.count)).0)
            } else {
                let k = Int64(step)
                let nops = rng.pick([0, 5, 100, 3000, 9000])
                live.append((try memory.assemble(name: "f\(step)", capacity: 16384, addConstant(Int32(k), nops: nops)), k))
            }
            let maps = try regionMappings(memory)
            XCTAssertFalse(maps.isEmpty)
            for m in maps {
                XCTAssertFalse(m.perms.contains("w") && m.perms.contains("x"), "step \(step): W+X mapping \(m.line)")
                XCTAssertTrue(m.perms.hasPrefix("---") || m.perms.hasPrefix("r-x"), "step \(step): \(m.line)")
            }
            for (b, _) in live {
                let page = b.address / UInt64(memory.pageSize) * UInt64(memory.pageSize)
                XCTAssertTrue(maps.contains { $0.range.contains(page) && $0.perms.hasPrefix("r-x") },
                              "step \(step): code at \(String(b.address, radix: 16)) is not executable")
            }
            for (b, k) in live { XCTAssertEqual(call(b, 1000), 1000 + k) }
        }
    }

    func testBudgetExhaustionThenDiscardAll() throws {
        let memory = try CodeMemory(budget: 64 << 10)
        XCTAssertEqual(memory.budget, 64 << 10)
        var blocks: [CodeBlock] = []
        var failure: CodeMemoryError?
        for i in 0..<100 {
            do {
                blocks.append(try memory.assemble(name: "f\(i)", capacity: 5000, addConstant(Int32(i), nops: 4000)))
            } catch {
                failure = error
                break
            }
        }
        // 4016-byte functions (4 + 4000 + 1 + padding): 16 fit in 64 KiB, the 17th asks 5008 bytes.
        XCTAssertEqual(blocks.count, 16)
        XCTAssertEqual(failure, .budgetExhausted(requested: 5008, largestFree: 65536 - 16 * 4016, budget: 65536))
        XCTAssertTrue("\(failure!)".contains("budget exhausted"))
        XCTAssertEqual(call(blocks[3], 1), 4, "code installed before the failure still runs")

        memory.discardAll()
        XCTAssertEqual(memory.liveBytes, 0)
        XCTAssertEqual(memory.untouchedBytes, memory.budget)
        XCTAssertEqual(memory.epoch, 1)
        XCTAssertTrue(try regionMappings(memory).allSatisfy { $0.perms.hasPrefix("---") },
                      "after a discard the region is inaccessible again (its memory returned)")
        memory.free(blocks[0])            // a proto collected after the discard: ignored
        XCTAssertEqual(memory.stats.frees, 0)
        let again = try memory.assemble(name: "g", addConstant(7))
        XCTAssertEqual(again.address, memory.address, "space is reused from the start")
        XCTAssertEqual(call(again, 1), 8)
        XCTAssertEqual(memory.liveBytes, 16)
    }

    /// (Capacities are exact here: a reservation must fit a hole whole before it is trimmed.)
    func testFreedSpaceIsReusedAndCoalesced() throws {
        let memory = try CodeMemory(budget: 1 << 20)
        let a = try memory.assemble(name: "a", addConstant(1, nops: 100))   // 112 bytes
        let b = try memory.assemble(name: "b", addConstant(2, nops: 50))    // 64
        let c = try memory.assemble(name: "c", addConstant(3))              // 16
        memory.free(b)
        let d = try memory.assemble(name: "d", capacity: 16, addConstant(4)) // first fit: b's hole
        XCTAssertEqual(d.address, b.address)
        XCTAssertEqual(memory.freeBytes, 48)
        memory.free(a)
        memory.free(d)                                                      // a + b's hole: one block
        XCTAssertEqual(memory.largestFree, memory.budget - 192, "the untouched rest is larger")
        let e = try memory.assemble(name: "e", capacity: 176, addConstant(5, nops: 160))   // 112 + 64
        XCTAssertEqual(e.address, a.address, "the coalesced hole holds a function neither part could")
        XCTAssertEqual(call(e, 0), 5)
        XCTAssertEqual(call(c, 0), 3)
        memory.free(c)
        memory.free(e)
        XCTAssertEqual(memory.liveBytes, 0)
        XCTAssertEqual(memory.untouchedBytes, memory.budget, "freeing the top block lowers the frontier")
    }

    /// A reservation is trimmed to its code at install; an abandoned one is given back whole.
    func testReservationTrimAndAbandon() throws {
        let memory = try CodeMemory(budget: 1 << 20)
        let r = try memory.reserve(capacity: 4000)
        XCTAssertEqual(r.capacity, 4000)
        memory.abandon(r)
        XCTAssertEqual(memory.liveBytes, 0)
        let f = try memory.assemble(name: "f", capacity: 4000, addConstant(9, nops: 20))
        XCTAssertEqual(f.address, r.address)
        XCTAssertEqual(memory.liveBytes, 32)
        let g = try memory.install([0x48, 0x89, 0xF8, 0xC3], name: "identity")   // mov rax, rdi; ret
        XCTAssertEqual(g.address, f.address + 32)
        XCTAssertEqual(call(g, -77), -77)
        let empty = try memory.install([], name: "empty")
        XCTAssertEqual(empty.address, g.address + 16)
        XCTAssertEqual(UnsafeRawBufferPointer(start: empty.entry, count: 16).first, 0xCC, "all padding")
        XCTAssertEqual(memory.liveBytes, 64)
    }

    /// The region is placed near this executable, so compiled code calls Swift helpers by rel32.
    func testHelperCallsReachByRel32() throws {
        let triple: IntFn1 = { $0 * 3 }
        let target = UInt64(UInt(bitPattern: unsafeBitCast(triple, to: UnsafeRawPointer.self)))
        let memory = try CodeMemory()
        let distance = max(target, memory.address + UInt64(memory.budget)) - min(target, memory.address)
        XCTAssertLessThan(distance, 1 << 31, "region at \(String(memory.address, radix: 16)), "
                          + "helper at \(String(target, radix: 16))")
        var callOpcode: UInt8 = 0
        let f = try memory.assemble(name: "calls-helper") { a in
            a.push(.rbx)                    // realigns rsp to 16 for the call
            let at = a.offset
            a.call(absolute: target)
            callOpcode = a.buffer.bytes[at]
            a.alu(.add, .qword, .rax, imm: 1)
            a.pop(.rbx)
            a.ret()
        }
        XCTAssertEqual(callOpcode, 0xE8, "call rel32")
        XCTAssertEqual(call(f, 5), 16)
    }

    /// The reader of /proc/self/maps sees a mapping that is writable and executable (made outside
    /// any CodeMemory), so the W^X test above could fail.
    func testTheMapsReaderSeesWritableExecutablePages() throws {
        let size = 4096
        guard let p = mmap(nil, size, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              p != MAP_FAILED else { throw XCTSkip("this kernel refuses writable executable pages") }
        defer { munmap(p, size) }
        let at = UInt64(UInt(bitPattern: p))
        let maps = try mappings(overlapping: at..<at + UInt64(size))
        XCTAssertTrue(maps.contains { $0.perms.hasPrefix("rwx") }, "\(maps.map(\.line))")
    }

    func regionMappings(_ memory: CodeMemory) throws -> [(range: Range<UInt64>, perms: String, line: String)] {
        try mappings(overlapping: memory.address..<memory.address + UInt64(memory.budget))
    }

    /// The mappings of /proc/self/maps that overlap `region`.
    func mappings(overlapping region: Range<UInt64>) throws -> [(range: Range<UInt64>, perms: String, line: String)] {
        let text = try procSelfMaps()
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            let bounds = fields[0].split(separator: "-")
            guard fields.count >= 2, bounds.count == 2, let lo = UInt64(bounds[0], radix: 16),
                  let hi = UInt64(bounds[1], radix: 16), lo < region.upperBound && hi > region.lowerBound
            else { return nil }
            return (lo..<hi, String(fields[1]), String(line))
        }
    }
}

/// The whole of /proc/self/maps. Read with read(2) to the end: its size is not known in advance
/// (stat says 0), and a reader that trusts the size or one page sees only the first mappings.
func procSelfMaps() throws -> String {
    let fd = open("/proc/self/maps", O_RDONLY)
    guard fd >= 0 else { throw XCTSkip("no /proc/self/maps") }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        bytes += chunk[..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}
