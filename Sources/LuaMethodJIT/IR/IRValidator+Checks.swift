// The validator's rules for guard coalescing's ops (GuardCoalescing), and the one reading of an
// array key as base + constant that the pass and the rules share.
//
// Rules: a check (checkTags, checkBounds) is a branch condition and nothing else: its result is
// used once, by the branch ending its own block, whose two targets differ. checkTags and unbox
// take int, float, table or string; a checkBounds range is ordered and within
// JITLimits.maxCoalescedKeyOffset. An `unbox.K v` lies below (in a block dominated by) a block
// entered only by the true edge of a checkTags testing v for K. An `arrayIndex t, key` with key =
// base + c lies below a block entered only by the true edge of a checkBounds of (t, base) whose
// range holds c, on a path of single-predecessor blocks with no op that calls out between the
// check and it (only a runtime call can resize an array part).

extension IRFunction {
    /// `key` as base + offset: `iadd x, K`, `iadd K, x` or `isub x, K` for a constant K (the
    /// sum wraps as the instruction does), else the key itself with offset 0.
    public static func keyOffset(_ key: ValueID, _ defs: ValueMap<Instr>) -> (base: ValueID, offset: Int64) {
        func constant(_ v: ValueID) -> Int64? { if case .constInt(let n)? = defs[v]?.op { return n }; return nil }
        guard let d = defs[key] else { return (key, 0) }
        if case .iadd = d.op {
            if let k = constant(d.operands[1]) { return (d.operands[0], k) }
            if let k = constant(d.operands[0]) { return (d.operands[1], k) }
        }
        if case .isub = d.op, let k = constant(d.operands[1]), k != .min { return (d.operands[0], -k) }
        return (key, 0)
    }

    static func isCoalescingKind(_ k: BoxKind) -> Bool { k == .int || k == .float || k == .table || k == .string }

    func coalescingProblems(_ idom: [Int?]) -> [String] {
        var errs: [String] = []
        var preds = [[Int]](repeating: [], count: blocks.count)
        for (b, blk) in blocks.enumerated() { for s in blk.terminator?.successors ?? [] where s.block.index < blocks.count { preds[s.block.index].append(b) } }
        var uses: [ValueID: Int] = [:]
        func use(_ v: ValueID) { uses[v, default: 0] += 1 }
        for b in blocks {
            for i in b.instrs { i.operands.forEach(use); i.exit?.state.slots.forEach { use($0.value) } }
            switch b.terminator {
            case .branch(let c, let t, let e)?: use(c); (t.args + e.args).forEach(use)
            case .jump(let c)?: c.args.forEach(use)
            case .ret(let vs)?: vs.forEach(use)
            case .exit(let e)?: e.state.slots.forEach { use($0.value) }
            case nil: break
            }
        }
        let defs = definitions()
        /// The check whose true edge alone enters block z, if any.
        func checkEntering(_ z: Int) -> Instr? {
            guard preds[z].count == 1, let p = preds[z].first,
                  case .branch(let c, let t, let e)? = blocks[p].terminator, t.block.index == z, e.block.index != z,
                  let d = defs[c], d.op.isCheck else { return nil }
            return d
        }
        func callsOut(_ instrs: ArraySlice<Instr>) -> Bool { instrs.contains { $0.op.info.effect == .mayCallOut } }
        for (bi, b) in blocks.enumerated() where idom[bi] != nil {  // unreachable: vacuous, as dominance
            for (ii, ins) in b.instrs.enumerated() {
                let what = "\(BlockID(bi)):\(ii) \(ins.op.text)"
                switch ins.op {
                case .checkTags, .checkBounds:
                    if case .checkTags(let kinds) = ins.op, !kinds.allSatisfy(Self.isCoalescingKind) {
                        errs.append("\(what): checks a kind other than int, float, table or string")
                    }
                    if case .checkBounds(let lo, let hi) = ins.op,
                       lo > hi || max(lo.magnitude, hi.magnitude) > UInt64(JITLimits.maxCoalescedKeyOffset) {
                        errs.append("\(what): range out of order or beyond the offset limit")
                    }
                    guard let r = ins.result else { continue }
                    if case .branch(let c, let t, let e)? = b.terminator, c == r, uses[r] == 1, t.block != e.block { continue }
                    errs.append("\(what): a check is used once, as its own block's branch condition to two blocks")
                case .unbox(let k):
                    if !Self.isCoalescingKind(k) { errs.append("\(what): unboxes a kind other than int, float, table or string") }
                    var z: Int? = bi, found = false, steps = 0
                    while let x = z, !found, steps <= blocks.count {
                        if let c = checkEntering(x), case .checkTags(let kinds) = c.op {
                            found = zip(kinds, c.operands).contains { $0.0 == k && $0.1 == ins.operands[0] }
                        }
                        z = idom[x] == x ? nil : idom[x]; steps += 1
                    }
                    if !found { errs.append("\(what): no checkTags of \(ins.operands[0]) as \(k.name) on every path to it") }
                case .arrayIndex:
                    let (base, c) = Self.keyOffset(ins.operands[1], defs)
                    var z = bi, found = false, steps = 0
                    var clean = !callsOut(b.instrs[..<ii])
                    while clean, !found, steps <= blocks.count, preds[z].count == 1 {
                        if let chk = checkEntering(z), case .checkBounds(let lo, let hi) = chk.op,
                           chk.operands == [ins.operands[0], base], lo <= c, c <= hi {
                            let p = preds[z][0], at = blocks[p].instrs.firstIndex { $0.result == chk.result }!
                            found = !callsOut(blocks[p].instrs[(at + 1)...])
                            break
                        }
                        z = preds[z][0]; steps += 1
                        clean = !callsOut(blocks[z].instrs[...])
                    }
                    if !found { errs.append("\(what): no checkBounds of its key on a call-free path to it") }
                case .constInt, .constFloat, .constBool, .constNil, .constK, .loadReg, .storeReg, .box,
                     .guardInt, .guardFloat, .guardNumber, .guardMixed, .guardTable, .guardString, .guardFunction, .guardNonZero,
                     .guardTrue, .guardArrayBounds, .checkLimit, .iadd, .isub, .imul, .ineg, .ifloordiv,
                     .imod, .iudiv, .band, .bor, .bxor, .bnot, .shl, .shr, .fadd, .fsub, .fmul, .fdiv,
                     .fmod, .ffloordiv, .fpow, .fneg, .fsqrt, .intToFloat, .icmp, .testBits, .fcmp, .truthy, .isNil, .eqShortString, .noneToClose, .stringByte, .stringMethod, .not,
                     .arrayLoad, .arrayStore, .tableGetInt, .tableSetInt, .tableNext, .entryKey, .entryValue, .tableAppend, .tableGetStr, .tableSetStr, .tableRemoveLast, .fieldLoad, .fieldStore, .getUpval, .setUpval,
                     .arith, .compare, .getTable, .setTable, .call, .interp:
                    break
                }
            }
        }
        return errs
    }
}
