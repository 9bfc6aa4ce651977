// Planned exits: where compiled code hands an instruction it has no lowering for to the
// interpreter. Each block is cut at its first such op that has an exit (a runtime call or an
// interpreted instruction carries the frame state of its own pc); the block then ends in an exit
// to that pc, and what followed becomes unreachable (dead code removes it).
//
// Invariants: an op the backend cannot lower and that has no exit (no frame state to resume at)
// leaves the function uncompilable; a planned exit is not a failed speculation (it never counts
// toward discarding code). The engine refuses code whose planned exits sit inside a loop (each
// iteration would leave and re-enter: slower than the interpreter) and whole-function code that
// exits at its first instruction (every call would enter only to leave).
import X64Assembler

struct PlannedExits {
    /// The pcs of the planned exits, inside a loop of the CFG or not.
    var inLoop: [Int] = []
    var outsideLoops: [Int] = []
    /// An op with no lowering and no exit, if any (the function cannot be compiled).
    var stuck: String?

    var all: [Int] { (inLoop + outsideLoops).sorted() }

    static func apply(_ f: inout IRFunction, features: CPUFeatures, runtime: Bool) -> PlannedExits {
        var r = PlannedExits()
        let cyclic = blocksOnCycles(f)
        for b in f.blocks.indices {
            guard let k = f.blocks[b].instrs.firstIndex(where: { !Backend.canLower($0.op, features: features, runtime: runtime) })
            else { continue }
            let ins = f.blocks[b].instrs[k]
            guard let e = ins.exit else {
                r.stuck = "\(ins.op.text) has no x86-64 lowering yet"
                return r
            }
            if cyclic.contains(b) { r.inLoop.append(e.state.pc) } else { r.outsideLoops.append(e.state.pc) }
            f.blocks[b].instrs.removeSubrange(k...)
            f.blocks[b].terminator = .exit(Exit(reason: .notCompiled, state: e.state))
        }
        if !r.all.isEmpty { DeadCode.run(&f) }
        return r
    }

    /// The blocks that lie on a cycle (some successor reaches them back).
    static func blocksOnCycles(_ f: IRFunction) -> Set<Int> {
        var out = Set<Int>()
        for b in f.blocks.indices {
            var seen = Set<Int>()
            var work = f.successors(BlockID(b)).map(\.index)
            while let x = work.popLast() {
                if x == b { out.insert(b); break }
                if seen.insert(x).inserted { work += f.successors(BlockID(x)).map(\.index) }
            }
        }
        return out
    }
}
