// Editing helpers the passes share: replacing uses, finding predecessors, dropping blocks.
//
// Invariants: a replacement never changes a use's type (asserted); block removal renumbers the
// survivors in their old order and keeps the entry first.

extension IRFunction {
    /// Every use of a key (operands, frame states, terminators) becomes its value (chains followed),
    /// in every block or only in `only`'s.
    public mutating func replaceUses(_ map: ValueMap<ValueID>, only: Set<Int>? = nil) {
        guard !map.isEmpty else { return }
        func r(_ v: ValueID) -> ValueID {
            var x = v
            while let y = map[x] { x = y }
            return x
        }
        for k in map.keys { assert(type(of: k) == type(of: r(k)), "a replacement keeps the type") }
        func fs(_ e: Exit) -> Exit {
            var e = e
            for i in e.state.slots.indices { e.state.slots[i].value = r(e.state.slots[i].value) }
            return e
        }
        func call(_ c: BlockCall) -> BlockCall { BlockCall(c.block, c.args.map(r)) }
        for b in blocks.indices where only?.contains(b) ?? true {
            for i in blocks[b].instrs.indices {
                blocks[b].instrs[i].operands = blocks[b].instrs[i].operands.map(r)
                if let e = blocks[b].instrs[i].exit { blocks[b].instrs[i].exit = fs(e) }
            }
            switch blocks[b].terminator {
            case .jump(let c)?: blocks[b].terminator = .jump(call(c))
            case .branch(let v, let t, let f)?: blocks[b].terminator = .branch(r(v), ifTrue: call(t), ifFalse: call(f))
            case .ret(let vs)?: blocks[b].terminator = .ret(vs.map(r))
            case .exit(let e)?: blocks[b].terminator = .exit(fs(e))
            case nil: break
            }
        }
    }

    /// Keep only the blocks in `keep` (the entry must be among them); jumps to dropped blocks must
    /// not remain.
    public mutating func keepBlocks(_ keep: Set<Int>) {
        reorderBlocks(blocks.indices.filter { keep.contains($0) })
    }

    /// Put blocks in the listed order (the entry first), dropping the unlisted ones.
    public mutating func reorderBlocks(_ order: [Int]) {
        precondition(order.first == 0, "the entry stays first")
        var newIndex = [Int](repeating: -1, count: blocks.count)
        var out: [Block] = []
        for i in order { newIndex[i] = out.count; out.append(blocks[i]) }
        func call(_ c: BlockCall) -> BlockCall { BlockCall(BlockID(newIndex[c.block.index]), c.args) }
        for i in out.indices {
            switch out[i].terminator {
            case .jump(let c)?: out[i].terminator = .jump(call(c))
            case .branch(let v, let t, let f)?: out[i].terminator = .branch(v, ifTrue: call(t), ifFalse: call(f))
            case .ret?, .exit?, nil: break
            }
        }
        blocks = out
        osrEntries = osrEntries.compactMap { o in
            let n = newIndex[o.block.index]
            return n < 0 ? nil : OSREntry(pc: o.pc, block: BlockID(n), registers: o.registers,
                                          invariantRegisters: o.invariantRegisters)
        }
    }

    /// Blocks reachable from the entry (OSR entries are loop headers, reachable from it too).
    public func reachableBlocks() -> Set<Int> {
        var seen: Set<Int> = [0], work = [0]
        while let b = work.popLast() {
            for s in successors(BlockID(b)) where !seen.contains(s.index) { seen.insert(s.index); work.append(s.index) }
        }
        return seen
    }

    /// The value each instruction result is defined by (for folding and pattern matching).
    public func definitions() -> ValueMap<Instr> {
        var d = ValueMap<Instr>(capacity: valueTypes.count)
        for b in blocks { for i in b.instrs { if let r = i.result { d[r] = i } } }
        return d
    }
}
