// Guard coalescing's rewrite of one block by its plan: the head with the checks, the fast copy
// without the coalesced guards, the slow copy with all of them, and a join block when values of
// the block are used beyond it (see GuardCoalescing.swift for the shape).
//
// Invariants: the head keeps the block's id and parameters (edges into it, loop-header and OSR
// marks stay valid); the slow copy is the block's rest instruction for instruction, each result a
// fresh value of the same type, each exit the original's with its values renamed; every block
// added is entered only from the head's chain or the copies.

extension GuardCoalescing {
    /// Rewrites block b by `plan`; returns the blocks added, in listing order.
    static func apply(_ f: inout IRFunction, _ b: Int, _ plan: Plan) -> [Int] {
        let block = f.blocks[b]
        let pc = block.pc, term = block.terminator!
        let movedSet = Set(plan.moved), tagSet = Set(plan.tags)
        let boundsSet = Set(plan.bounds.flatMap(\.guards))
        let rest = block.instrs.indices.dropFirst(plan.prefixEnd).filter { !movedSet.contains($0) }
        let restResults = rest.compactMap { block.instrs[$0].result }
        // By value number: `note` runs on every operand of the function.
        var inRest = [Bool](repeating: false, count: f.valueTypes.count)
        for v in restResults { inRest[v.index] = true }

        // Values of the rest used beyond the block other than by its terminator: they go to a join.
        var escaping: Set<ValueID> = []
        func note(_ v: ValueID) { if v.index < inRest.count && inRest[v.index] { escaping.insert(v) } }
        for (ob, other) in f.blocks.enumerated() where ob != b {
            for ins in other.instrs { ins.operands.forEach(note); ins.exit?.state.slots.forEach { note($0.value) } }
            for v in RegisterAllocator.uses(other.terminator!) { note(v) }
        }

        // With a join, the compare its branch tests moves into it when nothing else uses it: the
        // branch then still tests the compare's flags, not a bool handed over.
        var joinCompare: Int?
        if !escaping.isEmpty, case .branch(let c, let t, let e) = term, !escaping.contains(c), !(t.args + e.args).contains(c),
           let i = rest.first(where: { block.instrs[$0].result == c }), isCompare(block.instrs[i].op),
           !rest.contains(where: { k in block.instrs[k].operands.contains(c)
                                       || block.instrs[k].exit?.state.slots.contains { $0.value == c } == true }) {
            joinCompare = i
        }
        let copied = rest.filter { $0 != joinCompare }

        let fast = f.newBlock(pc: pc), slow = f.newBlock(pc: pc)
        var chain: [Int] = []
        // The checks, each ending a block of the chain: the head first.
        var checks: [(IROp, [ValueID])] = []
        var unboxed = ValueMap<ValueID>()
        var unboxes: [Instr] = []
        if !plan.tags.isEmpty {
            let guards = plan.tags.map { block.instrs[$0] }
            checks.append((.checkTags(guards.map { tagKind($0.op)! }), guards.map { $0.operands[0] }))
            for g in guards {
                let k = tagKind(g.op)!, u = f.newValue(k.unboxedType)
                unboxes.append(Instr(op: .unbox(k), operands: g.operands, result: u, exit: nil))
                unboxed[g.result!] = u
            }
        }
        for g in plan.bounds {
            checks.append((.checkBounds(min: g.lo, max: g.hi), [unboxed[g.table] ?? g.table, unboxed[g.base] ?? g.base]))
        }
        var current = b
        var instrs = Array(block.instrs[..<plan.prefixEnd]) + plan.moved.map { block.instrs[$0] }
        for (k, (op, operands)) in checks.enumerated() {
            let cond = f.newValue(.bool)
            instrs.append(Instr(op: op, operands: operands, result: cond, exit: nil))
            let next = k == checks.count - 1 ? fast : f.newBlock(pc: pc)
            if next != fast { chain.append(next.index) }
            f.blocks[current].instrs = instrs
            f.blocks[current].terminator = .branch(cond, ifTrue: BlockCall(next, []), ifFalse: BlockCall(slow, []))
            current = next.index
            // What the checkTags proved, unboxed where the checks after it can use it.
            instrs = k == 0 ? unboxes : []
        }

        // The fast copy: the original values; unbox and arrayIndex stand for the guards removed.
        var fastInstrs = instrs
        for i in copied where !tagSet.contains(i) {
            var ins = block.instrs[i]
            if boundsSet.contains(i) { ins.op = .arrayIndex; ins.exit = nil }
            fastInstrs.append(ins)
        }
        f.blocks[fast.index].instrs = fastInstrs
        // (--jit-stats: the head counted the block's instructions; the copies' exits take back.)
        for copy in [fast.index, slow.index] {
            f.blocks[copy].bytecodes = block.bytecodes
            f.blocks[copy].countedAtStart = false
        }
        // The slow copy: every instruction, each result fresh.
        var fresh = ValueMap<ValueID>()
        for v in restResults.sorted() { fresh[v] = f.newValue(f.type(of: v)) }
        f.blocks[slow.index].instrs = copied.map { i in
            var ins = block.instrs[i]
            ins.result = ins.result.map { fresh[$0]! }
            return ins
        }

        var added = chain + [fast.index]
        if escaping.isEmpty {
            f.blocks[fast.index].terminator = term
            f.blocks[slow.index].terminator = term
        } else {
            // A join takes the values the rest hands on (to its terminator or beyond the block).
            let moved = joinCompare.map { block.instrs[$0] }
            for v in RegisterAllocator.uses(term) where v != moved?.result { note(v) }
            moved?.operands.forEach(note)
            let handed = escaping.sorted()
            let join = f.newBlock(pc: pc, params: handed.map { f.type(of: $0) })
            f.blocks[join.index].instrs = moved.map { [$0] } ?? []
            f.blocks[join.index].terminator = term
            f.blocks[fast.index].terminator = .jump(BlockCall(join, handed))
            f.blocks[slow.index].terminator = .jump(BlockCall(join, handed))
            var toJoin = ValueMap<ValueID>()
            for (v, p) in zip(handed, f.blocks[join.index].params) { toJoin[v] = p }
            let mine = Set(chain + [b, fast.index, slow.index])
            f.replaceUses(toJoin, only: Set(f.blocks.indices).subtracting(mine))
            added.append(join.index)
        }
        f.replaceUses(unboxed, only: [fast.index])
        f.replaceUses(fresh, only: [slow.index])
        return added + [slow.index]
    }

    static func isCompare(_ op: IROp) -> Bool {
        if case .icmp = op { return true }
        if case .fcmp = op { return true }
        return false
    }
}
