// EngineUnitTests: fixed cases for the VM-independent library engines (values checked with lua5.4).

import XCTest
import TestSupport
@testable import LuaStdlib

final class EngineUnitTests: XCTestCase {
    func testRandomMatchesLua() {
        // lua5.4: math.randomseed(42); print(math.random(1,100), math.random(), math.random(0), math.random(10))
        var g = RandomGenerator(seed1: 42, seed2: 0)
        XCTAssertEqual(g.nextInteger(1, 100), 50)
        XCTAssertEqual(String(format: "%.14g", g.nextFloat()), "0.54688311243421")
        XCTAssertEqual(Int64(bitPattern: g.next()), -3807604385970496171)
        XCTAssertEqual(g.nextInteger(1, 10), 6)
        var h = RandomGenerator(seed1: 1, seed2: 0)
        XCTAssertEqual(h.nextInteger(1, 1000), 414)
    }

    func testUTF8() throws {
        var out: [UInt8] = []
        for c: UInt32 in [72, 0x7FFF_FFFF, 0x10FFFF] { UTF8Codec.encode(c, into: &out) }
        XCTAssertEqual(out, [72, 253, 191, 191, 191, 191, 191, 244, 143, 191, 191])
        let s: [UInt8] = Array("aé€😀".utf8)
        try s.withUnsafeBufferPointer { sp in
            var i = 0
            var got: [UInt32] = []
            while i < sp.count {
                let (c, n) = try XCTUnwrap(UTF8Codec.decode(sp, i, strict: true))
                got.append(c)
                i = n
            }
            XCTAssertEqual(got, [97, 233, 8364, 128512])
            XCTAssertEqual(try UTF8Codec.offset(sp, -1, from: sp.count), 6)
            XCTAssertEqual(try UTF8Codec.offset(sp, 3, from: 0), 3)
            XCTAssertEqual(try UTF8Codec.offset(sp, 0, from: 2), 1)
            XCTAssertThrowsError(try UTF8Codec.offset(sp, 1, from: 2))
        }
        let sur: [UInt8] = [0xED, 0xA0, 0x80]
        sur.withUnsafeBufferPointer { sp in
            XCTAssertNil(UTF8Codec.decode(sp, 0, strict: true))
            XCTAssertEqual(UTF8Codec.decode(sp, 0, strict: false)?.0, 55296)
        }
        let overlong: [UInt8] = [0xC0, 0x80]
        overlong.withUnsafeBufferPointer { XCTAssertNil(UTF8Codec.decode($0, 0, strict: false)) }
    }

    func sorted(_ xs: [Int], _ less: @escaping (Int, Int) -> Bool = { $0 < $1 }) throws -> [Int] {
        var a = xs
        let box = Box(a)
        try SortAlgorithm.sort(xs.count, SortAccess<Int>(
            get: { i, _ in box.v[i - 1] }, set: { box.v[$0 - 1] = $1 }, less: { less($0, $1) }, interrupt: {}))
        a = box.v
        return a
    }
    final class Box { var v: [Int]; init(_ v: [Int]) { self.v = v } }

    func testSort() throws {
        var r = SplitMix64(seed: 5)
        for n in [0, 1, 2, 3, 4, 5, 10, 100, 1000] {
            for _ in 0..<20 {
                let xs = (0..<n).map { _ in r.below(n / 2 + 1) }
                XCTAssertEqual(try sorted(xs), xs.sorted())
                XCTAssertEqual(try sorted(xs, { $0 > $1 }), xs.sorted(by: >))
            }
        }
        XCTAssertEqual(try sorted(Array(0..<500)), Array(0..<500))
        XCTAssertEqual(try sorted(Array((0..<500).reversed())), Array(0..<500))
        // Inconsistent comparators: an error or some permutation, never a crash or hang.
        for n in [3, 12, 100, 1000] {
            let xs = (0..<n).map { _ in r.below(10) }
            do { _ = try sorted(xs, { _, _ in true }) } catch let e as LibraryError {
                XCTAssertEqual(e.message, "invalid order function for sorting")
            }
            do { _ = try sorted(xs, { _, _ in r.below(2) == 0 }) } catch is LibraryError {}
            do { _ = try sorted(xs, { $0 <= $1 }) } catch is LibraryError {}
        }
        XCTAssertThrowsError(try sorted([5, 4, 3, 2, 1, 6, 7, 8, 9, 10, 11, 12], { _, _ in true }))
    }
}

import LuaBytecode

final class ChunkDumpTests: XCTestCase {
    func sample() -> FunctionPrototype {
        let child = FunctionPrototype(source: "@x.lua", lineDefined: 3, lastLineDefined: 5, numParams: 1,
                                      isVararg: false, maxStackSize: 4,
                                      code: [Instruction(raw: 0x1234_5678), Instruction(raw: 7)], lineInfo: [3, 4],
                                      constants: [.string(Array("k\u{0}v".utf8)), .float(bits: (-0.0).bitPattern)],
                                      upvalues: [UpvalueDescriptor(inStack: true, index: 2, name: "up", kind: .constant)],
                                      localVariables: [LocalVariableInfo(name: "a", startPC: 0, endPC: 2)])
        return FunctionPrototype(source: "@x.lua", lineDefined: 0, lastLineDefined: 0, numParams: 0, isVararg: true,
                                 maxStackSize: 10, code: [Instruction(raw: 1), Instruction(raw: 2), Instruction(raw: 3)],
                                 lineInfo: [1, 2, 9], constants: [.nil, .boolean(true), .boolean(false), .integer(-5), .number(2.5)],
                                 upvalues: [UpvalueDescriptor(inStack: true, index: 0, name: "_ENV")], children: [child])
    }

    func same(_ a: FunctionPrototype, _ b: FunctionPrototype, strip: Bool) {
        XCTAssertEqual(a.source, strip ? "=?" : b.source)
        XCTAssertEqual(a.lineDefined, b.lineDefined)
        XCTAssertEqual(a.numParams, b.numParams)
        XCTAssertEqual(a.isVararg, b.isVararg)
        XCTAssertEqual(a.maxStackSize, b.maxStackSize)
        XCTAssertEqual(a.code, b.code)
        XCTAssertEqual(a.constants, b.constants)
        XCTAssertEqual(a.upvalues.map { $0.index }, b.upvalues.map { $0.index })
        XCTAssertEqual(a.lineInfo, strip ? [Int32](repeating: 0, count: b.code.count) : b.lineInfo)
        XCTAssertEqual(a.localVariables, strip ? [] : b.localVariables)
        XCTAssertEqual(a.children.count, b.children.count)
        for (x, y) in zip(a.children, b.children) { same(x, y, strip: strip) }
    }

    func testRoundTrip() throws {
        let f = sample()
        for strip in [false, true] {
            let bytes = ChunkDump.dump(f, strip: strip)
            same(try ChunkDump.undump(bytes, chunkName: "=t"), f, strip: strip)
        }
    }

    /// Truncated and mutated chunks are refused with an error, never a crash.
    func testDamagedChunksAreRefused() {
        let bytes = ChunkDump.dump(sample(), strip: false)
        for n in 0..<bytes.count {
            XCTAssertThrowsError(try ChunkDump.undump(Array(bytes[0..<n]), chunkName: "=t"))
        }
        var r = SplitMix64(seed: 11)
        for _ in 0..<3000 {
            var b = bytes
            for _ in 0..<(1 + r.below(4)) { b[r.below(b.count)] = UInt8(truncatingIfNeeded: r.next()) }
            _ = try? ChunkDump.undump(b, chunkName: "=t")
        }
        XCTAssertEqual((try? ChunkDump.undump(Array("\u{1b}Lxx".utf8), chunkName: "\u{1b}Lxx")) == nil, true)
    }
}
