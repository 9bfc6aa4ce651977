// Dead code removal: unreachable blocks, instructions whose results nothing live uses, and block
// parameters nothing live uses (with their arguments on every edge).
//
// Invariants: roots are guards (a guard that fails must still exit: dropping it could skip an
// error or a metamethod the interpreter would run), ops that write the heap or call out, and
// terminators; a live value keeps its operands and its exit's frame-state values live; a live
// parameter keeps the matching argument of every edge into its block live.

public enum DeadCode {
    public static func run(_ f: inout IRFunction) {
        f.keepBlocks(f.reachableBlocks())
        // Indexed by value number (a set of ValueIDs would hash every use).
        var live = [Bool](repeating: false, count: f.valueTypes.count)
        var work: [ValueID] = []
        func use(_ v: ValueID) { if !live[v.index] { live[v.index] = true; work.append(v) } }
        func useExit(_ e: Exit) { for s in e.state.slots { use(s.value) } }
        var defs = ValueMap<Instr>(capacity: f.valueTypes.count)
        var paramOf = ValueMap<(Int, Int)>()
        var incoming: [[[ValueID]]] = f.blocks.map { [[ValueID]](repeating: [], count: $0.params.count) }
        for (bi, b) in f.blocks.enumerated() {
            for (i, p) in b.params.enumerated() { paramOf[p] = (bi, i) }
            for ins in b.instrs {
                if let r = ins.result { defs[r] = ins }
                let info = ins.op.info
                if info.isGuard || info.effect >= .writesHeap {
                    ins.operands.forEach(use)
                    if let e = ins.exit { useExit(e) }
                    if let r = ins.result { use(r) }
                }
            }
            switch b.terminator {
            case .branch(let c, _, _)?: use(c)
            case .ret(let vs)?: vs.forEach(use)
            case .exit(let e)?: useExit(e)
            case .jump?, nil: break
            }
            for c in b.terminator?.successors ?? [] {
                for (i, a) in c.args.enumerated() { incoming[c.block.index][i].append(a) }
            }
        }
        while let v = work.popLast() {
            if let ins = defs[v] {
                ins.operands.forEach(use)
                if let e = ins.exit { useExit(e) }
            } else if let (b, i) = paramOf[v] {
                incoming[b][i].forEach(use)
            }
        }
        var drop: [Int: Set<Int>] = [:]
        for (bi, b) in f.blocks.enumerated() {
            f.blocks[bi].instrs = b.instrs.filter { ins in
                let info = ins.op.info
                return info.isGuard || info.effect >= .writesHeap || (ins.result.map { live[$0.index] } ?? false)
            }
            for (i, p) in b.params.enumerated() where !live[p.index] { drop[bi, default: []].insert(i) }
        }
        dropParams(&f, drop)
    }

    /// Remove parameters (block -> parameter positions) and the matching argument of every edge.
    static func dropParams(_ f: inout IRFunction, _ drop: [Int: Set<Int>]) {
        guard !drop.isEmpty else { return }
        func call(_ c: BlockCall) -> BlockCall {
            guard let d = drop[c.block.index] else { return c }
            return BlockCall(c.block, c.args.enumerated().filter { !d.contains($0.offset) }.map(\.element))
        }
        for bi in f.blocks.indices {
            switch f.blocks[bi].terminator {
            case .jump(let c)?: f.blocks[bi].terminator = .jump(call(c))
            case .branch(let v, let t, let e)?: f.blocks[bi].terminator = .branch(v, ifTrue: call(t), ifFalse: call(e))
            case .ret?, .exit?, nil: break
            }
        }
        for (bi, d) in drop {
            f.blocks[bi].params = f.blocks[bi].params.enumerated().filter { !d.contains($0.offset) }.map(\.element)
        }
        for (n, o) in f.osrEntries.enumerated() {
            guard let d = drop[o.block.index] else { continue }
            let regs = o.registers.enumerated().filter { !d.contains($0.offset) }.map(\.element)
            f.osrEntries[n].registers = regs
        }
    }
}
