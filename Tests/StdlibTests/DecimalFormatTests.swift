// DecimalFormatTests: the exact %f/%e/%g path (LuaRuntime's DecimalFormat) and string.format's
// conversions (floats, integers, %s, %c) against C's vsnprintf, value by value and byte by byte.
//
// Invariants: every case is compared with glibc's output for the same format text; a mismatch
// names the value's bit pattern, the format and both texts. The generator is seeded, so a
// failure replays. Coverage is checked too: the ordinary cases must take the exact path, or a
// path that always fell back to printf would pass unnoticed.

import Foundation
import XCTest
@testable import LuaStdlib
import LuaRuntime
import TestSupport

/// One printf specification for a float.
struct FloatSpec {
    var flags: UInt8 = 0
    var width = 0          // 0: none
    var precision = -1     // -1: none
    var conv: UInt8

    var text: String {
        var s = "%"
        for (bit, c) in [(DecimalFormat.flagMinus, "-"), (DecimalFormat.flagPlus, "+"), (DecimalFormat.flagSpace, " "),
                         (DecimalFormat.flagHash, "#"), (DecimalFormat.flagZero, "0")] where flags & bit != 0 {
            s += c
        }
        if width > 0 { s += String(width) }
        if precision >= 0 { s += "." + String(precision) }
        return s + String(UnicodeScalar(conv))
    }
}

/// glibc's text for one double.
func cFormat(_ format: String, _ d: Double) -> String {
    var buf = [CChar](repeating: 0, count: 600)
    let n = withVaList([d]) { vsnprintf(&buf, 600, format, $0) }
    return String(decoding: buf[0..<Int(n)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

final class DecimalFormatTests: XCTestCase {
    var failures = 0

    /// DecimalFormat's text, or nil when it leaves the value to printf.
    func ours(_ d: Double, _ s: FloatSpec) -> String? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: DecimalFormat.maxLength) { b in
            guard let n = DecimalFormat.format(d, conversion: s.conv, flags: s.flags, width: s.width,
                                               precision: s.precision, into: b.baseAddress!) else { return nil }
            XCTAssertLessThanOrEqual(n, max(s.width, (s.precision < 0 ? 6 : s.precision) + 8, 45), "the documented bound")
            XCTAssertLessThanOrEqual(n, DecimalFormat.maxLength)
            return String(decoding: UnsafeBufferPointer(start: b.baseAddress, count: n), as: UTF8.self)
        }
    }

    /// Compares one case; returns whether the exact path took it.
    @discardableResult
    func check(_ d: Double, _ s: FloatSpec) -> Bool {
        let want = cFormat(s.text, d)
        guard let got = ours(d, s) else { return false }
        if got != want {
            failures += 1
            if failures <= 20 {
                XCTFail("0x\(String(d.bitPattern, radix: 16)) (\(cFormat("%.17g", d))) with \"\(s.text)\": ours [\(got)] printf [\(want)]")
            }
        }
        return true
    }

    /// The formats every special value goes through.
    static let fixedSpecs: [FloatSpec] = {
        var specs: [FloatSpec] = []
        for p in 0...20 { specs.append(FloatSpec(precision: p, conv: UInt8(ascii: "f"))) }
        for p in 0...17 { specs.append(FloatSpec(precision: p, conv: UInt8(ascii: "e"))) }
        for p in 0...17 { specs.append(FloatSpec(precision: p, conv: UInt8(ascii: "g"))) }
        let f = UInt8(ascii: "f"), e = UInt8(ascii: "e"), g = UInt8(ascii: "g")
        specs += [
            FloatSpec(conv: f), FloatSpec(conv: e), FloatSpec(conv: g), FloatSpec(conv: UInt8(ascii: "E")),
            FloatSpec(conv: UInt8(ascii: "G")), FloatSpec(precision: 14, conv: g),
            FloatSpec(flags: DecimalFormat.flagHash, conv: g),
            FloatSpec(flags: DecimalFormat.flagHash, precision: 0, conv: f),
            FloatSpec(flags: DecimalFormat.flagHash, precision: 0, conv: e),
            FloatSpec(flags: DecimalFormat.flagHash, precision: 0, conv: g),
            FloatSpec(flags: DecimalFormat.flagPlus, width: 8, precision: 3, conv: f),
            FloatSpec(flags: DecimalFormat.flagMinus, width: 10, precision: 2, conv: e),
            FloatSpec(flags: DecimalFormat.flagZero, width: 10, precision: 4, conv: f),
            FloatSpec(flags: DecimalFormat.flagZero | DecimalFormat.flagPlus, width: 14, conv: e),
            FloatSpec(flags: DecimalFormat.flagZero | DecimalFormat.flagMinus, width: 12, conv: g),
            FloatSpec(flags: DecimalFormat.flagSpace, conv: g),
            FloatSpec(flags: DecimalFormat.flagSpace | DecimalFormat.flagZero, width: 9, precision: 2, conv: UInt8(ascii: "G")),
            FloatSpec(width: 99, precision: 99, conv: f), FloatSpec(precision: 40, conv: e), FloatSpec(precision: 37, conv: g),
            FloatSpec(width: 5, precision: 1, conv: f), FloatSpec(width: 20, precision: 17, conv: g),
        ]
        return specs
    }()

    func randomSpec(_ r: inout SplitMix64) -> FloatSpec {
        var s = FloatSpec(conv: r.pick(Array("feEgG".utf8)))
        if r.chance(40) { for _ in 0..<r.below(4) { s.flags |= UInt8(1) << UInt8(r.below(5)) } }
        if r.chance(30) { s.width = 1 + r.below(r.chance(10) ? 99 : 25) }
        if r.chance(85) { s.precision = r.chance(5) ? r.below(100) : r.below(21) }
        return s
    }

    /// Values with something to get wrong: zeros, ties, powers of ten and their neighbours,
    /// carries out of the last digit, the ends of the double range.
    func specialValues() -> [Double] {
        var v: [Double] = [0.0, -0.0, 0.125, 2.5, 0.5, 1.5, 3.5, 1e15 + 0.5, 9.9999995, 0.99999995, 9.5, 99.5,
                           0.95, 0.05, 0.45, 1.45, 2.675, 1e23, 5e-324, Double.leastNormalMagnitude,
                           Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude, 2.2250738585072009e-308,
                           Double(1 << 53), Double(1 << 53) + 2, 1.0 / 3.0, 2.0 / 3.0, 0.1, 0.2, 0.3, 100, 1e16,
                           123456789012345678, 4.35, 0.015, 1.005, 1e-5, 1e-4, 0.0001, 999999.5, 9999995, 99999.95,
                           .infinity, -.infinity, Double(bitPattern: 0xFFF8_0000_0000_0000), Double.nan]
        for k in -40...45 {
            let p = Double("1e\(k)")!
            v += [p, p.nextUp, p.nextDown, 9.5 * p, 9.95 * p, 9.999999999999999 * p, 5 * p]
        }
        for k in -1074...1023 where k % 7 == 0 || abs(k) < 140 { v.append(Double(sign: .plus, exponent: k, significand: 1)) }
        return v + v.map { -$0 }
    }

    func testSpecialValuesMatchPrintf() {
        var taken = 0, total = 0
        for d in specialValues() {
            for s in Self.fixedSpecs {
                total += 1
                if check(d, s) { taken += 1 }
            }
        }
        XCTAssertGreaterThan(taken, total / 2, "the exact path took only \(taken) of \(total) cases")
    }

    /// Ties of the exact value at the precision asked: odd / 2^(P+1) with %.Pf, and integers
    /// ending in 5 with %e at one digit fewer than they have.
    func testTiesRoundHalfToEven() {
        var r = SplitMix64(seed: 7)
        for _ in 0..<40_000 {
            let p = r.below(21)
            let odd = (r.next() >> UInt64(11 + r.below(40))) | 1
            let d = Double(odd) / Double(sign: .plus, exponent: p + 1, significand: 1)
            XCTAssertTrue(check(d, FloatSpec(precision: p, conv: UInt8(ascii: "f"))), "a tie went to printf: \(d) %.\(p)f")
            check(-d, FloatSpec(precision: p, conv: UInt8(ascii: "f")))
            let n = (r.next() % 100_000_000_000_000) / 10 * 10 + 5
            let digits = String(n).count
            if digits < 2 { continue }
            XCTAssertTrue(check(Double(n), FloatSpec(precision: digits - 2, conv: UInt8(ascii: "e"))))
            check(Double(n), FloatSpec(precision: digits - 1, conv: UInt8(ascii: "g")))
        }
    }

    /// Rounding that carries into a new digit (9.99... to 10.0...), where %g may change form and
    /// glibc has its own rule ("%#g" of 999999.5 is "1.e+06"): values at and around the point
    /// where P significant digits round up to 10^k, every form, with and without '#'.
    func testCarriesIntoTheNextDecade() {
        for k in -12...30 {
            for p in 1...17 {
                let power = Double("1e\(k)")!
                let edge = Double("1e\(k - p)")! * 0.5  // half a unit in the P-th digit
                var d = power - edge
                for _ in 0..<3 { d = d.nextDown }
                for _ in 0..<7 {
                    for conv in Array("gGe".utf8) {
                        for flags in [0, DecimalFormat.flagHash] {
                            let q = conv == UInt8(ascii: "e") ? p - 1 : p
                            check(d, FloatSpec(flags: flags, precision: q, conv: conv))
                            check(-d, FloatSpec(flags: flags, width: 12, precision: q, conv: conv))
                        }
                    }
                    check(d, FloatSpec(precision: max(0, p - k), conv: UInt8(ascii: "f")))
                    check(d, FloatSpec(flags: DecimalFormat.flagHash, precision: max(0, p - k - 1), conv: UInt8(ascii: "f")))
                    d = d.nextUp
                }
            }
        }
    }

    /// Random doubles of several shapes, each with a few random formats and with %.14g, the
    /// tostring format; the ordinary ones must take the exact path.
    func testRandomValuesMatchPrintf() {
        var r = SplitMix64(seed: fuzzSeed(2024))
        let g14 = FloatSpec(precision: 14, conv: UInt8(ascii: "g"))
        var ordinaryMissed = 0
        for i in 0..<300_000 {
            let d: Double
            var ordinary = false
            switch i % 6 {
            case 0: d = Double(bitPattern: r.next())
            case 1: d = Double(r.below(10_000_000)) / 7; ordinary = true
            case 2: d = Double(r.below(10_000_000)) * 0.5; ordinary = true
            case 3:  // 1e-10 ... 1e20, uniform in the exponent
                d = pow(10, -10 + 30 * Double(r.next() >> 11) / 9007199254740992); ordinary = true
            case 4: d = Double(Int64(bitPattern: r.next()) >> r.below(64))
            default:  // 1e-30 ... 1e45
                d = (r.chance(50) ? -1 : 1) * pow(10, -30 + 75 * Double(r.next() >> 11) / 9007199254740992)
            }
            if !check(d, g14) && ordinary { ordinaryMissed += 1 }
            for _ in 0..<3 { check(d, randomSpec(&r)) }
            if ordinary {
                let p = r.below(18)
                if !check(d, FloatSpec(precision: p, conv: UInt8(ascii: "f"))) && abs(d) < 1e15 { ordinaryMissed += 1 }
                if !check(d, FloatSpec(precision: p, conv: UInt8(ascii: "e"))) { ordinaryMissed += 1 }
            }
        }
        XCTAssertEqual(ordinaryMissed, 0, "ordinary values that went to printf")
    }

    /// string.format end to end (specification parsing, flags in any order, the fallback) on
    /// random float conversions, against vsnprintf with the same text.
    func testStringFormatFloatsMatchPrintf() throws {
        var r = SplitMix64(seed: fuzzSeed(99))
        let values = specialValues()
        for i in 0..<60_000 {
            var spec = "%"
            for _ in 0..<r.below(4) { spec += r.pick(["-", "+", " ", "#", "0"]) }
            if r.chance(40) { spec += String(1 + r.below(99)) }
            if r.chance(80) { spec += "." + String(r.below(r.chance(10) ? 100 : 21)) }
            spec += String(r.pick(Array("feEgG")))
            let d = i % 2 == 0 ? r.pick(values) : Double(bitPattern: r.next()) * (r.chance(50) ? 1 : 0x1p-900)
            var args = TestArgs(values: [.float(d)])
            let out = try Array(spec.utf8).withUnsafeBufferPointer { try StringFormat.format($0, &args) }
            let got = String(decoding: out, as: UTF8.self), want = cFormat(spec, d)
            if got != want {
                failures += 1
                if failures <= 20 { XCTFail("0x\(String(d.bitPattern, radix: 16)) with \"\(spec)\": ours [\(got)] printf [\(want)]") }
            }
        }
    }

    /// The integer, %s and %c conversions written straight into the format buffer: random flags
    /// (each conversion's own set), widths and precisions against vsnprintf with "ll" added.
    func testStringFormatIntegersStringsCharsMatchPrintf() throws {
        var r = SplitMix64(seed: fuzzSeed(77))
        let flagSets: [Character: [String]] = ["d": ["-", "+", " ", "0"], "i": ["-", "+", " ", "0"], "u": ["-", "0"],
                                               "o": ["-", "#", "0"], "x": ["-", "#", "0"], "X": ["-", "#", "0"],
                                               "s": ["-"], "c": ["-"]]
        let strings: [[UInt8]] = [[], Array("a".utf8), Array("item".utf8), Array("hello, world".utf8),
                                  Array(repeating: 120, count: 150)]
        for _ in 0..<40_000 {
            let conv = r.pick(Array("diuoxXsc"))
            var spec = ""
            for _ in 0..<r.below(3) { spec += r.pick(flagSets[conv]!) }
            if r.chance(60) { spec += String(1 + r.below(r.chance(10) ? 99 : 20)) }
            if conv != "c" && r.chance(30) { spec += "." + String(r.below(r.chance(10) ? 100 : 25)) }
            var args: TestArgs
            let want: String
            var buf = [CChar](repeating: 0, count: 600)
            switch conv {
            case "s":
                let s = r.pick(strings)
                args = TestArgs(values: [.str(s)])
                let c = strdup(String(decoding: s, as: UTF8.self))!
                defer { free(c) }
                let n = withVaList([c]) { vsnprintf(&buf, 600, "%" + spec + "s", $0) }
                want = String(decoding: buf[0..<Int(n)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            case "c":
                let v = Int64(32 + r.below(95))
                args = TestArgs(values: [.int(v)])
                let n = withVaList([Int32(v)]) { vsnprintf(&buf, 600, "%" + spec + "c", $0) }
                want = String(decoding: buf[0..<Int(n)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            default:
                let v: Int64 = r.chance(20) ? r.pick([0, 1, -1, 7, Int64.max, Int64.min, 255, -255])
                                            : Int64(bitPattern: r.next()) >> r.below(64)
                args = TestArgs(values: [.int(v)])
                let n = withVaList([v]) { vsnprintf(&buf, 600, "%" + spec + "ll" + String(conv), $0) }
                want = String(decoding: buf[0..<Int(n)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            let format = "<%" + spec + String(conv) + ">"
            let out = try Array(format.utf8).withUnsafeBufferPointer { try StringFormat.format($0, &args) }
            let got = String(decoding: out, as: UTF8.self)
            if got != "<" + want + ">" {
                failures += 1
                if failures <= 20 { XCTFail("\(args.values) with \"\(format)\": ours [\(got)] printf [<\(want)>]") }
            }
        }
    }

    /// tostring of floats: %.14g, then ".0" when the text looks like an integer.
    func testToStringOfFloats() {
        var r = SplitMix64(seed: 3)
        var values = specialValues()
        for _ in 0..<50_000 { values.append(Double(bitPattern: r.next())); values.append(Double(r.below(1 << 30)) / 1024) }
        for d in values {
            var want = cFormat("%.14g", d)
            if !want.contains(where: { ".ein".contains($0) }) { want += ".0" }
            let got = LuaNumber.formatFloat(d)
            if got != want {
                failures += 1
                if failures <= 20 { XCTFail("tostring 0x\(String(d.bitPattern, radix: 16)): ours [\(got)] want [\(want)]") }
            }
        }
        XCTAssertEqual(LuaNumber.formatFloat(1e15), "1e+15")
        XCTAssertEqual(LuaNumber.formatFloat(100), "100.0")
        XCTAssertEqual(LuaNumber.formatFloat(-0.0), "-0.0")
    }
}
