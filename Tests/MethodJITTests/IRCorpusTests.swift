// The builder and the passes over every function of the Lua script corpus (Tests/Scripts), under
// several feedback patterns: the IR must be valid straight from the builder and after every pass,
// and building must terminate without trapping. Also an OSR build at every loop header. A broad net for shapes the goldens do not show.
import Foundation
import XCTest
import LuaBytecode
import LuaFrontend
import LuaRuntime
@testable import LuaMethodJIT

final class IRCorpusTests: XCTestCase {
    func testEveryCorpusFunctionBuildsValidIR() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scripts")
        guard let walk = FileManager.default.enumerator(atPath: root.path) else { return XCTFail("no corpus") }
        let patterns: [UInt16] = [0, Feedback.intBit, Feedback.floatBit, Feedback.intBit | Feedback.floatBit,
                                  1 << UInt16(Tag.string) | Feedback.intBit]
        var functions = 0, instructions = 0, osrBuilds = 0
        for case let path as String in walk where path.hasSuffix(".lua") {
            let bytes = Array((try? Data(contentsOf: root.appendingPathComponent(path))) ?? Data())
            guard case .success(let main) = compileChunk(bytes, chunkName: "@" + path) else { continue }
            var work = [main]
            while let p = work.popLast() {
                work += p.children
                functions += 1; instructions += p.code.count
                for (n, bits) in patterns.enumerated() {
                    // Vary the pattern along the code too, so that neighbours disagree.
                    let fb = (0..<p.code.count).map { $0 % 3 == 0 ? patterns[(n + 1) % patterns.count] : bits }
                    var ir = IRBuilder.build(BuildInput(p, feedback: fb))
                    do { try PassPipeline.run(&ir, validate: true) } catch {
                        XCTFail("\(path):\(p.lineDefined) feedback pattern \(n): \(error)\n\(listing(p, recursive: false))")
                        return
                    }
                }
                // On-stack replacement at every loop header, under integer feedback.
                for header in BytecodeFlow(p.code).loopHeaders.keys.sorted() {
                    var input = BuildInput(p, feedback: [UInt16](repeating: Feedback.intBit, count: p.code.count))
                    input.osrEntryPC = header
                    var ir = IRBuilder.build(input)
                    osrBuilds += 1
                    do { try PassPipeline.run(&ir, validate: true) } catch {
                        XCTFail("\(path):\(p.lineDefined) OSR at \(header + 1): \(error)\n\(listing(p, recursive: false))")
                        return
                    }
                }
            }
        }
        XCTAssertGreaterThan(functions, 500, "the corpus was found")
        XCTAssertGreaterThan(osrBuilds, 100, "loops were found")
        print("IRCorpusTests: \(functions) functions, \(instructions) instructions, \(patterns.count) patterns each, \(osrBuilds) OSR builds")
    }
}
