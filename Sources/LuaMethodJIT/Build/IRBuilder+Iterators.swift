// The generic for over `next` (what pairs returns) and over ipairs' iterator, compiled without a
// call: a TFORCALL whose profile names one of them (the interpreter stores the native iterator it
// called last, Objects.swift `CallProfile`; the engine matches it by index, JITEngine+Profile)
// becomes the iterator's own step behind a guard of its identity, fused with the TFORLOOP after it.
//  - ipairs: control + 1, and the table's value there (tableGetInt: array or hash part, the
//    iterator's lookup for a table without a metatable); the loop ends at the first nil.
//  - next: the traversal position after the control key (tableNext: LTable.nextPosition, the
//    interpreter's `next` itself), then the key and the value there, loaded in line.
// LuaJIT compiles pairs and ipairs loops this way (an iterator specialised to its traversal index).
//
// Invariants: every guard exits to the TFORCALL with the frame as the interpreter left it (the
// iterator not called yet): the iterator is not the one taken in (callTarget), the state is not
// a table (notTable), ipairs' control is not an integer (notInteger), ipairs met a nil where a
// metatable could answer (nilNeedsMetatable: __index runs in the interpreter), `next` was given a
// key the table does not hold (nextKeyMissing: the interpreter raises the error). Nothing is
// written before the last guard; the results go to the TFORCALL's registers and the control
// register exactly as the TFORCALL and TFORLOOP would leave them (C results, nil past the first
// two; all nil at the end). Neither step can run Lua code, allocate or yield.
import LuaBytecode

extension FunctionBuilder {
    /// TFORCALL at pc and the TFORLOOP at pc + 1 over an iterator taken in: true when built (the
    /// block ends with the loop's branch), false to leave the TFORCALL as it was.
    ///
    /// From the loop's TFORPREP at `prepPC` (the loop entered from the top: the first step, whose
    /// edges into the body and out of the loop are forward ones, so the body's start becomes a
    /// loop header like a numeric for's), the prepare's one effect is checked first: a closing
    /// value (the generic for's fourth value, a to-be-closed variable) is the interpreter's, which
    /// then runs the TFORPREP. Without one the TFORPREP only jumps to the TFORCALL, so the step's
    /// guards may resume there.
    mutating func genericForStep(_ pc: Int, _ i: Instruction, _ what: Intrinsic, nativeIndex: Int,
                                 prepPC: Int? = nil) -> Bool {
        let a = i.a, results = i.c
        guard results >= 1, pc + 1 < input.code.count, input.code[pc + 1].opcode == .tForLoop,
              input.code[pc + 1].a == a else { return false }
        let back = pc + 2 - input.code[pc + 1].bx, exit = pc + 2
        if let prepPC, back != prepPC + 1 { return false }
        let saved = self
        if let prepPC {
            let closing = get(a + 3)
            if f.type(of: closing) == .value && constOf[closing] == nil {
                emit(.guardTrue(.notCompiled), [append(.not, [truth(closing)])!], pc: prepPC)
            } else if case .constNil? = constOf[closing] {
                // nothing to close
            } else if f.type(of: closing) != .bool {
                self = saved
                return false  // a closing value known not to be nil: the interpreter's
            } else {
                emit(.guardTrue(.notCompiled), [append(.not, [closing])!], pc: prepPC)
            }
        }
        emit(.guardFunction(.native(index: nativeIndex, name: what.rawValue)), [boxed(get(a))], pc: pc)
        let t = table(a + 1, pc)
        let key: ValueID, value: ValueID, done: ValueID
        switch what {
        case .ipairsIterator:
            let k = append(.iadd, [int(a + 2, pc), append(.constInt(1))!])!
            value = emit(.tableGetInt, [t, k], pc: pc)!
            key = k
            done = append(.isNil, [value])!
        case .next:
            let position = emit(.tableNext, [t, boxed(get(a + 2))], pc: pc)!
            key = append(.entryKey, [t, position])!
            value = append(.entryValue, [t, position])!
            done = append(.isNil, [key])!
        case .sqrt, .tableInsert, .tableRemove, .stringByte:
            self = saved
            return false
        }
        var body = env, end = env
        let none = append(.constNil)!
        for r in (a + 4)..<(a + 4 + results) {
            body[r] = r == a + 4 ? key : r == a + 5 ? value : none
            end[r] = none
        }
        body[a + 2] = key  // TFORLOOP: the control variable takes the first result
        branch(done, exit, end, back, body, pc: prepPC ?? pc + 1)
        return true
    }
}
