// The session scope through the embedding API: chunks compiled in a LuaSessionScope share the
// top-level locals earlier chunks declared, with Lua's scoping rules (LuaVM+Session.swift).

import Lua
import XCTest

final class SessionScopeTests: XCTestCase {
    /// Compiles and runs `source` in `scope`, keeping its locals; the results as strings.
    private func run(_ vm: LuaVM, _ scope: LuaSessionScope, _ source: String,
                     file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        guard case .function(let f) = vm.compile(Array(source.utf8), chunkName: "=t", in: scope) else {
            XCTFail("did not compile: \(source)", file: file, line: line)
            return []
        }
        let r = try vm.call(f)
        vm.keepLocals(of: f, in: scope)
        return try r.map { try vm.tostring($0) }
    }

    func testLocalsSharedAcrossChunks() throws {
        let vm = LuaVM()
        let scope = LuaSessionScope()
        _ = try run(vm, scope, "local a, b <const> = 1, 2 local c <close> = nil local _ENV = _ENV")
        XCTAssertEqual(scope.names, ["a", "b"])  // not the <close> variable, not _ENV
        XCTAssertEqual(try run(vm, scope, "a = a + 1 return a, b"), ["2", "2"])
        if case .syntaxError(let m, _) = vm.compile(Array("b = 3".utf8), chunkName: "=t", in: scope) {
            XCTAssertTrue(m.contains("attempt to assign to const variable 'b'"), m)
        } else {
            XCTFail("assigning a session <const> must not compile")
        }
        _ = try run(vm, scope, "function g() return a end")
        _ = try run(vm, scope, "a = 10")
        XCTAssertEqual(try run(vm, scope, "return g(), a"), ["10", "10"])
        // Shadowing: the new `a` is seen by later chunks, g keeps the old one.
        _ = try run(vm, scope, "local a = 'x'")
        XCTAssertEqual(try run(vm, scope, "return g(), a"), ["10", "x"])
        // A `return` in the middle of a chunk keeps what was declared before it.
        _ = try run(vm, scope, "local d = 4 if d then return end local e = 5")
        XCTAssertEqual(try run(vm, scope, "return d, e"), ["4", "nil"])
        // A chunk that fails keeps nothing new.
        XCTAssertThrowsError(try run(vm, scope, "local f = 6 error('no')"))
        XCTAssertEqual(try run(vm, scope, "return f"), ["nil"])
        XCTAssertEqual(try vm.tostring(vm.sessionLocal("d", in: scope)!), "4")
    }
}
