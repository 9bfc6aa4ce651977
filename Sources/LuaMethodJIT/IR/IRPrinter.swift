// The stable text form of the IR: what `:disasm` shows and what golden tests compare.
//
// Format (one block after another, in block order):
//   b1(v3:int, v4:val)  ; pc 4 loop osr
//     v5:int = iadd v3, v6
//     v7:int = guardInt v2  !notInteger @3 {r0=v2:val r1=v5:int}
//     branch v8, b2(v5), b3()
// Exits print `!reason @pc {register=value:box ...}`. Bytecode pcs print 1-based, as in the
// bytecode listing (`:bytecode`), so the two read side by side; the IR itself stores them 0-based.
// Invariant: the output depends on the IR only (no addresses, no hash order), so it is stable.

extension IRFunction {
    public var listing: String {
        var out = "function \(name) params=\(numParams) regs=\(maxStackSize)\n"
        if !osrEntries.isEmpty {
            out += "osr " + osrEntries.map { "pc \($0.pc + 1) -> \($0.block)" }.joined(separator: ", ") + "\n"
        }
        for (i, b) in blocks.enumerated() {
            let ps = b.params.map { "\($0):\(type(of: $0).name)" }.joined(separator: ", ")
            out += "\(BlockID(i))(\(ps))  ; pc \(b.pc + 1)\(b.isLoopHeader ? " loop" : "")"
            if osrEntries.contains(where: { $0.block.index == i }) { out += " osr" }
            out += "\n"
            for ins in b.instrs { out += "  " + text(ins) + "\n" }
            out += "  " + (b.terminator.map(text) ?? "<no terminator>") + "\n"
        }
        return out
    }

    public func text(_ ins: Instr) -> String {
        var s = ""
        if let r = ins.result { s += "\(r):\(type(of: r).name) = " }
        s += ins.op.text
        if !ins.operands.isEmpty { s += " " + ins.operands.map(\.description).joined(separator: ", ") }
        if let e = ins.exit { s += "  " + text(e) }
        return s
    }

    public func text(_ e: Exit) -> String {
        let slots = e.state.slots.map { "r\($0.register)=\($0.value):\($0.box.name)" }.joined(separator: " ")
        return "!\(e.reason.name) @\(e.state.pc + 1) {\(slots)}"
    }

    public func text(_ t: Terminator) -> String {
        func call(_ c: BlockCall) -> String { "\(c.block)(\(c.args.map(\.description).joined(separator: ", ")))" }
        switch t {
        case .jump(let c): return "jump " + call(c)
        case .branch(let v, let a, let b): return "branch \(v), \(call(a)), \(call(b))"
        case .ret(let vs): return "ret" + (vs.isEmpty ? "" : " " + vs.map(\.description).joined(separator: ", "))
        case .exit(let e): return "exit  " + text(e)
        }
    }
}
