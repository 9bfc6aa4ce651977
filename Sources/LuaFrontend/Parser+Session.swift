// REPL session chunks: a chunk compiled inside the scope of the locals earlier chunks declared.
//
// Invariants (the rule REPL.md states):
//  - A session chunk's main function has the upvalues `_ENV` (0), the capture cell (1, a name no
//    Lua code can spell), then one per session local the chunk uses (2...), named after it:
//    the session's names are distinct, so the name says which cell the upvalue is.
//  - Session locals are resolved after the chunk's own locals and before globals, exactly as
//    locals of an enclosing function: Lua's scoping rules hold inside the chunk unchanged.
//  - At every way the main function returns normally (its end, each `return` in it), before the
//    returned values are computed, a closure over the top-level locals then in scope (if any) is
//    stored in the capture cell: its upvalues are those locals' cells, shared with every closure the chunk
//    made over them. `<close>` variables are not captured (they end with their chunk); a
//    top-level `<const>` is kept in a register (not folded) so that it can be captured, readonly.
//    A top-level `local _ENV` is not captured either: `_ENV` always names the globals' upvalue.
import LuaBytecode

/// A local an earlier chunk left to the session, as the next chunk's compiler sees it.
public struct SessionLocal: Sendable {
    public var name: String
    /// Declared `<const>`: assigning to it is a compile error, as for any const variable.
    public var readonly: Bool
    public init(name: String, readonly: Bool) { self.name = name; self.readonly = readonly }
}

/// The index of the capture cell among a session chunk's upvalues, and of its first session local.
public enum SessionLayout {
    public static let captureUpvalue = 1
    public static let firstLocalUpvalue = 2
    /// The capture cell's name: not a Lua name, so no code can reach it.
    static let captureName = "(session)"
}

/// Compiles a REPL chunk in the scope of `locals` (see Parser+Session.swift).
public func compileSessionChunk(_ source: [UInt8], chunkName: String, locals: [SessionLocal]) -> ParseOutcome {
    compile(source, chunkName: chunkName, sessionLocals: locals)
}

extension Parser {
    /// True while the statement being compiled is at the top level of a session chunk.
    var atSessionTopLevel: Bool {
        sessionLocals != nil && fs.parent == nil && fs.blocks.count == 1
    }

    /// The main function's upvalue after `_ENV`: the capture cell. The session locals are added
    /// as they are used (sessionUpvalue).
    func declareSessionUpvalues(_ main: FuncState) {
        guard let locals = sessionLocals else { return }
        let capture = lex.strings.intern(Array(SessionLayout.captureName.utf8))
        main.upvalues.append(UpvalueDesc(inStack: false, index: SessionLayout.captureUpvalue, name: capture))
        for l in locals { sessionNames[lex.strings.intern(Array(l.name.utf8))] = l.readonly }
    }

    /// The main function's upvalue for session local `name` (added at its first use), or nil
    /// when the session has no such local.
    func sessionUpvalue(_ main: FuncState, _ name: StringID) throws -> Int? {
        guard let readonly = sessionNames[name] else { return nil }
        if main.upvalues.count >= FrontendLimits.maxUpvalues {
            throw limitError(FrontendLimits.maxUpvalues, "upvalues")
        }
        main.upvalues.append(UpvalueDesc(inStack: false, index: main.upvalues.count, name: name,
                                         kind: readonly ? .constant : .regular))
        return main.upvalues.count - 1
    }

    /// At a normal exit of a session chunk's main function: capture cell := a closure whose
    /// upvalues are the top-level locals in scope (innermost declaration of a name last).
    func emitSessionCapture() throws {
        guard sessionLocals != nil, let main = fs, main.parent == nil else { return }
        let topLevel = main.blocks.count > 1 ? main.blocks[1].activeVars : main.activeVarCount
        let kept = (0..<topLevel).filter {
            let v = main.localVar($0)
            return v.kind != .toBeClosed && v.kind != .compileTimeConstant && v.name != StringTable.Fixed.env
        }.suffix(FrontendLimits.maxUpvalues)  // past the limit, the latest declarations
        if kept.isEmpty { return }  // nothing to keep: the cell stays nil
        let child = FuncState(parser: self, parent: main)
        child.lineDefined = lex.line
        open(child)
        for i in kept {
            let v = main.localVar(i)
            child.upvalues.append(UpvalueDesc(inStack: true, index: v.register, name: v.name, kind: v.kind))
            markUpvalue(main, i)
        }
        let proto = try close(lastLine: lex.line)
        main.children.append(proto)
        if main.children.count - 1 > Instruction.maxBx { throw syntaxError("too many functions") }
        let reg = main.freeReg
        try main.reserveRegs(1)
        _ = main.emitABx(.closure, reg, main.children.count - 1)
        _ = main.emitABC(.setUpval, reg, SessionLayout.captureUpvalue, 0)
        main.freeReg -= 1
    }
}
