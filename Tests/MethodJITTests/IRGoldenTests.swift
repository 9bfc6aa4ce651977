// Golden IR listings: each IRGolden/NAME.lua compiles (its first function) to IRGolden/NAME.ir,
// the IR straight from the builder and after the passes, validated at every step.
//
// To update the goldens after an intended change to the builder, a pass or the printer:
//     UPDATE_IR_GOLDEN=1 swift test --filter IRGoldenTests
// then read the diff of IRGolden/*.ir by hand before committing it.
//
// Feedback is given by hand, so the JIT's tests need no interpreter: a line
// `-- feedback: PC=KINDS ...` (KINDS from int, float, string, table, nil joined by |) sets the
// feedback word of the instruction at PC of the first function, numbered from 1 as in its bytecode
// listing; other instructions have none (never ran). KIND `function` is a Lua callee (CALL). A line
// `-- callee: PC=N` makes the N-th function of the chunk (1-based, the first is the one built)
// the callee the CALL at PC profiled, for the builder to take in; `-- callee-feedback:` lines give
// its feedback, as `-- feedback:` lines give the built function's. A line `-- iterator: PC=next`
// (or `=ipairs`) makes the TFORCALL at PC one that only ever called `next` (ipairs' iterator).
import Foundation
import XCTest
import LuaBytecode
import LuaFrontend
import LuaRuntime
@testable import LuaMethodJIT

final class IRGoldenTests: XCTestCase {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("IRGolden")

    func testListingsMatchGoldens() throws {
        let fm = FileManager.default
        let update = ProcessInfo.processInfo.environment["UPDATE_IR_GOLDEN"] == "1"
        let sources = try fm.contentsOfDirectory(atPath: Self.goldenDirectory.path)
            .filter { $0.hasSuffix(".lua") }.sorted()
        XCTAssertGreaterThanOrEqual(sources.count, 8)
        for name in sources {
            let src = Self.goldenDirectory.appendingPathComponent(name)
            let text = try String(contentsOf: src, encoding: .utf8)
            let actual: String
            do { actual = try IRTestSupport.goldenText(source: text, chunkName: name) } catch {
                XCTFail("\(name): \(error)"); continue
            }
            let golden = src.deletingPathExtension().appendingPathExtension("ir")
            if update { try actual.write(to: golden, atomically: true, encoding: .utf8); continue }
            let expected = (try? String(contentsOf: golden, encoding: .utf8)) ?? ""
            if actual != expected {
                XCTFail("\(name): IR differs from \(golden.lastPathComponent) "
                        + "(UPDATE_IR_GOLDEN=1 swift test --filter IRGoldenTests to update)\n"
                        + IRTestSupport.firstDifference(expected, actual))
            }
        }
    }
}

enum IRTestSupport {
    struct Failure: Error, CustomStringConvertible { var description: String }

    /// The first function defined in `source`, compiled.
    static func firstFunction(_ source: String, chunkName: String = "test") throws -> FunctionPrototype {
        guard case .success(let main) = compileChunk(Array(source.utf8), chunkName: "@" + chunkName) else {
            throw Failure(description: "does not compile")
        }
        guard let f = main.children.first else { throw Failure(description: "defines no function") }
        return f
    }

    /// Feedback words from `-- feedback: PC=KINDS ...` lines.
    static func feedback(_ source: String, count: Int, prefix: String = "-- feedback:") throws -> [UInt16] {
        var fb = [UInt16](repeating: 0, count: count)
        for line in source.split(separator: "\n") where line.hasPrefix(prefix) {
            for item in line.dropFirst(prefix.count).split(separator: " ") {
                let parts = item.split(separator: "=")
                guard parts.count == 2, let n = Int(parts[0]), n >= 1, n <= count else { throw Failure(description: "bad feedback \(item)") }
                for kind in parts[1].split(separator: "|") {
                    let tag: UInt8
                    switch kind {
                    case "int": tag = Tag.integer
                    case "float": tag = Tag.float
                    case "string": tag = Tag.string
                    case "table": tag = Tag.table
                    case "nil": tag = Tag.nil_
                    case "function": tag = Tag.luaClosure
                    default: throw Failure(description: "bad feedback kind \(kind)")
                    }
                    fb[n - 1] |= UInt16(1) << UInt16(tag)
                }
            }
        }
        return fb
    }

    static func build(_ source: String, chunkName: String = "test") throws -> IRFunction {
        let f = try firstFunction(source, chunkName: chunkName)
        var input = BuildInput(f, feedback: try feedback(source, count: f.code.count))
        // `-- osr: PC` (numbered from 1): build for on-stack replacement at that loop header.
        for line in source.split(separator: "\n") where line.hasPrefix("-- osr:") {
            guard let n = Int(line.dropFirst("-- osr:".count).trimmingCharacters(in: .whitespaces)) else {
                throw Failure(description: "bad osr line")
            }
            input.osrEntryPC = n - 1
        }
        for line in source.split(separator: "\n") where line.hasPrefix("-- callee:") {
            let parts = line.dropFirst("-- callee:".count).trimmingCharacters(in: .whitespaces).split(separator: "=")
            guard parts.count == 2, let pc = Int(parts[0]), let n = Int(parts[1]) else { throw Failure(description: "bad callee line") }
            guard case .success(let main) = compileChunk(Array(source.utf8), chunkName: "@" + chunkName),
                  n >= 1, n <= main.children.count else { throw Failure(description: "no function \(n)") }
            let c = main.children[n - 1]
            input.callTargets[pc - 1] = .lua(InlineCandidate(
                name: "function (\(chunkName):\(c.lineDefined))", proto: 0x1000 * UInt(n), code: c.code,
                constants: c.constants, numParams: c.numParams, maxStackSize: c.maxStackSize,
                feedback: try feedback(source, count: c.code.count, prefix: "-- callee-feedback:")))
        }
        for line in source.split(separator: "\n") where line.hasPrefix("-- iterator:") {
            let parts = line.dropFirst("-- iterator:".count).trimmingCharacters(in: .whitespaces).split(separator: "=")
            guard parts.count == 2, let pc = Int(parts[0]) else { throw Failure(description: "bad iterator line") }
            switch parts[1] {
            case "next": input.callTargets[pc - 1] = .intrinsic(.next, nativeIndex: 1)
            case "ipairs": input.callTargets[pc - 1] = .intrinsic(.ipairsIterator, nativeIndex: 2)
            default: throw Failure(description: "bad iterator \(parts[1])")
            }
        }
        let ir = IRBuilder.build(input)
        try ir.validate()
        return ir
    }

    static func goldenText(source: String, chunkName: String) throws -> String {
        let proto = try firstFunction(source, chunkName: chunkName)
        var ir = try build(source, chunkName: chunkName)
        var out = "-- bytecode\n" + listing(proto, recursive: false) + "-- built\n" + ir.listing
        try runPasses(&ir, validate: true)
        out += "-- after passes\n" + ir.listing
        return out
    }

    static func firstDifference(_ a: String, _ b: String) -> String {
        let la = a.split(separator: "\n", omittingEmptySubsequences: false)
        let lb = b.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(la.count, lb.count) {
            let x = i < la.count ? String(la[i]) : "<none>"
            let y = i < lb.count ? String(lb[i]) : "<none>"
            if x != y { return "line \(i + 1):\n  expected: \(x)\n  actual:   \(y)" }
        }
        return ""
    }
}

func runPasses(_ f: inout IRFunction, validate: Bool) throws {
    try PassPipeline.run(&f, validate: validate)
}
