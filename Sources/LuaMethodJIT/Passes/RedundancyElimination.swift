// Type facts and guard coalescing: a value is checked once per path. Walking the dominator tree,
// a pure op (type guards included: a value's tag never changes) equal to one that dominates it is
// replaced by it; a guard that reads the heap (array bounds, raw loads, slot reloads) is reused
// only within its block until something writes the heap or calls out. Block parameters that
// receive one value on every edge (besides themselves) are replaced by it, and two parameters of
// a block that receive the same value on every edge are one (a numeric for loop's internal index
// and the copy the body sees).
//
// Invariants: only equal ops over equal operands are merged; float constants are never keyed
// (0.0 and -0.0 compare equal but differ); the replacement dominates every use it takes over.

public enum RedundancyElimination {
    struct Key: Hashable { var op: IROp; var operands: [ValueID] }

    public static func run(_ f: inout IRFunction) {
        removeTrivialParams(&f)
        let idom = f.dominators()
        var children = [[Int]](repeating: [], count: f.blocks.count)
        for (b, d) in idom.enumerated() where b != 0 { if let d { children[d].append(b) } }
        var replace = ValueMap<ValueID>()
        var scopes: [[Key: ValueID?]] = []
        func lookup(_ k: Key) -> ValueID?? {
            for s in scopes.reversed() { if let v = s[k] { return v } }
            return nil
        }
        func visit(_ b: Int) {
            scopes.append([:])
            var local: [Key: ValueID?] = [:]
            var kept: [Instr] = []
            for var ins in f.blocks[b].instrs {
                ins.operands = ins.operands.map { replace[$0] ?? $0 }
                let info = ins.op.info
                var keyable = true
                if case .constFloat = ins.op { keyable = false }
                let key = Key(op: ins.op, operands: ins.operands)
                if keyable && info.effect == .pure {
                    if let prior = lookup(key) {
                        if let r = ins.result, let p = prior { replace[r] = p }
                        continue
                    }
                    scopes[scopes.count - 1][key] = ins.result
                    if case .guardFloat = ins.op {
                        // A float is a number: a later guardNumber of it is this guard's result.
                        scopes[scopes.count - 1][Key(op: .guardNumber, operands: ins.operands)] = ins.result
                    }
                } else if info.effect == .readsHeap {
                    if let prior = local[key] {
                        if let r = ins.result, let p = prior { replace[r] = p }
                        continue
                    }
                    local[key] = ins.result
                } else if info.effect >= .writesHeap {
                    local = [:]
                }
                kept.append(ins)
            }
            f.blocks[b].instrs = kept
            for c in children[b] { visit(c) }
            scopes.removeLast()
        }
        visit(0)
        f.replaceUses(replace)
    }

    /// A parameter whose incoming arguments are all itself or one other value w becomes w.
    static func removeTrivialParams(_ f: inout IRFunction) {
        var changed = true
        while changed {
            changed = false
            var incoming: [[Set<ValueID>]] = f.blocks.map { [Set<ValueID>](repeating: [], count: $0.params.count) }
            for b in f.blocks {
                for c in b.terminator?.successors ?? [] {
                    for (i, a) in c.args.enumerated() { incoming[c.block.index][i].insert(a) }
                }
            }
            var replace = ValueMap<ValueID>()
            var drop: [Int: Set<Int>] = [:]
            for (bi, b) in f.blocks.enumerated() where bi != 0 && !b.pinnedParams {
                for (i, p) in b.params.enumerated() {
                    let others = incoming[bi][i].subtracting([p])
                    if others.count == 1, let w = others.first, f.type(of: w) == f.type(of: p), replace[w] == nil {
                        replace[p] = w; drop[bi, default: []].insert(i)
                    }
                }
            }
            // Duplicates: p and q (q after p) equal on every edge, q passing as p on back-edges.
            for (bi, b) in f.blocks.enumerated() where bi != 0 && drop[bi] == nil {
                var edges: [[ValueID]] = []
                for src in f.blocks { for c in src.terminator?.successors ?? [] where c.block.index == bi { edges.append(c.args) } }
                for j in b.params.indices where replace[b.params[j]] == nil {
                    let q = b.params[j]
                    guard let i = b.params.indices.first(where: { i in
                        let p = b.params[i]
                        return i < j && replace[p] == nil && f.type(of: p) == f.type(of: q)
                            && edges.allSatisfy { ($0[i] == q ? p : $0[i]) == ($0[j] == q ? p : $0[j]) }
                    }) else { continue }
                    replace[q] = b.params[i]; drop[bi, default: []].insert(j)
                }
            }
            guard !replace.isEmpty else { return }
            changed = true
            DeadCode.dropParams(&f, drop)
            f.replaceUses(replace)
        }
    }
}
