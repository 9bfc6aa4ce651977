// The out-of-line slow path of compiled code's limit check (checkLimit): where its one
// compare-and-branch goes when the compare fails, so that a profiler tick is taken without leaving
// the machine code (ARCHITECTURE.md §5).
//
// The fast path is unchanged: one compare of the frame (its top at entry, its base at a loop
// header) with VMState's limit word and one branch, now to this slow path instead of the exit
// stub. The slow path calls `VM.compiledLimitCheck` (the VM, the check's pc) through the one helper
// call sequence (HelperCalls.swift: the caller-saved registers live across the check or read by
// its exit's frame state are saved, rsp stays 16-aligned), which takes a pending profiler tick
// (the running frame's tier: compiled) and restores the limit: answer 0, and the code compares
// again (a request that arrived meanwhile fails it again; a stack overflow at an entry fails it
// again and is not a tick). Answer 1 (an overflow, or any other request, which the helper posted
// again) goes to the exit stub the check always had: the interpreter serves it there, as before.
//
// Invariants: only code made with RuntimeLinks has the slow path (IR lowered alone has no VM to
// name: its failing compare goes straight to the stub); the stub is made where the check is, so
// stub order and exit attribution are the same as without the slow path; stress mode's forced
// exit comes before the compare (Lowering.stressTrigger) and is untouched.
import LuaRuntime
import X64Assembler

/// A check's slow path, placed after the blocks.
struct LimitCheckSlowPath {
    var ins: Instr
    var position: Int
    var block: Int
    var entry: Label
    /// Bound at the check's compare (the code compares again after a tick).
    var retry: Label
    var exit: Label
}

extension Helpers {
    /// (VM, pc) -> 0: compare again; 1: exit (`VM.compiledLimitCheck`).
    static let limitCheck = unsafeBitCast(VM.compiledLimitCheck, to: UInt.self)
}

extension Lowering {
    /// checkLimit: `compare` sets the flags (above: the check fails), then one branch to the
    /// slow path (with RuntimeLinks) or the exit stub; the slow path comes back to the compare.
    mutating func limitCheck(_ ins: Instr, compare: (inout Assembler) -> Void) {
        guard let e = ins.exit else { preconditionFailure("checkLimit without exit") }
        let retry = a.newLabel(), exit = stub(e)
        a.bind(retry)
        compare(&a)
        guard runtime != nil else { a.jcc(.above, exit); return }
        let entry = a.newLabel()
        a.jcc(.above, entry)
        limitCheckSlowPaths.append(LimitCheckSlowPath(ins: ins, position: position, block: currentBlock,
                                                      entry: entry, retry: retry, exit: exit))
    }

    mutating func emitLimitCheckSlowPaths() {
        guard let links = runtime else { return }
        let (savedPosition, savedBlock) = (position, currentBlock)
        for c in limitCheckSlowPaths {
            (position, currentBlock) = (c.position, c.block)
            slowPathOffsets.append((a.offset, c.block, c.position - blockStarts[c.block] - 1))
            a.bind(c.entry)
            callHelper(Helpers.limitCheck, for: c.ins,
                       gp: [.immediate(Int64(Int(bitPattern: links.vm))), .immediate(Int64(c.ins.exit!.state.pc))])
            a.test(.qword, RegisterRoles.scratch0, RegisterRoles.scratch0)
            a.jcc(.equal, c.retry)
            a.jmp(c.exit)
        }
        limitCheckSlowPaths = []
        (position, currentBlock) = (savedPosition, savedBlock)
    }
}
