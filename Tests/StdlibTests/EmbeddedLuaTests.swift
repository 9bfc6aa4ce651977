// EmbeddedLuaTests: Sources/LuaStdlib/EmbeddedLua.swift is current with stdlib/*.lua.
// If this fails, regenerate: sh stdlib/embed.sh > Sources/LuaStdlib/EmbeddedLua.swift

import Foundation
import XCTest
@testable import LuaStdlib

final class EmbeddedLuaTests: XCTestCase {
    func testEmbeddedSourcesAreCurrent() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let dir = root.appendingPathComponent("stdlib")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasSuffix(".lua") }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        XCTAssertEqual(EmbeddedLua.chunks.map { $0.name }, names,
                       "stdlib/*.lua and the embedded chunks differ; run: sh stdlib/embed.sh > Sources/LuaStdlib/EmbeddedLua.swift")
        for (name, source) in EmbeddedLua.chunks where names.contains(name) {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            XCTAssertEqual(source + "\n", text,
                           "\(name) changed; run: sh stdlib/embed.sh > Sources/LuaStdlib/EmbeddedLua.swift")
        }
    }
}
