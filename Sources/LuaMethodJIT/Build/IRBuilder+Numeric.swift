// The builder's numeric speculation: arithmetic, comparisons, and numeric for loops as counted
// loops.
//
// Invariants: static types (constants, values already guarded) decide first; otherwise the
// instruction's feedback: ints only -> integer ops behind guardInt; floats (and mixed int/float
// for arithmetic where Lua converts) -> float ops behind guardFloat/guardNumber; anything else, or
// no feedback -> the generic op. An integer meets a float in a compare only against a constant
// within 2^53 (converting a large integer is inexact, and Lua compares them exactly). Integer `//` and `%` guard their divisor against
// zero (the interpreter raises). Integer loops keep the interpreter's slot layout: R[A] index,
// R[A+1] remaining iteration count, R[A+2] step, R[A+3] control variable.
import LuaBytecode
import LuaRuntime

extension FunctionBuilder {
    /// R[dst] := x op y (y nil for unary ops).
    mutating func arith(_ op: ArithOp, _ pc: Int, _ dst: Int, _ x: ValueID, _ y: ValueID?) {
        let operands = [x] + (y.map { [$0] } ?? [])
        let types = operands.map { f.type(of: $0) }
        let fb = input.feedback[pc]
        let numeric = Feedback.intBit | Feedback.floatBit
        let staticInt = types.allSatisfy { $0 == .int }
        let staticNumber = types.allSatisfy { $0 == .int || $0 == .float }
        let allNumbersOrBoxed = types.allSatisfy { $0 == .int || $0 == .float || $0 == .value }
        let noStaticFloat = !types.contains(.float)
        let bitwise: Bool
        switch op {
        case .band, .bor, .bxor, .shl, .shr, .bnot: bitwise = true
        case .add, .sub, .mul, .mod, .pow, .div, .idiv, .unm, .len: bitwise = false
        }
        let alwaysFloat = op == .div || op == .pow
        let intPath = !alwaysFloat && allNumbersOrBoxed && noStaticFloat
            && (staticInt || fb == Feedback.intBit)
        // Mixed feedback converts integers only where Lua does: `/` and `^` always, the others
        // when the other operand is a float (two integers give an integer result).
        let mixedOK = fb & Feedback.intBit == 0 || alwaysFloat || (types.contains(.float) && types.count == 2)
        let floatPath = !bitwise && allNumbersOrBoxed && !intPath
            && (staticNumber || (fb != 0 && fb & ~numeric == 0 && mixedOK))
        // Integers and floats meeting (nbody's bodies: the sun sits at integer 0): speculate that
        // one operand is a float, checked once (guardMixed), then float arithmetic as Lua does it.
        let mixedPath = !bitwise && !intPath && !floatPath && fb == numeric && types.count == 2
            && allNumbersOrBoxed && op != .len && op != .unm
        if mixedPath {
            emit(.guardMixed, operands.map { boxed($0) }, pc: pc)
            let xs = operands.map { unboxFloat($0, pc, intsSeen: true) }
            env[dst] = floatOp(op, xs)
        } else if intPath {
            let xs = operands.map { intOperand($0, pc) }
            env[dst] = intOp(op, xs, pc)
        } else if floatPath {
            let ints = fb & Feedback.intBit != 0
            let xs = operands.map { unboxFloat($0, pc, intsSeen: ints) }
            env[dst] = floatOp(op, xs)
        } else if fb == 0 && op != .len {
            // Never ran: no types to speculate on. Leave, and be made again with feedback.
            exitHere(pc, .noFeedback)
        } else {
            env[dst] = callOut(.arith(op), operands.map { boxed($0) }, pc: pc)
        }
    }

    /// An operand as an integer; the register it came from (if it is still there) is refined.
    mutating func intOperand(_ v: ValueID, _ pc: Int) -> ValueID {
        let u = unboxInt(v, pc)
        if u != v { for r in env.indices where env[r] == v { env[r] = u } }
        return u
    }

    mutating func intOp(_ op: ArithOp, _ xs: [ValueID], _ pc: Int) -> ValueID {
        func bin(_ o: IROp) -> ValueID { append(o, xs)! }
        switch op {
        case .add: return bin(.iadd)
        case .sub: return bin(.isub)
        case .mul: return bin(.imul)
        case .mod, .idiv:
            let d = emit(.guardNonZero, [xs[1]], pc: pc)!
            return append(op == .mod ? .imod : .ifloordiv, [xs[0], d])!
        case .band: return bin(.band)
        case .bor: return bin(.bor)
        case .bxor: return bin(.bxor)
        case .shl: return bin(.shl)
        case .shr: return bin(.shr)
        case .unm: return bin(.ineg)
        case .bnot: return bin(.bnot)
        case .pow, .div, .len: preconditionFailure("not an integer operation")
        }
    }

    mutating func floatOp(_ op: ArithOp, _ xs: [ValueID]) -> ValueID {
        func bin(_ o: IROp) -> ValueID { append(o, xs)! }
        switch op {
        case .add: return bin(.fadd)
        case .sub: return bin(.fsub)
        case .mul: return bin(.fmul)
        case .mod: return bin(.fmod)
        case .idiv: return bin(.ffloordiv)
        case .div: return bin(.fdiv)
        case .pow: return bin(.fpow)
        case .unm: return bin(.fneg)
        case .band, .bor, .bxor, .shl, .shr, .bnot, .len: preconditionFailure("not a float operation")
        }
    }

    /// x cond y as a bool.
    /// nil: the test never ran (no feedback), and the block ends in a noFeedback exit.
    mutating func compare(_ c: Cond, _ pc: Int, _ x: ValueID, _ y: ValueID) -> ValueID? {
        if c == .eq || c == .ne {
            // Against nil no metamethod answers (__eq is asked for two tables or two userdata
            // only): a tag test, whatever the other operand is.
            for (v, other) in [(x, y), (y, x)] {
                guard case .constNil? = constOf[other] else { continue }
                let isNil = append(.isNil, [boxed(v)])!
                return c == .eq ? isNil : append(.not, [isNil])!
            }
        }
        let fb = input.feedback[pc]
        // What each operand is, or is speculated to be from the feedback.
        func kind(_ v: ValueID) -> IRType {
            let t = f.type(of: v)
            guard t == .value else { return t }
            return fb == Feedback.intBit ? .int : fb == Feedback.floatBit ? .float : .value
        }
        let kx = kind(x), ky = kind(y)
        let numeric: (IRType) -> Bool = { $0 == .int || $0 == .float }
        if kx == .int && ky == .int {
            return append(.icmp(c), [intOperand(x, pc), intOperand(y, pc)])!
        }
        if numeric(kx) && numeric(ky) {
            // An integer below 2^53 in magnitude converts exactly, and rounding is monotonic:
            // against a constant below 2^53 (either side) the float compare gives Lua's exact
            // answer. (Not at 2^53: 2^53 + 1 rounds to it, and `2^53 + 1 == 2^53.0` is false in
            // Lua. The constant's magnitude is judged before any conversion, which would round.)
            let exact = kx == ky || Self.exactlyComparable(constOf[x]) || Self.exactlyComparable(constOf[y])
            if exact {
                return append(.fcmp(c), [unboxFloat(x, pc, intsSeen: false), unboxFloat(y, pc, intsSeen: false)])!
            }
        }
        switch input.code[pc].opcode {
        case .eq, .lt, .le, .eqK, .eqI, .ltI, .leI, .gtI, .geI:
            // These record their operands' types whenever they run.
            if fb == 0 {
                exitHere(pc, .noFeedback)
                return nil
            }
        default: break
        }
        return callOut(.compare(c), [boxed(x), boxed(y)], pc: pc)!
    }

    // MARK: numeric for

    mutating func forPrep(_ pc: Int, _ i: Instruction) {
        let a = i.a
        let body = pc + 1, exit = pc + 2 + i.bx
        let initV = get(a), stepV = get(a + 2)
        let stepConst = constOf[stepV]
        let floatLoop: Bool
        if case .constFloat? = stepConst { floatLoop = true } else { floatLoop = f.type(of: initV) == .float || f.type(of: stepV) == .float }
        if floatLoop, let step = constantNumber(stepConst), step != 0 {
            let i0 = unboxFloat(initV, pc, intsSeen: true)
            let lim = unboxFloat(get(a + 1), pc, intsSeen: true)
            let st = f.type(of: stepV) == .float ? stepV : append(.constFloat(step))!
            // Skipped only when the start is past the limit (limit < init for step > 0), as
            // lua's forprep tests it: a NaN start or limit runs the body once, then forLoop's
            // `idx <= limit` is false and the loop ends.
            let skip = append(.fcmp(.lt), step > 0 ? [lim, i0] : [i0, lim])!
            var bodyEnv = env
            bodyEnv[a] = i0; bodyEnv[a + 1] = lim; bodyEnv[a + 2] = st; bodyEnv[a + 3] = i0
            floatSteps[pc + 1 + i.bx] = step
            branch(skip, exit, env, body, bodyEnv, pc: pc)
            return
        }
        let i0 = int(a, pc), lim = int(a + 1, pc), st = int(a + 2, pc)
        var knownPositive = false
        if case .constInt(let s)? = constOf[st], s > 0 { knownPositive = true }
        if !knownPositive {
            let zero = append(.constInt(0))!
            emit(.guardTrue(.forLoopShape), [append(.icmp(.gt), [st, zero])!], pc: pc)
        }
        let skip = append(.icmp(.gt), [i0, lim])!
        let span = append(.isub, [lim, i0])!
        var count = span
        if case .constInt(1)? = constOf[st] {} else { count = append(.iudiv, [span, st])! }
        var bodyEnv = env
        bodyEnv[a + 1] = count; bodyEnv[a + 3] = i0
        branch(skip, exit, env, body, bodyEnv, pc: pc)
    }

    /// A numeric constant below 2^53 in magnitude (a NaN is not).
    static func exactlyComparable(_ op: IROp?) -> Bool {
        switch op {
        case .constInt(let n)?: return n.magnitude < 1 << 53
        case .constFloat(let d)?: return d.magnitude < 9007199254740992.0
        default: return false
        }
    }

    func constantNumber(_ op: IROp?) -> Double? {
        if case .constInt(let n)? = op { return Double(n) }
        if case .constFloat(let d)? = op { return d }
        return nil
    }

    mutating func forLoop(_ pc: Int, _ i: Instruction) {
        let a = i.a
        let back = pc + 1 - i.bx, exit = pc + 1
        if let step = floatSteps[pc] ?? input.osrFloatSteps[pc] {
            let stepV = unboxFloat(get(a + 2), pc, intsSeen: false)
            if floatSteps[pc] == nil {
                // The step's sign came from the frame that asked for the OSR entry: another
                // frame entering this code must have the same (the compare below depends on it).
                let zero = append(.constFloat(0))!
                emit(.guardTrue(.forLoopShape), [append(.fcmp(step > 0 ? .gt : .lt), [stepV, zero])!], pc: pc)
            }
            let idx = append(.fadd, [unboxFloat(get(a), pc, intsSeen: false), stepV])!
            let lim = unboxFloat(get(a + 1), pc, intsSeen: false)
            let cont = append(.fcmp(.le), step > 0 ? [idx, lim] : [lim, idx])!
            var backEnv = env
            backEnv[a] = idx; backEnv[a + 3] = idx
            branch(cont, back, backEnv, exit, env, pc: pc)
            return
        }
        if input.osrEntryPC == back { speculateOnEntry(a + 2, .int, header: back) }
        let count = int(a + 1, pc), st = int(a + 2, pc), idx = int(a, pc)
        let next = append(.iadd, [idx, st])!
        var backEnv = env
        backEnv[a] = next
        backEnv[a + 1] = append(.isub, [count, append(.constInt(1))!])!
        backEnv[a + 3] = next
        if let mask = stripMineMask(header: back, latch: pc) {
            // The limit check moves from the header to every (mask + 1)-th back-edge, where the
            // exit test joins it: `count & mask != 0` (one `test`) goes straight back; otherwise
            // `count == 0` leaves the loop, and anything else takes the check on its way back.
            // The check's state is the header's (the FORLOOP done), as a header check's was; the
            // blocks stand for no bytecode of their own (--jit-stats counted the FORLOOP).
            // What the rare path uses of the values this block defines comes in as parameters
            // of its first block: guard coalescing, copying this block's rest, then joins
            // nothing on the hot path (each copy passes its own).
            let more = append(.testBits(mask), [count])!
            let defined = Set(f.blocks[cur!.index].instrs.compactMap(\.result))
            var passed: [ValueID] = []
            for v in env + backEnv { if let v, defined.contains(v), !passed.contains(v) { passed.append(v) } }
            let exitTest = f.newBlock(pc: pc, params: passed.map { f.type(of: $0) }), check = f.newBlock(pc: pc)
            f.blocks[exitTest.index].pinnedParams = true
            terminate(.branch(more, ifTrue: BlockCall(target(back, backEnv, from: pc), []), ifFalse: BlockCall(exitTest, passed)),
                      edges: [(back, backEnv)], pc: pc)
            var renamed: [ValueID: ValueID] = [:]
            for (v, p) in zip(passed, f.blocks[exitTest.index].params) {
                renamed[v] = p
                if let r = loadOf[v] { loadOf[p] = r }  // still the slot's value (frame states skip it)
                if let w = refinedFrom[v] { refinedFrom[p] = renamed[w] ?? w }
                if let c = constOf[v] { constOf[p] = c }
            }
            env = env.map { $0.map { renamed[$0] ?? $0 } }
            backEnv = backEnv.map { $0.map { renamed[$0] ?? $0 } }
            cur = exitTest
            let done = append(.icmp(.eq), [renamed[count] ?? count, append(.constInt(0))!])!
            terminate(.branch(done, ifTrue: BlockCall(target(exit, env, from: pc), []), ifFalse: BlockCall(check, [])),
                      edges: [(exit, env)], pc: pc)
            cur = check
            env = backEnv
            emit(.checkLimit, [], pc: back)
            goto(back, from: pc)
            return
        }
        let cont = append(.icmp(.ne), [count, append(.constInt(0))!])!
        branch(cont, back, backEnv, exit, env, pc: pc)
    }

    /// In an OSR build entering at `header`: the entry checks that register r holds a t, so the
    /// loop has it unboxed from the start instead of guarding a reload on every iteration. For
    /// a for loop's step: its FORPREP (which checked it) lies before the entry, nothing in the
    /// body writes it, and its guard at FORLOOP would fail on the first iteration anyway.
    mutating func speculateOnEntry(_ r: Int, _ t: IRType, header: Int) {
        let v = get(r)
        guard f.type(of: v) == .value, isSlotValue(v, r) else { return }
        hints.osrTypes[r] = t
    }

    // MARK: strip mining

    /// Strip mining of the integer loop whose FORLOOP is at `latch` (HotSpot C2's loop strip mining
    /// of safepoint polls): the back-edge limit check runs once every 2^k iterations instead of on
    /// every one, where the iteration count's low k bits are zero, so the exit test's one `test`
    /// also decides when to check. Only for a loop whose one back-edge is its FORLOOP and whose
    /// body never calls out (a call or a runtime helper could run Lua: a hook it sets takes effect
    /// at the next check, as with a check per iteration), with 2^k * its bytecodes at most
    /// `JITLimits.stripMinedBytecodes`, which bounds the compiled work between two checks (the
    /// interrupt latency) as a loop body's own length bounds it. Returns the mask 2^k - 1 after
    /// removing the header's check, or nil to keep it.
    mutating func stripMineMask(header: Int, latch: Int) -> Int64? {
        guard flow.backEdgeCounts[header] == 1, let hb = blockAt[header],
              let check = f.blocks[hb.index].instrs.firstIndex(where: { $0.op == .checkLimit }) else { return nil }
        let body = f.blocks[hb.index...].filter { (header...latch).contains($0.pc) }
        guard !body.contains(where: { $0.instrs.contains { $0.op.info.effect == .mayCallOut } }) else { return nil }
        let length = latch - header + 1
        var iterations = JITLimits.maxStripMinedIterations
        while iterations > 1 && iterations * length > JITLimits.stripMinedBytecodes { iterations /= 2 }
        guard iterations > 1 else { return nil }
        f.blocks[hb.index].instrs.remove(at: check)
        return Int64(iterations - 1)
    }
}
