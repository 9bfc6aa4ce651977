// Guard coalescing: the guards of one kind in a block are checked once, at the block's head, by a
// check that branches (it never exits) to a fast copy of the block without them, or else to a
// slow copy that keeps every original guard with its own exit and frame state, so that a failure
// still leaves at the exact instruction with the exact state the interpreter expects.
//
// What is coalesced, per block (after redundancy elimination and hoisting, so only the guards
// that remain): type guards (guardInt, guardFloat, guardTable, guardString) of values the head
// has (defined before the block, its parameters, or a slot reload with no write to its slot in
// between, which moves into the head), into one checkTags; and array-bounds guards of one table
// whose keys are base + c for constants c, into one checkBounds of the least and greatest c (its
// table and base known at the head, or proved by the checkTags before it), when no op calls out
// between the head and the guard (only the runtime can resize an array part). A group pays when
// it removes two guards or more; a lone type guard joins only when a bounds check needs its value.
//
// Shape: the head keeps the block's id, parameters and the instructions before the first
// coalesced guard; then one block per check (the checkTags first, then the unboxed values of the
// guards it proved, then each checkBounds), each false edge to the slow copy; the last true edge
// to the fast copy. The fast copy keeps the original values (unbox and arrayIndex stand for the
// removed guards' results); the slow copy defines fresh ones. When values of the block are used
// beyond it other than by its terminator, both copies jump to a join block that takes those
// values as parameters and holds the terminator; otherwise each copy ends in the terminator.
//
// Invariants: the output satisfies the validator's coalescing rules (IRValidator+Checks); block 0
// of an OSR build is left alone (its exits are the entry checks the engine counts as refusals);
// growth is bounded by JITLimits.maxCoalescedBlockInstructions. Dead code runs after it (unbox
// values nothing uses).

public enum GuardCoalescing {
    /// One combined bounds check: keys base + lo ... base + hi of one table.
    struct BoundsGroup {
        var table: ValueID
        var base: ValueID
        var lo: Int64
        var hi: Int64
        var guards: [Int]
    }

    struct Plan {
        /// Instructions before this index stay in the head.
        var prefixEnd: Int
        /// Slot reloads (instruction indices) moved into the head, in order.
        var moved: [Int]
        /// Type guards (instruction indices) the checkTags covers.
        var tags: [Int]
        var bounds: [BoundsGroup]
        var removed: Int { tags.count + bounds.reduce(0) { $0 + $1.guards.count } }
    }

    /// The kind a coalescable type guard checks.
    static func tagKind(_ op: IROp) -> BoxKind? {
        if case .guardInt = op { return .int }
        if case .guardFloat = op { return .float }
        if case .guardTable = op { return .table }
        if case .guardString = op { return .string }
        return nil
    }

    public static func run(_ f: inout IRFunction) {
        let original = f.blocks.count
        var budget = f.blocks.reduce(0) { $0 + $1.instrs.count }
        var added: [Int: [Int]] = [:]
        var defs = f.definitions()
        // Unreachable blocks need not be in SSA form (dead code drops them): left alone.
        let reachable = f.reachableBlocks()
        for b in 0..<original where reachable.contains(b) && !(b == 0 && f.isOSRBuild) {
            let n = f.blocks[b].instrs.count
            guard n <= JITLimits.maxCoalescedBlockInstructions, let plan = plan(f, b, defs),
                  n - plan.prefixEnd <= budget else { continue }
            budget -= n - plan.prefixEnd
            added[b] = apply(&f, b, plan)
            defs = f.definitions()
        }
        guard !added.isEmpty else { return }
        // Listing (and code) order: each block followed by its checks and copies.
        f.reorderBlocks((0..<original).flatMap { [$0] + (added[$0] ?? []) })
    }

    /// The first plan that pays, trying each guard of the block as the first coalesced one.
    static func plan(_ f: IRFunction, _ b: Int, _ defs: ValueMap<Instr>) -> Plan? {
        let instrs = f.blocks[b].instrs
        var at: [ValueID: Int] = [:]
        for (i, ins) in instrs.enumerated() { if let r = ins.result { at[r] = i } }
        for p0 in instrs.indices where tagKind(instrs[p0].op) != nil || instrs[p0].op == .guardArrayBounds {
            if let p = plan(instrs, from: p0, at, defs), p.tags.contains(p0) || p.bounds.contains(where: { $0.guards.contains(p0) }) {
                return p
            }
        }
        return nil
    }

    static func plan(_ instrs: [Instr], from p0: Int, _ at: [ValueID: Int], _ defs: ValueMap<Instr>) -> Plan? {
        // Slot reloads the head can make instead, and where the block has not called out yet.
        var movable: Set<Int> = [], written: Set<Int> = [], anyWrite = false
        var callFree = [Bool](repeating: false, count: instrs.count)
        var calledOut = false
        for i in p0..<instrs.count {
            callFree[i] = !calledOut
            let op = instrs[i].op
            if case .loadReg(let r) = op, !anyWrite, !written.contains(r) { movable.insert(i) }
            if case .storeReg(let r) = op { written.insert(r) }
            if case .setUpval = op { anyWrite = true }
            if op.info.effect == .mayCallOut { anyWrite = true; calledOut = true }
        }
        func inHead(_ v: ValueID) -> Bool {
            guard let q = at[v] else { return true }
            return q < p0 || movable.contains(q)
        }
        var tagCandidates: [Int] = []
        var proved: Set<ValueID> = []
        for i in p0..<instrs.count where tagKind(instrs[i].op) != nil && inHead(instrs[i].operands[0]) {
            tagCandidates.append(i)
            proved.insert(instrs[i].result!)
        }
        var groups: [BoundsGroup] = []
        for i in p0..<instrs.count where instrs[i].op == .guardArrayBounds && callFree[i] {
            let t = instrs[i].operands[0]
            let (base, c) = IRFunction.keyOffset(instrs[i].operands[1], defs)
            guard c.magnitude <= UInt64(JITLimits.maxCoalescedKeyOffset),
                  inHead(t) || proved.contains(t), inHead(base) || proved.contains(base) else { continue }
            if let g = groups.firstIndex(where: { $0.table == t && $0.base == base }) {
                groups[g].lo = min(groups[g].lo, c); groups[g].hi = max(groups[g].hi, c)
                groups[g].guards.append(i)
            } else {
                groups.append(BoundsGroup(table: t, base: base, lo: c, hi: c, guards: [i]))
            }
        }
        groups.removeAll { $0.guards.count < 2 }
        var tags = tagCandidates
        if tags.count < 2 {
            let needed = Set(groups.flatMap { [$0.table, $0.base] })
            tags = tags.filter { needed.contains(instrs[$0].result!) }
        }
        let plan = Plan(prefixEnd: p0, moved: [], tags: tags, bounds: groups)
        guard plan.removed >= 2 else { return nil }
        var moved: Set<Int> = []
        for i in tags { if let q = at[instrs[i].operands[0]], q >= p0 { moved.insert(q) } }
        return Plan(prefixEnd: p0, moved: moved.sorted(), tags: tags, bounds: groups)
    }
}
