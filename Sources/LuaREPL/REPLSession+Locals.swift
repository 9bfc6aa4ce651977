// The session's own locals: what a top-level `local` leaves to later lines, and `_`.
//
// Invariants:
//  - Every chunk the session compiles from typed text (lines, :time, :pp, :bytecode, :tier) is
//    compiled in `scope`, so it sees the locals earlier chunks left; only a chunk that returned
//    normally adds its top-level locals (LuaVM+Session.swift, REPL.md).
//  - `_` is a session local from the start; after results are printed it holds the first.

import LuaEmbedding

extension REPLSession {
    /// A fresh scope holding only `_` (at start and on :reset).
    static func newScope(_ vm: LuaVM) -> LuaSessionScope {
        let scope = LuaSessionScope()
        if case .function(let f) = vm.compile(Array("local _".utf8), chunkName: "=stdin", in: scope),
           (try? vm.call(f)) != nil {
            vm.keepLocals(of: f, in: scope)
        }
        return scope
    }

    /// Compiles typed text in the session's scope.
    func compileTyped(_ source: String) -> CompileOutcome {
        vm.compile(Array(source.utf8), chunkName: "=stdin", in: scope)
    }

    /// Calls a chunk compiled by `compileTyped`; when it returns normally its locals are kept.
    func callTyped(_ f: LuaRef) throws(LuaError) -> [LuaRef] {
        let results = try vm.call(f)
        vm.keepLocals(of: f, in: scope)
        return results
    }

    /// `_` := the first printed result.
    func rememberResult(_ results: [LuaRef]) {
        guard let first = results.first else { return }
        vm.setSessionLocal("_", first, in: scope)
    }
}
