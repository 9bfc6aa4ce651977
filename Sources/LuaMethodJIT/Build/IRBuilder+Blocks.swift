// The builder's control flow: blocks by pc, edges waiting for their target, merges into block
// parameters, loop headers (parameters, invariants, OSR entries, the limit check) and back-edges.
//
// Invariants: a forward edge's arguments are set when its target starts, after every forward
// predecessor was built (pc order); a back-edge's arguments are set at once, coerced to the
// header's parameter types, and anything it contradicts becomes a hint for the next round.
import LuaBytecode

extension FunctionBuilder {
    mutating func block(_ pc: Int) -> BlockID {
        if let b = blockAt[pc] { return b }
        let b = f.newBlock(pc: pc)
        blockAt[pc] = b
        return b
    }

    mutating func goto(_ t: Int, from pc: Int) {
        terminate(.jump(BlockCall(target(t, env, from: pc), [])), edges: [(t, env)], pc: pc)
    }

    mutating func branch(_ c: ValueID, _ t: Int, _ tEnv: [ValueID?], _ e: Int, _ eEnv: [ValueID?], pc: Int) {
        terminate(.branch(c, ifTrue: BlockCall(target(t, tEnv, from: pc), []),
                          ifFalse: BlockCall(target(e, eEnv, from: pc), [])),
                  edges: [(t, tEnv), (e, eEnv)], pc: pc)
    }

    /// The block an edge to pc goes to. In an OSR build, a jump back to a loop before the entry
    /// (never compiled) goes to a block that leaves for the interpreter there.
    mutating func target(_ t: Int, _ e: [ValueID?], from pc: Int) -> BlockID {
        if t <= pc && headerRegs[t] == nil && blockAt[t] == nil {
            precondition(input.osrEntryPC != nil, "a back-edge goes to a loop header built before it")
            let saved = env
            env = e
            let x = f.newBlock(pc: t)
            f.blocks[x.index].terminator = .exit(Exit(reason: .leftOSRRegion, state: state(t)))
            env = saved
            outside.insert(x)
            return x
        }
        return block(t)
    }

    /// End the current block; forward edges wait for their target, back-edges get arguments now.
    mutating func terminate(_ t: Terminator, edges: [(Int, [ValueID?])], pc: Int) {
        let from = cur!
        f.blocks[from.index].terminator = t
        for (i, (target, e)) in edges.enumerated() where !outside.contains(t.successors[i].block) {
            let edge = PendingEdge(from: from, index: i, env: e)
            if target <= pc && headerRegs[target] != nil { backEdge(edge, target) }
            else { pending[target, default: []].append(edge) }
        }
        cur = nil
    }

    mutating func setArgs(_ edge: PendingEdge, _ args: [ValueID]) {
        guard var t = f.blocks[edge.from.index].terminator else { return }
        switch t {
        case .jump(var c): c.args = args; t = .jump(c)
        case .branch(let v, var a, var b):
            if edge.index == 0 { a.args = args } else { b.args = args }
            t = .branch(v, ifTrue: a, ifFalse: b)
        case .ret, .exit: return
        }
        f.blocks[edge.from.index].terminator = t
    }

    /// Arguments of `edge` for parameters (register, type), coerced at the end of its source block.
    mutating func args(_ edge: PendingEdge, _ params: [(Int, IRType)]) -> (args: [ValueID], mismatched: [Int]) {
        let saved = cur
        cur = edge.from
        defer { cur = saved }
        var out: [ValueID] = [], bad: [Int] = []
        for (r, t) in params {
            let v = edge.env[r] ?? append(.loadReg(r))!
            let vt = f.type(of: v)
            if vt == t { out.append(v) }
            else if t == .value { out.append(boxed(v)) }
            else { bad.append(r); out.append(v) }
        }
        return (out, bad)
    }

    mutating func backEdge(_ edge: PendingEdge, _ header: Int) {
        let regs = headerRegs[header]!
        let hb = blockAt[header]!
        let params = zip(regs, f.blocks[hb.index].params).map { ($0, f.type(of: $1)) }
        let (a, bad) = args(edge, params)
        setArgs(edge, a)
        for r in bad { hints.boxed[header, default: []].insert(r) }
        if header == input.osrEntryPC {
            // A register the loop carries unboxed but the entry only loaded: check it on entry.
            for ((r, t), p) in zip(params, f.blocks[hb.index].params) where t == .value && hints.osrTypes[r] == nil {
                guard let v = edge.env[r], !(hints.boxed[header]?.contains(r) ?? false) else { continue }
                let vt = f.type(of: v)
                if (vt == .int || vt == .float) && v != p { hints.osrTypes[r] = vt }
            }
        }
        if header != input.osrEntryPC && !input.boxedLoopEntries.contains(header) {
            // A register the loop carries unboxed but a forward edge brings boxed (a field read
            // before the loop, a float accumulated in it): checked on the way in (start).
            for ((r, t), p) in zip(params, f.blocks[hb.index].params) where t == .value && hints.entryTypes[header]?[r] == nil {
                guard let v = edge.env[r], v != p, !(hints.boxed[header]?.contains(r) ?? false) else { continue }
                let vt = f.type(of: v)
                if vt == .int || vt == .float { hints.entryTypes[header, default: [:]][r] = vt }
            }
        }
        for (r, p) in zip(regs, f.blocks[hb.index].params) where sameValue(edge.env[r], p) {
            hints.invariant[header, default: []].insert(r)
        }
        let inv = headerInvariants[header] ?? [:]
        for (r, v) in inv where !sameValue(edge.env[r], v) { hints.variant[header, default: []].insert(r) }
        let known = Set(regs)
        for (r, v) in edge.env.enumerated() where v != nil && !known.contains(r) && inv[r] == nil {
            // Written in the loop: it must be carried around it (unless it is a plain reload).
            if isSlotValue(v!, r) { continue }
            hints.extra[header, default: []].insert(r)
        }
    }

    /// v is w, or w's payload unboxed by a guard (the same Lua value).
    func sameValue(_ v: ValueID?, _ w: ValueID) -> Bool {
        guard let v else { return false }
        return v == w || refinedFrom[v] == w
    }

    /// v is register r's slot as loaded (and maybe unboxed) since the last write-back.
    func isSlotValue(_ v: ValueID, _ r: Int) -> Bool {
        loadOf[v] == r || refinedFrom[v].map { loadOf[$0] == r } == true
    }

    /// Whether register r can be live at the loop header at pc (BytecodeLiveness).
    func liveAtHeader(_ r: Int, _ pc: Int) -> Bool {
        liveness.live[pc][r]
    }

    /// A forward edge into the loop header at `header` whose registers in `want` it brings boxed:
    /// a guard of each on the edge (in a block of its own when its source branches elsewhere
    /// too), with the frame state of the header (the loop entered, nothing of it run yet), so the
    /// loop carries them unboxed from the start. A guard that keeps failing makes the engine list
    /// the header in `boxedLoopEntries`, and the next version leaves them boxed.
    mutating func unboxOnEntry(_ edge: PendingEdge, _ want: [Int: IRType], header: Int) -> PendingEdge {
        let boxedRegs = want.keys.sorted().filter { r in
            guard let v = edge.env[r] else { return liveAtHeader(r, header) }
            return f.type(of: v) == .value
        }
        guard !boxedRegs.isEmpty, var t = f.blocks[edge.from.index].terminator else { return edge }
        var e = edge
        if t.successors.count > 1 {
            // Split the edge: the guards must not run on the source's other way out. (At the
            // source's pc: laid out after it, before the loop, not inside the loop's blocks.)
            let split = f.newBlock(pc: f.blocks[edge.from.index].pc)
            f.blocks[split.index].terminator = .jump(BlockCall(block(header), []))
            if case .branch(let c, var yes, var no) = t {
                if edge.index == 0 { yes = BlockCall(split, []) } else { no = BlockCall(split, []) }
                t = .branch(c, ifTrue: yes, ifFalse: no)
            }
            f.blocks[edge.from.index].terminator = t
            e = PendingEdge(from: split, index: 0, env: edge.env)
        }
        let (savedCur, savedEnv) = (cur, env)
        cur = e.from
        env = e.env
        for r in boxedRegs {
            let v = get(r)
            let g = emit(want[r] == .int ? .guardInt : .guardFloat, [v], pc: header)!
            refinedFrom[g] = v
            env[r] = g
        }
        e.env = env
        (cur, env) = (savedCur, savedEnv)
        return e
    }

    /// Start the block at pc from its pending forward edges (none: unreachable, skip it).
    mutating func start(_ pc: Int) {
        var edges = pending.removeValue(forKey: pc) ?? []
        guard !edges.isEmpty else { cur = nil; return }
        let b = block(pc)
        if flow.loopHeaders[pc] != nil, let want = hints.entryTypes[pc] {
            edges = edges.map { unboxOnEntry($0, want, header: pc) }
        }
        cur = b
        let n = input.maxStackSize
        var params: [(Int, IRType)] = []
        var newEnv = [ValueID?](repeating: nil, count: n)
        let isHeader = flow.loopHeaders[pc] != nil
        for r in 0..<n {
            if isHeader && !liveAtHeader(r, pc) { continue }
            let vals = edges.map { $0.env[r] }
            let defined = vals.compactMap { $0 }
            let forced = hints.extra[pc]?.contains(r) ?? false
            if !isHeader && !forced, let first = vals[0], vals.allSatisfy({ $0 == first }) { newEnv[r] = first; continue }
            if defined.isEmpty && !forced { continue }
            let types = Set(defined.map { f.type(of: $0) })
            if isHeader, hints.invariant[pc]?.contains(r) ?? false, !(hints.variant[pc]?.contains(r) ?? false),
               let first = vals[0], vals.allSatisfy({ $0 == first }) {
                newEnv[r] = first
                headerInvariants[pc, default: [:]][r] = first
                continue
            }
            let boxedHint = hints.boxed[pc]?.contains(r) ?? false
            let t: IRType = types.count == 1 && defined.count == vals.count && !boxedHint ? types.first! : .value
            params.append((r, t))
        }
        for (r, t) in params {
            let p = f.newValue(t)
            f.blocks[b.index].params.append(p)
            newEnv[r] = p
        }
        for e in edges { setArgs(e, args(e, params).args) }
        env = newEnv
        if isHeader {
            f.blocks[b.index].isLoopHeader = true
            headerRegs[pc] = params.map(\.0)
            f.osrEntries.append(OSREntry(pc: pc, block: b, registers: params.map(\.0),
                                         invariantRegisters: (headerInvariants[pc] ?? [:]).keys.sorted()))
            // VMREPL_NO_BACKEDGE_CHECK: only for the measurement build that shows what the
            // compare costs (bench/interrupt), as the interpreter's back-edges honour it too.
            #if !VMREPL_NO_BACKEDGE_CHECK
            emit(.checkLimit, [], pc: pc)
            #endif
        }
    }
}
