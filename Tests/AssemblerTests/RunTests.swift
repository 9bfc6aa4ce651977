// Assembled functions run: code copied into fresh RW pages, flipped to RX (never both), called
// through @convention(c). Proves the bytes execute as meant, not only that they match llvm-mc.
// Also: the CPUID feature query, and calls to absolute targets (rel32 or through a register).
//
// Invariants: each function follows the SysV ABI (args rdi, rsi / xmm0, xmm1; result rax / xmm0;
// rsp 16-aligned at a call). Executing tests run on x86-64 only and skip elsewhere.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import XCTest
import X64Assembler

/// One mapping of pages: RW until `install`, then RX.
final class ExecutablePages {
    let base: UnsafeMutableRawPointer
    let size: Int

    init(size: Int = 4096, near hint: UInt? = nil) throws {
        self.size = size
        let p = mmap(hint.flatMap { UnsafeMutableRawPointer(bitPattern: $0) }, size,
                     PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let p, p != MAP_FAILED else { throw ExternalTools.Failure(description: "mmap failed") }
        base = p
    }
    var address: UInt64 { UInt64(UInt(bitPattern: base)) }

    func install(_ code: [UInt8]) {
        precondition(code.count <= size)
        code.withUnsafeBytes { base.copyMemory(from: $0.baseAddress!, byteCount: code.count) }
        precondition(mprotect(base, size, PROT_READ | PROT_EXEC) == 0, "mprotect RX failed")
    }
    deinit { munmap(base, size) }
}

final class RunTests: XCTestCase {
    typealias IntFn2 = @convention(c) (Int64, Int64) -> Int64
    typealias IntFn1 = @convention(c) (Int64) -> Int64
    typealias DoubleFn2 = @convention(c) (Double, Double) -> Double
    typealias DoubleFn1 = @convention(c) (Double) -> Double

    override func setUpWithError() throws {
        #if !arch(x86_64)
        throw XCTSkip("machine code runs only on x86-64")
        #endif
    }

    /// Assembles with `build`, installs, and hands the entry point to `body` as type F.
    func run<F, R>(_ type: F.Type, _ build: (inout Assembler) -> Void, _ body: (F) -> R) throws -> R {
        let pages = try ExecutablePages()
        var a = Assembler(origin: pages.address)
        build(&a)
        pages.install(a.finish())
        return body(unsafeBitCast(pages.base, to: type))
    }

    func testAddTwoIntegers() throws {
        try run(IntFn2.self, { a in
            a.lea(.qword, .rax, Mem(.rdi, .rsi))
            a.ret()
        }) { f in
            XCTAssertEqual(f(2, 40), 42)
            XCTAssertEqual(f(Int64.max, 1), Int64.min)
        }
    }

    /// sum = n + (n-1) + ... + 1 with a forward exit and a backward loop jump.
    func testLoopWithBackwardJump() throws {
        try run(IntFn1.self, { a in
            let done = a.newLabel(), top = a.newLabel()
            a.alu(.xor, .dword, .rax, .rax)
            a.test(.qword, .rdi, .rdi)
            a.jcc(.lessOrEqual, done, short: true)
            a.bind(top)
            a.alu(.add, .qword, .rax, .rdi)
            a.unary(.dec, .qword, .rdi)
            a.jcc(.notEqual, top)
            a.bind(done)
            a.ret()
        }) { f in
            XCTAssertEqual(f(100), 5050)
            XCTAssertEqual(f(0), 0)
            XCTAssertEqual(f(-5), 0)
            XCTAssertEqual(f(100_000), 5_000_050_000)
        }
    }

    /// A loop body longer than 127 bytes: the back-edge must be rel32.
    func testLongLoopBodyTakesNearBackEdge() throws {
        try run(IntFn1.self, { a in
            let top = a.newLabel()
            a.mov(.qword, .rax, imm: 0)
            a.bind(top)
            a.alu(.add, .qword, .rax, imm: 3)
            a.nop(200)
            a.unary(.dec, .qword, .rdi)
            let at = a.offset
            a.jcc(.greater, top)
            XCTAssertEqual(a.offset - at, 6)
            a.ret()
        }) { f in XCTAssertEqual(f(10), 30) }
    }

    func testSignedDivisionAndSelect() throws {
        try run(IntFn2.self, { a in   // quotient * 1000 + remainder, truncating like C
            a.mov(.qword, .rax, .rdi)
            a.cqo()
            a.unary(.idiv, .qword, .rsi)
            a.imul(.qword, .rax, .rax, imm: 1000)
            a.alu(.add, .qword, .rax, .rdx)
            a.ret()
        }) { f in
            XCTAssertEqual(f(7, 2), 3001)
            XCTAssertEqual(f(-7, 2), -3001)
        }
        try run(IntFn2.self, { a in   // signed max through cmp + cmov
            a.mov(.qword, .rax, .rdi)
            a.alu(.cmp, .qword, .rdi, .rsi)
            a.cmov(.less, .qword, .rax, .rsi)
            a.ret()
        }) { f in
            XCTAssertEqual(f(-3, 5), 5)
            XCTAssertEqual(f(9, -1), 9)
        }
    }

    func testScalarDoubles() throws {
        try run(DoubleFn2.self, { a in   // sqrt(x*x + y*y)
            a.sse(.movapd, .xmm2, .xmm0)
            a.sse(.mulsd, .xmm2, .xmm0)
            a.sse(.mulsd, .xmm1, .xmm1)
            a.sse(.addsd, .xmm2, .xmm1)
            a.sse(.sqrtsd, .xmm0, .xmm2)
            a.ret()
        }) { f in XCTAssertEqual(f(3, 4), 5) }
        try run(DoubleFn1.self, { a in   // Double(Int64(x) * 2) - x, through GP registers
            a.cvttsd2si(.rax, .xmm0)
            a.alu(.add, .qword, .rax, .rax)
            a.cvtsi2sd(.xmm1, .rax)
            a.sse(.subsd, .xmm1, .xmm0)
            a.movq(.rcx, .xmm1)
            a.movq(.xmm0, .rcx)
            a.ret()
        }) { f in XCTAssertEqual(f(2.75), 1.25) }
        try run(DoubleFn1.self, { a in   // -x by flipping the sign bit with a RIP-relative mask
            let mask = a.newLabel()
            a.sse(.xorpd, .xmm0, Mem.rip(mask))
            a.ret()
            a.align(16)
            a.bind(mask)
            a.buffer.emit64(0x8000_0000_0000_0000)
            a.buffer.emit64(0)
        }) { f in
            XCTAssertEqual(f(1.5), -1.5)
            XCTAssertEqual(f(0).sign, .minus)
        }
    }

    func testRoundsdWhereTheHostHasSSE41() throws {
        guard CPUFeatures.host.contains(.sse41) else { throw XCTSkip("no SSE4.1 on this CPU") }
        for (mode, x, expected) in [(RoundingMode.floor, -2.5, -3.0), (.ceil, -2.5, -2.0),
                                    (.truncate, -2.5, -2.0), (.nearestEven, 2.5, 2.0),
                                    (.nearestEven, 3.5, 4.0), (.floor, 7.0, 7.0)] {
            try run(DoubleFn1.self, { a in
                a.roundsd(.xmm0, .xmm0, mode)
                a.ret()
            }) { f in XCTAssertEqual(f(x), expected, "\(mode) \(x)") }
        }
    }

    /// Calls a Swift @convention(c) function by absolute address: through r11 when the pages are
    /// far from it, by `call rel32` when the pages could be mapped within reach (the second mmap
    /// hints an address 256 MiB past the target; where the kernel ignores the hint, both run far).
    func testCallToAbsoluteAddress() throws {
        let triple: IntFn1 = { $0 * 3 }
        let target = UInt64(UInt(bitPattern: unsafeBitCast(triple, to: UnsafeRawPointer.self)))
        for hint in [nil, UInt((target &+ 0x1000_0000) & ~0xFFFF)] {
            let pages = try ExecutablePages(near: hint)
            var a = Assembler(origin: pages.address)
            a.push(.rbx)                    // realigns rsp to 16 for the call
            let at = a.offset
            a.call(absolute: target)
            let near = Int64(bitPattern: target &- pages.address).magnitude < 0x7000_0000
            XCTAssertEqual(a.buffer.bytes[at], near ? 0xE8 : 0x49, "rel32 call iff within reach")
            a.alu(.add, .qword, .rax, imm: 1)
            a.pop(.rbx)
            a.ret()
            pages.install(a.finish())
            let f = unsafeBitCast(pages.base, to: IntFn1.self)
            XCTAssertEqual(f(5), 16)
        }
    }
}

final class CPUFeatureTests: XCTestCase {
    func testLeaf1Decoding() {
        XCTAssertTrue(CPUFeatures.fromLeaf1ECX(1 << 19).contains(.sse41))
        XCTAssertFalse(CPUFeatures.fromLeaf1ECX(~(1 << 19)).contains(.sse41))
        XCTAssertEqual(CPUFeatures.fromLeaf1ECX(0), [])
    }

    /// CPUID agrees with what the kernel reports (Linux), an independent reading of the same bit.
    func testHostMatchesTheKernelsFlags() throws {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flags = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else {
            throw XCTSkip("no /proc/cpuinfo")
        }
        let has = flags.split(separator: " ").contains("sse4_1")
        XCTAssertEqual(CPUFeatures.host.contains(.sse41), has)
        XCTAssertEqual(Assembler().features, CPUFeatures.host)
    }

    /// Absolute calls and jumps: rel32 from a known origin when in reach, else movabs + register.
    func testAbsoluteTargetEncodings() throws {
        var a = Assembler(features: .all, origin: 0x1000_0000)
        a.nop(3)
        a.call(absolute: 0x1000_0100)
        a.jmp(absolute: 0x0fff_0000)
        a.call(absolute: 0x1_2000_0000)          // beyond 2 GiB: through r11
        a.jmp(absolute: 0x7f00_0000_0000, scratch: .rax)
        var b = Assembler(features: .all)       // origin unknown: always through a register
        b.call(absolute: 0x1000)
        let expected: [UInt8] = [0x0F, 0x1F, 0x00,
                                 0xE8, 0xF8, 0x00, 0x00, 0x00,                   // 0x100 - 8
                                 0xE9, 0xF3, 0xFF, 0xFE, 0xFF,                   // -0x10000 - 13
                                 0x49, 0xBB, 0x00, 0x00, 0x00, 0x20, 0x01, 0x00, 0x00, 0x00, 0x41, 0xFF, 0xD3,
                                 0x48, 0xB8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x7F, 0x00, 0x00, 0xFF, 0xE0]
        XCTAssertEqual(hex(a.finish()), hex(expected))
        XCTAssertEqual(hex(b.finish()), "49 bb 00 10 00 00 00 00 00 00 41 ff d3")
        // objdump (where installed) decodes the rel32 forms to the intended absolute targets.
        guard ExternalTools.objdumpPath != nil else { return }
        let listing = try ExternalTools.objdump(a.finish(), vma: 0x1000_0000)
        XCTAssertTrue(listing.contains("call   0x10000100"), listing)
        XCTAssertTrue(listing.contains("jmp    0xfff0000"), listing)
    }
}
