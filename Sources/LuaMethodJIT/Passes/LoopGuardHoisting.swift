// Loop-invariant guard hoisting: a type guard at the top of a loop whose operand does not change
// in the loop is checked once, before the loop, instead of on every iteration.
//
// What moves: from the loop header block only, in order, pure ops and pure type guards whose
// operands are defined outside the loop (or moved already), and slot reloads (`loadReg`) when no
// op in the loop can write a slot (storeReg, or anything that calls out). A guard moves only when
// its frame state resumes at the header's own pc: with the header's parameters replaced by the
// values the loop is entered with, that state is exactly the interpreter's state on loop entry,
// so a failing hoisted guard resumes the interpreter at the loop header, as the unhoisted one
// would have on the first iteration. checkLimit never moves (it is the per-iteration interrupt
// check). Hoisted code lands in a block of its own on the entry edge (split when the entry edge
// is a branch), so a loop that runs zero times never executes it.

public enum LoopGuardHoisting {
    public static func run(_ f: inout IRFunction) {
        // Hoisting inserts blocks (renumbering); headers keep their relative order.
        var done = 0
        while true {
            let headers = f.blocks.indices.filter { f.blocks[$0].isLoopHeader }
            guard done < headers.count else { return }
            hoist(&f, header: headers[done])
            done += 1
        }
    }

    static func hoist(_ f: inout IRFunction, header h: Int) {
        let idom = f.dominators()
        guard idom[h] != nil else { return }
        func dominates(_ a: Int, _ b: Int) -> Bool {
            var x = b
            while true { if x == a { return true }; guard let d = idom[x], d != x else { return false }; x = d }
        }
        var preds = [[Int]](repeating: [], count: f.blocks.count)
        for (b, blk) in f.blocks.enumerated() { for s in blk.terminator?.successors ?? [] { preds[s.block.index].append(b) } }
        let latches = preds[h].filter { dominates(h, $0) }
        let entries = preds[h].filter { !dominates(h, $0) }
        guard !latches.isEmpty, entries.count == 1, let entry = entries.first,
              entry != h, preds[h].filter({ $0 == entry }).count == 1 else { return }
        // The natural loop: the header and every block reaching a latch without passing it.
        var loop: Set<Int> = [h], work = latches
        while let b = work.popLast() { if loop.insert(b).inserted { work += preds[b] } }
        var defBlock: [ValueID: Int] = [:]
        for (b, blk) in f.blocks.enumerated() {
            for p in blk.params { defBlock[p] = b }
            for i in blk.instrs { if let r = i.result { defBlock[r] = b } }
        }
        let slotsStable = !loop.contains { b in
            f.blocks[b].instrs.contains { i in
                if case .storeReg = i.op { return true }
                return i.op.info.effect == .mayCallOut
            }
        }
        // The values the loop is entered with, by header parameter.
        guard let entryCall = f.blocks[entry].terminator?.successors.first(where: { $0.block.index == h }) else { return }
        var entryValue: [ValueID: ValueID] = [:]
        for (p, a) in zip(f.blocks[h].params, entryCall.args) { entryValue[p] = a }
        var hoisted: [Instr] = [], kept: [Instr] = []
        var moved: Set<ValueID> = []
        func invariant(_ v: ValueID) -> Bool { moved.contains(v) || !(defBlock[v].map(loop.contains) ?? true) }
        for original in f.blocks[h].instrs {
            var ins = original
            let info = ins.op.info
            var movable = ins.operands.allSatisfy(invariant)
            switch ins.op {
            case .loadReg: movable = slotsStable
            case .checkLimit: movable = false
            case .checkTags, .checkBounds, .unbox, .arrayIndex:
                movable = false  // a check branches where it stands; what it proved holds below it only
            case .constInt, .constFloat, .constBool, .constNil, .constK, .storeReg, .box, .guardInt,
                 .guardFloat, .guardNumber, .guardMixed, .guardTable, .guardString, .guardFunction, .guardNonZero, .guardTrue,
                 .guardArrayBounds, .iadd, .isub, .imul, .ineg, .ifloordiv, .imod, .iudiv, .band, .bor,
                 .bxor, .bnot, .shl, .shr, .fadd, .fsub, .fmul, .fdiv, .fmod, .ffloordiv, .fpow, .fneg, .fsqrt,
                 .intToFloat, .icmp, .testBits, .fcmp, .truthy, .isNil, .eqShortString, .noneToClose, .stringByte, .stringMethod, .not, .arrayLoad, .arrayStore, .fieldLoad, .tableGetInt, .tableSetInt, .tableNext, .entryKey, .entryValue, .tableAppend, .tableGetStr, .tableSetStr, .tableRemoveLast,
                 .fieldStore, .getUpval, .setUpval, .arith, .compare, .getTable, .setTable, .call, .interp:
                movable = movable && info.effect == .pure
            }
            if movable, var e = ins.exit {
                // Resume at the header with the entry values, all of them available before the loop.
                for i in e.state.slots.indices { e.state.slots[i].value = entryValue[e.state.slots[i].value] ?? e.state.slots[i].value }
                movable = e.state.pc == f.blocks[h].pc && e.state.slots.allSatisfy { invariant($0.value) }
                ins.exit = e
            }
            if movable {
                hoisted.append(ins)
                if let r = ins.result { moved.insert(r) }
            } else {
                kept.append(original)
            }
        }
        guard !hoisted.isEmpty else { return }
        f.blocks[h].instrs = kept
        // A block of its own on the entry edge.
        let pre = f.newBlock(pc: f.blocks[h].pc)
        f.blocks[pre.index].instrs = hoisted
        f.blocks[pre.index].terminator = .jump(entryCall)
        let toPre = BlockCall(pre, [])
        switch f.blocks[entry].terminator {
        case .jump?: f.blocks[entry].terminator = .jump(toPre)
        case .branch(let c, let t, let e)?:
            f.blocks[entry].terminator = .branch(c, ifTrue: t.block.index == h ? toPre : t, ifFalse: e.block.index == h ? toPre : e)
        case .ret?, .exit?, nil: return
        }
        // Listing order: the new block just before its loop.
        var order = Array(f.blocks.indices.dropLast())
        order.insert(pre.index, at: order.firstIndex(of: h)!)
        f.reorderBlocks(order)
    }
}
