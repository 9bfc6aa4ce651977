// Moving values between their locations: loads into scratch, stores from scratch, boxing into a
// 16-byte Value in memory, and the parallel moves that pass block arguments along an edge.
//
// Invariants: only scratch registers are clobbered; a parallel move reads every source before
// the destination that shares its location is written (cycles go through a scratch temporary);
// a boxed value is copied field by field (payload, tag) at MemoryLayout's offsets.
import LuaRuntime
import X64Assembler

extension Lowering {
    func location(_ v: ValueID) -> Location { alloc.locations[v.index]! }

    static func mem(_ l: Location) -> Mem {
        guard case .stack(let d) = l else { preconditionFailure("not a stack location: \(l)") }
        return Mem(RegisterRoles.nativeFrame, d)
    }

    /// dst := v (an int, bool or pointer).
    mutating func loadGP(_ dst: GPR, _ v: ValueID) {
        switch location(v) {
        case .gp(let r): if r != dst { a.mov(.qword, dst, r) }
        case .stack: a.mov(.qword, dst, Self.mem(location(v)))
        case .xmm(let x): a.movq(dst, x)
        }
    }

    /// v := src.
    mutating func storeGP(_ v: ValueID, _ src: GPR) {
        switch location(v) {
        case .gp(let r): if r != src { a.mov(.qword, r, src) }
        case .stack: a.mov(.qword, Self.mem(location(v)), src)
        case .xmm(let x): a.movq(x, src)
        }
    }

    mutating func loadXMM(_ dst: XMM, _ v: ValueID) {
        switch location(v) {
        case .xmm(let x): if x != dst { a.sse(.movapd, dst, x) }
        case .stack: a.movsd(dst, Self.mem(location(v)))
        case .gp(let r): a.movq(dst, r)
        }
    }

    mutating func storeXMM(_ v: ValueID, _ src: XMM) {
        switch location(v) {
        case .xmm(let x): if x != src { a.sse(.movapd, x, src) }
        case .stack: a.movsd(Self.mem(location(v)), src)
        case .gp(let r): a.movq(r, src)
        }
    }

    /// Copy a whole Value (payload and tag) from memory to memory.
    mutating func copyValue(to dst: Mem, from src: Mem) {
        let s0 = RegisterRoles.scratch0
        a.mov(.qword, s0, src.advanced(by: RuntimeLayout.payloadOffset))
        a.mov(.qword, dst.advanced(by: RuntimeLayout.payloadOffset), s0)
        a.movzx(.dword, s0, .byte, src.advanced(by: RuntimeLayout.tagOffset))
        a.mov(.byte, dst.advanced(by: RuntimeLayout.tagOffset), s0)
    }

    mutating func storeTag(_ dst: Mem, _ tag: UInt8) {
        a.mov(.byte, dst.advanced(by: RuntimeLayout.tagOffset), imm: Int32(tag))
    }

    /// Write v, boxed as `kind` says, into the Value at `dst` (a frame slot or a boxed spill slot).
    mutating func box(_ v: ValueID, _ kind: BoxKind, into dst: Mem) {
        let s0 = RegisterRoles.scratch0
        let payload = dst.advanced(by: RuntimeLayout.payloadOffset)
        switch kind {
        case .asIs:
            copyValue(to: dst, from: Self.mem(location(v)))
        case .int, .table, .string:
            loadGP(s0, v)
            a.mov(.qword, payload, s0)
            storeTag(dst, kind == .int ? Tag.integer : kind == .table ? Tag.table : Tag.string)
        case .float:
            switch location(v) {
            case .xmm(let x): a.movq(s0, x)
            case .stack, .gp: loadGP(s0, v)
            }
            a.mov(.qword, payload, s0)
            storeTag(dst, Tag.float)
        case .bool:
            loadGP(s0, v)
            a.alu(.add, .dword, s0, imm: Int32(Tag.false_))       // false_ + 1 == true_
            a.mov(.byte, dst.advanced(by: RuntimeLayout.tagOffset), s0)
            a.mov(.qword, payload, imm: 0)
        }
    }

    // MARK: parallel moves at an edge

    /// Pass `call`'s arguments into its block's parameters, all at once.
    mutating func edgeMoves(_ call: BlockCall) {
        var pending: [(dst: Location, src: Location, cls: RegClass)] = []
        for (p, arg) in zip(f.blocks[call.block.index].params, call.args) {
            let d = location(p), s = location(arg)
            if d != s { pending.append((d, s, f.type(of: p).regClass!)) }
        }
        while !pending.isEmpty {
            // A move whose destination no other pending move still reads.
            if let k = pending.indices.first(where: { k in !pending.contains { $0.src == pending[k].dst } }) {
                let m = pending.remove(at: k)
                move(to: m.dst, from: m.src, m.cls)
                continue
            }
            // Only cycles are left: park one source in a temporary and read it from there.
            let m = pending[0]
            let temp: Location
            switch m.cls {
            case .gp: temp = .gp(RegisterRoles.scratch2); move(to: temp, from: m.src, .gp)
            case .xmm: temp = .xmm(RegisterRoles.xmmScratch1); move(to: temp, from: m.src, .xmm)
            case .boxed: temp = tempValueSlot; move(to: temp, from: m.src, .boxed)
            }
            for k in pending.indices where pending[k].src == m.src { pending[k].src = temp }
        }
    }

    mutating func move(to d: Location, from s: Location, _ cls: RegClass) {
        let s0 = RegisterRoles.scratch0
        switch (cls, d, s) {
        case (.boxed, _, _): copyValue(to: Self.mem(d), from: Self.mem(s))
        case (_, .gp(let rd), .gp(let rs)): a.mov(.qword, rd, rs)
        case (_, .gp(let rd), .stack): a.mov(.qword, rd, Self.mem(s))
        case (_, .stack, .gp(let rs)): a.mov(.qword, Self.mem(d), rs)
        case (_, .xmm(let xd), .xmm(let xs)): a.sse(.movapd, xd, xs)
        case (_, .xmm(let xd), .stack): a.movsd(xd, Self.mem(s))
        case (_, .stack, .xmm(let xs)): a.movsd(Self.mem(d), xs)
        case (_, .stack, .stack):
            a.mov(.qword, s0, Self.mem(s)); a.mov(.qword, Self.mem(d), s0)
        case (_, .gp(let rd), .xmm(let xs)): a.movq(rd, xs)
        case (_, .xmm(let xd), .gp(let rs)): a.movq(xd, rs)
        }
    }
}
