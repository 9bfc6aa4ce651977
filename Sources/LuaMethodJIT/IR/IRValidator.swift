// The IR validator: run after the builder and after every pass in debug builds and tests.
//
// Checks: every block has a terminator whose targets exist, with as many arguments as the
// target has parameters and of the same types; the entry has no parameters; each value is
// defined once, by an instruction or a block parameter, with the type its op's table gives;
// operand types match the op table; every use (operand, frame-state slot, terminator argument,
// branch condition) is dominated by its definition; exactly the ops that need one carry an exit
// whose pc is a real instruction start and whose slots name registers of the frame once each,
// boxed as their value's type says; OSR entries point at loop headers.

public struct IRValidationError: Error, CustomStringConvertible, Sendable {
    public var messages: [String]
    public var description: String { messages.joined(separator: "\n") }
}

extension IRFunction {
    /// Throws with every problem found (empty IR problems list: valid).
    public func validate() throws(IRValidationError) {
        var errs: [String] = []
        if blocks.isEmpty { throw IRValidationError(messages: ["no blocks"]) }
        if !blocks[0].params.isEmpty { errs.append("b0: the entry block has parameters") }
        // Definitions: where each value is defined (block, position; -1 = parameter).
        var defBlock = [Int](repeating: -1, count: valueTypes.count)
        var defPos = [Int](repeating: 0, count: valueTypes.count)
        func define(_ v: ValueID, _ b: Int, _ pos: Int, _ what: String) {
            guard v.index >= 0 && v.index < valueTypes.count else { errs.append("\(what): \(v) out of range"); return }
            if defBlock[v.index] >= 0 { errs.append("\(what): \(v) defined twice"); return }
            defBlock[v.index] = b; defPos[v.index] = pos
        }
        for (bi, b) in blocks.enumerated() {
            for p in b.params { define(p, bi, -1, "\(BlockID(bi)) parameter") }
            for (ii, ins) in b.instrs.enumerated() {
                if let r = ins.result { define(r, bi, ii, "\(BlockID(bi)):\(ii)") }
            }
        }
        let idom = dominators()
        func dominates(_ a: Int, _ b: Int) -> Bool {
            var x = b
            while true {
                if x == a { return true }
                guard let d = idom[x], d != x else { return false }
                x = d
            }
        }
        // A use at (block, position) is dominated by v's definition. Position `instrs.count` is the terminator.
        func checkUse(_ v: ValueID, _ b: Int, _ pos: Int, _ what: String) {
            guard v.index >= 0 && v.index < valueTypes.count, defBlock[v.index] >= 0 else {
                errs.append("\(what): \(v) is not defined"); return
            }
            let db = defBlock[v.index]
            if idom[b] == nil { return }  // unreachable block: dominance is vacuous
            if db == b ? defPos[v.index] >= pos : !dominates(db, b) {
                errs.append("\(what): \(v) does not dominate its use")
            }
        }
        func checkExit(_ e: Exit, _ b: Int, _ pos: Int, _ what: String) {
            if e.state.pc < 0 || e.state.pc >= codeCount || !instructionStarts[e.state.pc] {
                errs.append("\(what): exit pc \(e.state.pc) is not an instruction start")
            }
            var last = -1
            for s in e.state.slots {
                if s.register <= last || s.register >= maxStackSize {
                    errs.append("\(what): frame slot r\(s.register) out of order or beyond the frame")
                }
                last = s.register
                checkUse(s.value, b, pos, what + " frame state")
                if s.value.index >= 0 && s.value.index < valueTypes.count, type(of: s.value).boxKind != s.box {
                    errs.append("\(what): r\(s.register) boxes \(s.value) as \(s.box.name), its type is \(type(of: s.value).name)")
                }
            }
        }
        for (bi, b) in blocks.enumerated() {
            let where_ = "\(BlockID(bi))"
            for (ii, ins) in b.instrs.enumerated() {
                let what = "\(where_):\(ii) \(ins.op.text)"
                let info = ins.op.info
                if ins.operands.count != info.operands.count {
                    errs.append("\(what): \(ins.operands.count) operands, expected \(info.operands.count)")
                }
                for (k, v) in ins.operands.enumerated() {
                    checkUse(v, bi, ii, what)
                    guard v.index >= 0 && v.index < valueTypes.count, k < info.operands.count else { continue }
                    let t = type(of: v)
                    if let want = info.operands[k] { if t != want { errs.append("\(what): operand \(k) is \(t.name), expected \(want.name)") } }
                    else if t == .void { errs.append("\(what): operand \(k) is void") }
                }
                if (ins.result == nil) != (info.result == .void) {
                    errs.append("\(what): result presence does not match the op table")
                } else if let r = ins.result, r.index < valueTypes.count, type(of: r) != info.result {
                    errs.append("\(what): result \(r) is \(type(of: r).name), expected \(info.result.name)")
                }
                if info.needsExit != (ins.exit != nil) {
                    errs.append("\(what): " + (info.needsExit ? "needs an exit (reason and frame state)" : "has an exit it cannot take"))
                }
                if let e = ins.exit {
                    if e.reason != ins.op.exitReason { errs.append("\(what): exit reason \(e.reason.name) is not the op's") }
                    checkExit(e, bi, ii, what)
                }
            }
            guard let t = b.terminator else { errs.append("\(where_): no terminator"); continue }
            let pos = b.instrs.count
            switch t {
            case .jump, .branch:
                if case .branch(let c, _, _) = t {
                    checkUse(c, bi, pos, "\(where_) branch")
                    if c.index >= 0 && c.index < valueTypes.count && type(of: c) != .bool {
                        errs.append("\(where_): branch condition \(c) is not bool")
                    }
                }
                for call in t.successors {
                    guard call.block.index >= 0 && call.block.index < blocks.count else {
                        errs.append("\(where_): jumps to missing \(call.block)"); continue
                    }
                    if call.block.index == 0 { errs.append("\(where_): jumps to the entry block") }
                    let ps = blocks[call.block.index].params
                    if ps.count != call.args.count {
                        errs.append("\(where_): \(call.args.count) arguments to \(call.block), which has \(ps.count) parameters")
                        continue
                    }
                    for (a, p) in zip(call.args, ps) {
                        checkUse(a, bi, pos, "\(where_) argument")
                        if a.index >= 0 && a.index < valueTypes.count && type(of: a) != type(of: p) {
                            errs.append("\(where_): argument \(a):\(type(of: a).name) to \(call.block) parameter \(p):\(type(of: p).name)")
                        }
                    }
                }
            case .ret(let vs):
                for v in vs {
                    checkUse(v, bi, pos, "\(where_) ret")
                    if v.index >= 0 && v.index < valueTypes.count && type(of: v) != .value { errs.append("\(where_): ret \(v) is not boxed") }
                }
            case .exit(let e):
                checkExit(e, bi, pos, "\(where_) exit")
            }
        }
        errs += coalescingProblems(idom)
        for o in osrEntries where o.block.index >= blocks.count || !blocks[o.block.index].isLoopHeader {
            errs.append("OSR entry at pc \(o.pc) is not a loop header")
        }
        if !errs.isEmpty { throw IRValidationError(messages: errs) }
    }

    /// Immediate dominators (block index -> idom index; the entry maps to itself; unreachable: nil),
    /// by the iterative algorithm of Cooper, Harvey and Kennedy over reverse postorder.
    public func dominators() -> [Int?] {
        let n = blocks.count
        var order: [Int] = [], seen = [Bool](repeating: false, count: n)
        var stack: [(Int, Int)] = [(0, 0)]
        seen[0] = true
        while let (b, i) = stack.last {
            let succ = successors(BlockID(b)).map(\.index).filter { $0 >= 0 && $0 < n }
            if i < succ.count {
                stack[stack.count - 1].1 += 1
                if !seen[succ[i]] { seen[succ[i]] = true; stack.append((succ[i], 0)) }
            } else { order.append(b); stack.removeLast() }
        }
        order.reverse()
        var rpo = [Int](repeating: -1, count: n)
        for (i, b) in order.enumerated() { rpo[b] = i }
        var preds = [[Int]](repeating: [], count: n)
        for b in order { for s in successors(BlockID(b)).map(\.index) where s >= 0 && s < n { preds[s].append(b) } }
        var idom = [Int?](repeating: nil, count: n)
        idom[0] = 0
        var changed = true
        while changed {
            changed = false
            for b in order.dropFirst() {
                var new: Int? = nil
                for p in preds[b] where idom[p] != nil {
                    guard var x = new else { new = p; continue }
                    var y = p
                    while x != y {
                        while rpo[x] > rpo[y] { x = idom[x]! }
                        while rpo[y] > rpo[x] { y = idom[y]! }
                    }
                    new = x
                }
                if new != idom[b] { idom[b] = new; changed = true }
            }
        }
        return idom
    }
}
