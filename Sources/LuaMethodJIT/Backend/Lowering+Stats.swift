// Instruction counting in compiled code (`--jit-stats`, Tiering.swift `BytecodeCounts`): each block
// adds the number of instructions it stands for to its proto's `ranCompiled` as it starts; an exit
// stub takes back those of its block from the exit's pc on (the interpreter runs them, and counts
// them, once the frame has exited).
//
// Invariants: nothing is emitted unless the RuntimeLinks carry the counter's address (the VM
// counted when the code was made), so code made without counting is the same as before; the
// sequences use scratch0 and the flags only, which hold nothing at a block's start (the branch
// that led there has been taken) or in a stub before it boxes the frame state.
import LuaRuntime
import X64Assembler

extension Lowering {
    /// The instructions in `pcs`, as the interpreter counts them (IRFunction.countedInstructions).
    func instructionCount(_ pcs: Range<Int>) -> Int {
        pcs.reduce(0) { $0 + (f.countedInstructions[$1] ? 1 : 0) }
    }

    /// At the start of block b: its instructions are counted as run.
    mutating func emitBlockCount(_ b: Int) {
        guard let counter = runtime?.bytecodeCounter, f.blocks[b].countedAtStart, let pcs = f.blocks[b].bytecodes else { return }
        addToCounter(counter, instructionCount(pcs))
    }

    /// In the stub of exit `e`, made in block b: the block's instructions from the exit's pc on did
    /// not run here. (An exit whose pc is outside its block's instructions, like a hoisted guard's
    /// in a preheader, takes nothing back.)
    mutating func emitExitUncount(_ e: Exit, block b: Int) {
        guard let counter = runtime?.bytecodeCounter, b < f.blocks.count, let pcs = f.blocks[b].bytecodes,
              pcs.contains(e.state.pc) else { return }
        addToCounter(counter, -instructionCount(e.state.pc..<pcs.upperBound))
    }

    private mutating func addToCounter(_ counter: UnsafeMutableRawPointer, _ n: Int) {
        guard n != 0 else { return }
        a.movImm(RegisterRoles.scratch0, Int64(Int(bitPattern: counter)))
        a.alu(.add, .qword, Mem(RegisterRoles.scratch0, 0), imm: Int32(clamping: n))
    }
}
