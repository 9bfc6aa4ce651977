// Linear-scan register allocation over the IR: liveness over blocks with block parameters, one
// conservative interval per value, registers by class (GP for int/bool/table/string, XMM for
// float), spill slots in the native frame when registers run out; boxed values (`.value`) always
// live in a 16-byte spill slot.
//
// Invariants: positions number the blocks in index order: a block's parameters are defined at its
// start position, its k-th instruction sits at start + 1 + k, its terminator after them. A value's
// interval covers its definition, every use (operands, frame-state slots, terminator arguments)
// and every block it is live into or out of, as one range [from, to] (holes are treated as live:
// correct, a little conservative). Two values whose intervals overlap never share a register. A
// spilled value lives in its slot for its whole life (no splitting). Edge moves happen at the
// source block's terminator, where every argument is used and only successor parameters (defined
// at the successor's start) are written. A GP value live across a helper call prefers a
// callee-saved register, any other a caller-saved one (SSE registers are all caller-saved). Before
// that, a value prefers the register of a block argument or parameter it is passed as or receives
// (its partner), when that register is free for its whole interval: the edge then moves nothing,
// as a loop's back-edge passing an updated counter to the header's parameter (a linear scan's
// move hints, as in Wimmer and Franz's "Linear Scan Register Allocation on SSA Form"). The result
// of an op Lowering computes in place (two-address integer ALU ops, SSE arithmetic) may take its
// left operand's register when that operand's life ends there; no other result shares a register
// with an operand of its own instruction.
import X64Assembler

/// Where a value lives for its whole life.
public enum Location: Hashable, Sendable, CustomStringConvertible {
    case gp(GPR)
    case xmm(XMM)
    /// rbp-relative: 8 bytes for an unboxed value, 16 (a whole Value) for a boxed one.
    case stack(Int32)

    public var description: String {
        switch self {
        case .gp(let r): return r.name(.qword)
        case .xmm(let x): return x.name
        case .stack(let d): return "[rbp\(d)]"
        }
    }
}

enum RegClass { case gp, xmm, boxed }

extension IRType {
    var regClass: RegClass? {
        switch self {
        case .void: return nil
        case .value: return .boxed
        case .float: return .xmm
        case .int, .bool, .table, .string: return .gp
        }
    }
}

public struct Allocation: Sendable {
    public var locations: [Location?]
    /// Bytes of spill area below the saved registers (a multiple of 16).
    public var spillBytes: Int
    public var spilledValues: Int
}

public struct RegisterAllocator: Sendable {
    public var gp: [GPR] = RegisterRoles.allocatableGP
    public var xmm: [XMM] = RegisterRoles.allocatableXMM
    public init() {}
    /// Fewer registers (tests use this to force spilling).
    public init(gp: [GPR], xmm: [XMM]) { self.gp = gp; self.xmm = xmm }

    /// Values used by an instruction, its exit included.
    static func uses(_ i: Instr) -> [ValueID] { i.operands + (i.exit?.state.slots.map(\.value) ?? []) }

    static func uses(_ t: Terminator) -> [ValueID] {
        switch t {
        case .jump(let c): return c.args
        case .branch(let v, let a, let b): return [v] + a.args + b.args
        case .ret(let vs): return vs
        case .exit(let e): return e.state.slots.map(\.value)
        }
    }

    /// Per block, the compare that is made at the block's branch instead of where it stands: an
    /// icmp or ordered fcmp of this block whose only use is that branch. Its operands are used
    /// at the terminator (their intervals reach it); its result lives in no register.
    static func fusedCompares(_ f: IRFunction) -> [Int: Instr] {
        var useCounts = [Int](repeating: 0, count: f.valueTypes.count)
        for block in f.blocks {
            for ins in block.instrs { for u in uses(ins) { useCounts[u.index] += 1 } }
            for u in uses(block.terminator!) { useCounts[u.index] += 1 }
        }
        var fused: [Int: Instr] = [:]
        for (b, block) in f.blocks.enumerated() {
            guard case .branch(let v, _, _)? = block.terminator, useCounts[v.index] == 1,
                  let ins = block.instrs.first(where: { $0.result == v }), Lowering.comparesToFlags(ins.op) else { continue }
            fused[b] = ins
        }
        return fused
    }

    /// Live-in sets per block (block parameters excluded: they are defined at the block's start),
    /// as bit sets over value indices: a backward dataflow to a fixpoint, word by word (the
    /// compile time of a loop nest is mostly this and the intervals it feeds).
    static func liveIn(_ f: IRFunction) -> [ValueSet] {
        let n = f.blocks.count, values = f.valueTypes.count
        var gen = [ValueSet](repeating: ValueSet(count: values), count: n), kill = gen
        for (b, block) in f.blocks.enumerated() {
            var defined = ValueSet(count: values)
            for p in block.params { defined.insert(p) }
            for i in block.instrs {
                for u in uses(i) where !defined.contains(u) { gen[b].insert(u) }
                if let r = i.result { defined.insert(r) }
            }
            for u in uses(block.terminator!) where !defined.contains(u) { gen[b].insert(u) }
            kill[b] = defined
        }
        let successors = (0..<n).map { f.successors(BlockID($0)).map(\.index) }
        var live = gen
        var changed = true
        var out = ValueSet(count: values)
        while changed {
            changed = false
            for b in stride(from: n - 1, through: 0, by: -1) {
                out.removeAll()
                for s in successors[b] { out.formUnion(live[s]) }
                if live[b].update(gen: gen[b], out: out, kill: kill[b]) { changed = true }
            }
        }
        return live
    }

    /// Each value's interval [from, to] (nil for values never defined in reachable code).
    static func intervals(_ f: IRFunction) -> (ranges: [ClosedRange<Int>?], blockStart: [Int]) {
        let live = liveIn(f)
        var lo = [Int](repeating: .max, count: f.valueTypes.count), hi = [Int](repeating: .min, count: f.valueTypes.count)
        func touch(_ v: ValueID, _ p: Int) { lo[v.index] = min(lo[v.index], p); hi[v.index] = max(hi[v.index], p) }
        var starts: [Int] = []
        var p = 0
        for block in f.blocks {
            starts.append(p)
            p += block.instrs.count + 2
        }
        let fused = fusedCompares(f)
        for (b, block) in f.blocks.enumerated() {
            let start = starts[b], end = start + block.instrs.count + 1
            for u in fused[b]?.operands ?? [] { touch(u, end) }
            for v in block.params { touch(v, start) }
            for v in live[b] { touch(v, start) }
            for s in f.successors(BlockID(b)) { for v in live[s.index] { touch(v, end) } }
            for (k, i) in block.instrs.enumerated() {
                for u in uses(i) { touch(u, start + 1 + k) }
                if let r = i.result { touch(r, start + 1 + k) }
            }
            for u in uses(block.terminator!) { touch(u, end) }
        }
        let ranges = (0..<lo.count).map { lo[$0] <= hi[$0] ? lo[$0]...hi[$0] : nil }
        return (ranges, starts)
    }

    /// The allocation, spill slots placed from `firstSpillOffset` (negative, rbp-relative) down.
    public func allocate(_ f: IRFunction, firstSpillOffset: Int32) -> Allocation {
        let (ranges, starts) = Self.intervals(f)
        // Positions of helper calls: a GP value live across one gets a callee-saved register when
        // one is free (nothing to save around the call), any other value a caller-saved one first.
        var calls: [Int] = []
        for (b, block) in f.blocks.enumerated() {
            for (k, ins) in block.instrs.enumerated() where Backend.callsHelper(ins.op) { calls.append(starts[b] + 1 + k) }
        }
        func crossesCall(_ r: ClosedRange<Int>) -> Bool { calls.contains { r.lowerBound < $0 && $0 < r.upperBound } }
        var loc = [Location?](repeating: nil, count: f.valueTypes.count)
        var next = firstSpillOffset
        var spilled = 0
        func spillSlot(_ bytes: Int32) -> Location {
            next -= bytes
            next &= ~(bytes - 1)          // 8- or 16-aligned
            return .stack(next)
        }
        let order = ranges.indices.filter { ranges[$0] != nil }.sorted {
            (ranges[$0]!.lowerBound, $0) < (ranges[$1]!.lowerBound, $1)
        }
        var activeGP: [(v: Int, r: GPR)] = [], activeXMM: [(v: Int, r: XMM)] = []
        let flagsOnly = Set(Self.fusedCompares(f).values.compactMap { $0.result?.index })
        // Edge partners: each block argument and the parameter it becomes.
        var partners = [[Int]](repeating: [], count: f.valueTypes.count)
        for block in f.blocks {
            for c in block.terminator?.successors ?? [] {
                for (a, p) in zip(c.args, f.blocks[c.block.index].params) where a != p {
                    partners[a.index].append(p.index); partners[p.index].append(a.index)
                }
            }
        }
        // Results that may take their left operand's register (Lowering's twoAddress and
        // binaryXMM read both operands before they write the result).
        var inPlaceOf: [Int: Int] = [:]
        for block in f.blocks {
            for ins in block.instrs {
                switch ins.op {
                case .iadd, .isub, .imul, .band, .bor, .bxor, .fadd, .fsub, .fmul, .fdiv:
                    if let r = ins.result { inPlaceOf[r.index] = ins.operands[0].index }
                default: break
                }
            }
        }
        // A register no active value holds and none allocated later within `range` needs: the
        // partner's, when the partner's own interval does not meet this one (it may end before,
        // or start after: a parameter allocated later takes the hint from its side).
        func hinted<R: Equatable>(_ v: Int, _ range: ClosedRange<Int>, free: [R], _ reg: (Location?) -> R?) -> R? {
            for w in partners[v] {
                guard let r = reg(loc[w]), free.contains(r), let wr = ranges[w], !wr.overlaps(range) else { continue }
                return r
            }
            return nil
        }
        for v in order where !flagsOnly.contains(v) {
            let range = ranges[v]!
            guard let cls = f.valueTypes[v].regClass else { continue }
            activeGP.removeAll { ranges[$0.v]!.upperBound < range.lowerBound }
            activeXMM.removeAll { ranges[$0.v]!.upperBound < range.lowerBound }
            // The left operand ending at this value's definition: its register is free for it.
            let left = inPlaceOf[v].flatMap { u in ranges[u].map { $0.upperBound == range.lowerBound } == true ? u : nil }
            if let u = left {
                activeGP.removeAll { $0.v == u }
                activeXMM.removeAll { $0.v == u }
            }
            switch cls {
            case .boxed:
                loc[v] = spillSlot(16)
            case .gp:
                let free = gp.filter { r in !activeGP.contains { $0.r == r } }
                let calleeSavedFirst = crossesCall(range)
                let hint = hinted(v, range, free: free) { if case .gp(let r)? = $0 { return r }; return nil }
                    .flatMap { RegisterRoles.callerSavedGP.contains($0) && calleeSavedFirst ? nil : $0 }
                let inPlace = left.flatMap { u -> GPR? in
                    if case .gp(let r)? = loc[u], !(calleeSavedFirst && RegisterRoles.callerSavedGP.contains(r)) { return r }
                    return nil
                }
                if let r = hint ?? inPlace ?? free.first(where: { RegisterRoles.callerSavedGP.contains($0) != calleeSavedFirst }) ?? free.first {
                    activeGP.append((v, r)); loc[v] = .gp(r)
                } else if let victim = activeGP.indices.max(by: { ranges[activeGP[$0].v]!.upperBound < ranges[activeGP[$1].v]!.upperBound }),
                          ranges[activeGP[victim].v]!.upperBound > range.upperBound {
                    let (w, r) = activeGP[victim]
                    loc[w] = spillSlot(8); spilled += 1
                    activeGP[victim] = (v, r); loc[v] = .gp(r)
                } else {
                    loc[v] = spillSlot(8); spilled += 1
                }
            case .xmm:
                let free = xmm.filter { r in !activeXMM.contains { $0.r == r } }
                let inPlace = left.flatMap { u -> XMM? in if case .xmm(let x)? = loc[u] { return x }; return nil }
                if let r = hinted(v, range, free: free, { if case .xmm(let x)? = $0 { return x }; return nil }) ?? inPlace ?? free.first {
                    activeXMM.append((v, r)); loc[v] = .xmm(r)
                } else if let victim = activeXMM.indices.max(by: { ranges[activeXMM[$0].v]!.upperBound < ranges[activeXMM[$1].v]!.upperBound }),
                          ranges[activeXMM[victim].v]!.upperBound > range.upperBound {
                    let (w, r) = activeXMM[victim]
                    loc[w] = spillSlot(8); spilled += 1
                    activeXMM[victim] = (v, r); loc[v] = .xmm(r)
                } else {
                    loc[v] = spillSlot(8); spilled += 1
                }
            }
        }
        let bytes = Int(firstSpillOffset - next)
        return Allocation(locations: loc, spillBytes: (bytes + 15) & ~15, spilledValues: spilled)
    }
}

/// A set of values as bits over their indices (liveness).
struct ValueSet: Sequence {
    private(set) var words: [UInt64]
    init(count: Int) { words = [UInt64](repeating: 0, count: (count + 63) >> 6) }
    func contains(_ v: ValueID) -> Bool { words[v.index >> 6] & (1 << UInt64(v.index & 63)) != 0 }
    mutating func insert(_ v: ValueID) { words[v.index >> 6] |= 1 << UInt64(v.index & 63) }
    mutating func removeAll() { for i in words.indices { words[i] = 0 } }
    mutating func formUnion(_ o: ValueSet) { for i in words.indices { words[i] |= o.words[i] } }
    /// self := gen ∪ (out − kill); whether that changed self.
    mutating func update(gen: ValueSet, out: ValueSet, kill: ValueSet) -> Bool {
        var changed = false
        for i in words.indices {
            let w = gen.words[i] | (out.words[i] & ~kill.words[i])
            if w != words[i] { words[i] = w; changed = true }
        }
        return changed
    }
    func makeIterator() -> Iterator { Iterator(words: words) }
    struct Iterator: IteratorProtocol {
        let words: [UInt64]
        var i = 0, w: UInt64
        init(words: [UInt64]) { self.words = words; w = words.first ?? 0 }
        mutating func next() -> ValueID? {
            while w == 0 {
                i += 1
                guard i < words.count else { return nil }
                w = words[i]
            }
            let bit = w.trailingZeroBitCount
            w &= w - 1
            return ValueID((i << 6) | bit)
        }
    }
}
