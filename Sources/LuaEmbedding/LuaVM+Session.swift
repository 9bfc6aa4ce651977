// A REPL session's scope through the embedding API: chunks compiled inside the locals earlier
// chunks declared, and those locals kept as shared upvalue cells.
//
// Invariants:
//  - A session local is one upvalue cell, held by an anchored closure (`holder`, the chunk's
//    capture closure) at `index`. Every chunk compiled in the scope gets that very cell as its
//    upvalue, so the closures any chunk made over the local and all later chunks see one variable.
//  - A name declared again replaces its entry (shadowing): closures that captured the earlier
//    cell keep it, later chunks see the new one. A chunk's locals join only when it returned
//    normally (an error or an interrupt adds none; what it assigned to older locals stays).
//  - The rule for users is in REPL.md; the compiler's side is LuaFrontend/Parser+Session.swift.

import LuaBytecode
import LuaFrontend
import LuaRuntime

public final class LuaSessionScope {
    struct Cell {
        let holder: LuaRef
        let index: Int
        let readonly: Bool
    }
    var cells: [String: Cell] = [:]
    /// The visible names, in the order they were first declared.
    public private(set) var names: [String] = []

    public init() {}

    func declare(_ name: String, _ cell: Cell) {
        if cells[name] == nil { names.append(name) }
        cells[name] = cell
    }
}

extension LuaVM {
    /// Compiles a chunk inside `scope`: its free names resolve to the session's locals first, then
    /// to globals. The closure returned has the session's cells as its upvalues.
    public func compile(_ source: [UInt8], chunkName: String, in scope: LuaSessionScope) -> CompileOutcome {
        let names = scope.names
        let locals = names.map { SessionLocal(name: $0, readonly: scope.cells[$0]!.readonly) }
        switch compileSessionChunk(source, chunkName: chunkName, locals: locals) {
        case .failure(let e):
            return .syntaxError(message: e.message, incomplete: e.isIncomplete)
        case .success(let fp):
            let f = ref(core.newMainClosure(fp))
            let ups = LClosure.upvals(f.value.lclosure)
            // The upvalues after the capture cell are the session locals the chunk uses, by name.
            for (i, u) in fp.upvalues.enumerated() where i >= SessionLayout.firstLocalUpvalue {
                if let c = scope.cells[u.name] { ups[i] = cell(c) }
            }
            return .function(f)
        }
    }

    /// After `chunk`, compiled in `scope`, returned normally: its top-level locals join the scope.
    public func keepLocals(of chunk: LuaRef, in scope: LuaSessionScope) {
        guard chunk.value.tag == Tag.luaClosure else { return }
        let cl = chunk.value.lclosure
        guard cl.pointee.upvalCount > SessionLayout.captureUpvalue else { return }
        let capture = LClosure.upvals(cl)[SessionLayout.captureUpvalue].pointee.v.pointee
        guard capture.tag == Tag.luaClosure else { return }
        let holder = ref(capture)
        let info = core.protoInfo(of: capture.lclosure.pointee.proto)
        for (i, u) in info.upvalues.enumerated() {
            scope.declare(u.name, LuaSessionScope.Cell(holder: holder, index: i, readonly: u.kind == .constant))
        }
    }

    /// The value of session local `name`, nil when the scope has none.
    public func sessionLocal(_ name: String, in scope: LuaSessionScope) -> LuaRef? {
        guard let c = scope.cells[name] else { return nil }
        return ref(cell(c).pointee.v.pointee)
    }

    /// Sets session local `name` (which must exist); false when there is none.
    @discardableResult
    public func setSessionLocal(_ name: String, _ v: LuaRef, in scope: LuaSessionScope) -> Bool {
        guard let c = scope.cells[name] else { return false }
        cell(c).pointee.v.pointee = v.value
        return true
    }

    private func cell(_ c: LuaSessionScope.Cell) -> UnsafeMutablePointer<UpVal> {
        LClosure.upvals(c.holder.value.lclosure)[c.index]
    }
}
