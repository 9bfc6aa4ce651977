// The builder's lowering of each opcode: speculation from static types first, then from the
// instruction's feedback, else a generic op that calls the runtime.
//
// Invariants: the switch over opcodes is exhaustive; an opcode without a compiled form becomes
// `interp` (the interpreter's semantics for that one instruction, with a full frame state) or, if
// it transfers control, an `exit` terminator: never a silent skip. Guards name the instruction's
// own pc in their frame state, so a failed guard re-executes it in the interpreter.
import LuaBytecode
import LuaRuntime

extension FunctionBuilder {
    /// Lower the instruction at pc; returns the pc to continue at.
    mutating func lower(_ pc: Int) -> Int {
        let i = input.code[pc]
        let a = i.a
        let next = pc + flow.size(pc)
        if input.interpretedPCs.contains(pc) {
            // A table access whose fast path kept exiting (a metatable answers, a key is
            // missing): no speculation, the interpreter's one step with its full semantics.
            switch i.opcode {
            case .getI:
                // An integer key the array part does not hold (0-based arrays, sparse tables):
                // the table's own lookup, through a helper.
                env[a] = emit(.tableGetInt, [table(i.b, pc), append(.constInt(Int64(i.c)))!], pc: pc)
                return next
            case .getTable where input.feedback[pc] == Feedback.intBit:
                env[a] = emit(.tableGetInt, [table(i.b, pc), int(i.c, pc)], pc: pc)
                return next
            case .getTabUp, .getField, .getTable, .setTabUp, .setField, .setI, .setTable, .self:
                emit(.interp(i.opcode), [], pc: pc)
                flushedToSlots()
                return next
            default: break
            }
        }
        switch i.opcode {
        case .getTabUp where input.feedback[pc] & Feedback.slowPathBit != 0,
             .getField where input.feedback[pc] & Feedback.slowPathBit != 0,
             .setTabUp where input.feedback[pc] & Feedback.slowPathBit != 0,
             .setField where input.feedback[pc] & Feedback.slowPathBit != 0,
             .self where input.feedback[pc] & Feedback.slowPathBit != 0:
            // The interpreter took this access's slow path (a field added, a metatable that
            // answers, a receiver that is not a table): no speculation that would fail the same
            // way, the interpreter's one step with its full semantics.
            emit(.interp(i.opcode), [], pc: pc)
            flushedToSlots()
        case .move: env[a] = get(i.b)
        case .loadI: env[a] = append(.constInt(Int64(i.sBx)))
        case .loadF: env[a] = append(.constFloat(Double(i.sBx)))
        case .loadK: env[a] = constant(i.bx)
        case .loadKX: env[a] = constant(input.code[pc + 1].ax)
        case .loadFalse: env[a] = append(.constBool(false))
        case .loadTrue: env[a] = append(.constBool(true))
        case .lFalseSkip:
            env[a] = append(.constBool(false))
            goto(pc + 2, from: pc)
        case .loadNil:
            let n = append(.constNil)
            for r in a...(a + i.b) { env[r] = n }
        case .getUpval: env[a] = append(.getUpval(i.b))
        case .setUpval: append(.setUpval(i.b), [boxed(get(a))])
        case .getTabUp:
            let t = emit(.guardTable, [append(.getUpval(i.b))!], pc: pc)!
            env[a] = emit(.fieldLoad(i.c), [t], pc: pc)
        case .getField: env[a] = emit(.fieldLoad(i.c), [table(i.b, pc)], pc: pc)
        case .getI where i.c < 1:
            // A key below 1 is never in the array part: the table's own lookup.
            env[a] = emit(.tableGetInt, [table(i.b, pc), append(.constInt(Int64(i.c)))!], pc: pc)
        case .getI: env[a] = arrayLoad(table(i.b, pc), append(.constInt(Int64(i.c)))!, pc)
        case .getTable where input.feedback[pc] == Feedback.intBit | Feedback.outsideArrayBit:
            // Integer keys, some outside the array part (the interpreter saw them): no bounds
            // speculation, the table's own lookup.
            env[a] = emit(.tableGetInt, [table(i.b, pc), int(i.c, pc)], pc: pc)
        case .getTable:
            let key = get(i.c)  // before f.type(of:): get may append to f
            if input.feedback[pc] == Feedback.intBit || f.type(of: key) == .int {
                env[a] = arrayLoad(table(i.b, pc), int(i.c, pc), pc)
            } else if input.feedback[pc] == Feedback.stringBit || f.type(of: key) == .string {
                // String keys (a dictionary's): the table's own lookup, through a helper.
                let t = table(i.b, pc)
                env[a] = emit(.tableGetStr, [t, string(i.c, pc)], pc: pc)
            } else {
                env[a] = callOut(.getTable, [boxed(get(i.b)), boxed(key)], pc: pc)
            }
        case .setTabUp:
            let t = emit(.guardTable, [append(.getUpval(a))!], pc: pc)!
            emit(.fieldStore(i.b), [t, rk(i, pc)], pc: pc)
        case .setField: emit(.fieldStore(i.b), [table(a, pc), rk(i, pc)], pc: pc)
        case .setI where i.b < 1:
            // A key below 1 is never in the array part: the table's own store.
            emit(.tableSetInt, [table(a, pc), append(.constInt(Int64(i.b)))!, rk(i, pc)], pc: pc)
        case .setTable where input.feedback[pc] == Feedback.intBit | Feedback.outsideArrayBit:
            // Integer keys, some outside the array part (the interpreter saw them).
            let t = table(a, pc)
            emit(.tableSetInt, [t, int(i.b, pc), rk(i, pc)], pc: pc)
        case .setI:
            let t = table(a, pc)
            arrayStore(t, append(.constInt(Int64(i.b)))!, rk(i, pc), pc)
        case .setTable:
            let key = get(i.b)
            if input.feedback[pc] == Feedback.intBit || f.type(of: key) == .int {
                let t = table(a, pc)
                arrayStore(t, int(i.b, pc), rk(i, pc), pc)
            } else if input.feedback[pc] == Feedback.stringBit || f.type(of: key) == .string {
                let t = table(a, pc)
                emit(.tableSetStr, [t, string(i.b, pc), rk(i, pc)], pc: pc)
            } else {
                callOut(.setTable, [boxed(get(a)), boxed(key), rk(i, pc)], pc: pc)
            }
        case .addI: arith(.add, pc, a, get(i.b), append(.constInt(Int64(i.sC)))!)
        case .addK: arith(.add, pc, a, get(i.b), constant(i.c))
        case .subK: arith(.sub, pc, a, get(i.b), constant(i.c))
        case .mulK: arith(.mul, pc, a, get(i.b), constant(i.c))
        case .modK: arith(.mod, pc, a, get(i.b), constant(i.c))
        case .powK: arith(.pow, pc, a, get(i.b), constant(i.c))
        case .divK: arith(.div, pc, a, get(i.b), constant(i.c))
        case .idivK: arith(.idiv, pc, a, get(i.b), constant(i.c))
        case .bandK: arith(.band, pc, a, get(i.b), constant(i.c))
        case .borK: arith(.bor, pc, a, get(i.b), constant(i.c))
        case .bxorK: arith(.bxor, pc, a, get(i.b), constant(i.c))
        case .shrI: arith(.shr, pc, a, get(i.b), append(.constInt(Int64(i.sC)))!)
        case .shlI: arith(.shl, pc, a, append(.constInt(Int64(i.sC)))!, get(i.b))
        case .add: arith(.add, pc, a, get(i.b), get(i.c))
        case .sub: arith(.sub, pc, a, get(i.b), get(i.c))
        case .mul: arith(.mul, pc, a, get(i.b), get(i.c))
        case .mod: arith(.mod, pc, a, get(i.b), get(i.c))
        case .pow: arith(.pow, pc, a, get(i.b), get(i.c))
        case .div: arith(.div, pc, a, get(i.b), get(i.c))
        case .idiv: arith(.idiv, pc, a, get(i.b), get(i.c))
        case .band: arith(.band, pc, a, get(i.b), get(i.c))
        case .bor: arith(.bor, pc, a, get(i.b), get(i.c))
        case .bxor: arith(.bxor, pc, a, get(i.b), get(i.c))
        case .shl: arith(.shl, pc, a, get(i.b), get(i.c))
        case .shr: arith(.shr, pc, a, get(i.b), get(i.c))
        case .unm: arith(.unm, pc, a, get(i.b), nil)
        case .bnot: arith(.bnot, pc, a, get(i.b), nil)
        case .len: env[a] = callOut(.arith(.len), [boxed(get(i.b))], pc: pc)
        case .not: env[a] = append(.not, [truth(get(i.b))])
        case .jmp: goto(pc + 1 + i.sJ, from: pc)
        case .eq: if let c = compare(.eq, pc, get(a), get(i.b)) { condJump(pc, c) }
        case .lt: if let c = compare(.lt, pc, get(a), get(i.b)) { condJump(pc, c) }
        case .le: if let c = compare(.le, pc, get(a), get(i.b)) { condJump(pc, c) }
        case .eqK where isShortString(i.b):
            // Equality with a short string constant: one tag and pointer test, whatever the
            // other value is (interned strings; no __eq between a string and anything).
            condJump(pc, append(.eqShortString(i.b), [boxed(get(a))])!)
        case .eqK: if let c = compare(.eq, pc, get(a), constant(i.b)) { condJump(pc, c) }
        case .eqI: if let c = compare(.eq, pc, get(a), immediate(i)) { condJump(pc, c) }
        case .ltI: if let c = compare(.lt, pc, get(a), immediate(i)) { condJump(pc, c) }
        case .leI: if let c = compare(.le, pc, get(a), immediate(i)) { condJump(pc, c) }
        case .gtI: if let c = compare(.gt, pc, get(a), immediate(i)) { condJump(pc, c) }
        case .geI: if let c = compare(.ge, pc, get(a), immediate(i)) { condJump(pc, c) }
        case .test: condJump(pc, truth(get(a)))
        case .testSet:
            let v = get(i.b)
            var taken = env
            taken[a] = v
            condJump(pc, truth(v), takenEnv: taken)
        case .return0: terminateReturn([])
        case .return1: terminateReturn([boxed(get(a))])
        case .return:
            if i.b >= 1 && i.c == 0 {
                if i.k {
                    // A return that closes (a local captured by a closure, a to-be-closed
                    // variable, a generic for's): when nothing is open at or above this frame,
                    // it is a plain return; else the interpreter's RETURN closes them.
                    emit(.guardTrue(.notCompiled), [append(.noneToClose(0))!], pc: pc)
                }
                terminateReturn((0..<(i.b - 1)).map { boxed(get(a + $0)) })
            } else { exitHere(pc) }
        case .tailCall: exitHere(pc)  // the interpreter reuses the frame: tail calls never nest
        case .tForPrep:
            // It enters its loop in the middle (at TFORCALL, after the body). Over an iterator
            // taken in, the first step is made here, in front of the body (loop inversion), so
            // the body's start is a header entered by forward edges (IRBuilder+Iterators). Any
            // other loop is compiled through its OSR entry at the body's start, once the
            // interpreter took the back-edge (a header must be built before the edges that come
            // back to it).
            let call = pc + 1 + i.bx
            if call < input.code.count, input.code[call].opcode == .tForCall,
               case .intrinsic(let what, let index)? = input.callTargets[call], !input.interpretedPCs.contains(call),
               genericForStep(call, input.code[call], what, nativeIndex: index, prepPC: pc) { break }
            exitHere(pc)
        case .forPrep: forPrep(pc, i)
        case .forLoop: forLoop(pc, i)
        case .tForLoop:
            let v = get(a + 4)
            var back = env
            back[a + 2] = v
            branch(append(.isNil, [v])!, pc + 1, env, pc + 1 - i.bx, back, pc: pc)
        case .call where input.feedback[pc] == 0:
            // Never made by the interpreter: no callee to take in, no kind of callee to weigh
            // (eager modes compile before anything ran). Leave, and be made again with feedback.
            exitHere(pc, .noFeedback)
        case .call:
            // A profiled callee taken in (IRBuilder+Inline), unless its guard kept failing here.
            if let t = input.callTargets[pc], !input.interpretedPCs.contains(pc), takeInCall(pc, i, t) { break }
            emit(.call, [], pc: pc)
            flushedToSlots()
        case .varArgPrep:
            break  // the runtime builds the vararg frame on entry: the registers are already in place
        case .self where i.k && isShortString(i.c) && input.feedback[pc] == Feedback.stringBit:
            // s:method(): the receivers were strings (the interpreter records that), whose
            // methods are the string metatable's __index table's fields.
            let s = string(i.b, pc)
            env[a] = emit(.stringMethod(i.c), [], pc: pc)
            env[a + 1] = s
        case .self where i.k && isShortString(i.c):
            // R[A+1] := R[B]; R[A] := R[B][K[C]]: a method looked up as a field, through the
            // object's `__index` tables (a string receiver fails the table guard once per
            // version, and the next one leaves this SELF interpreted).
            let t = table(i.b, pc)
            env[a] = emit(.fieldLoad(i.c), [t], pc: pc)
            env[a + 1] = t
        case .tForCall:
            // `next` or ipairs' iterator, taken in with the TFORLOOP after it (IRBuilder+Iterators).
            if case .intrinsic(let what, let index)? = input.callTargets[pc], !input.interpretedPCs.contains(pc),
               genericForStep(pc, i, what, nativeIndex: index) { return pc + 2 }
            emit(.interp(i.opcode), [], pc: pc)
            flushedToSlots()
        case .close where !input.code.contains(where: { $0.opcode == .closure || $0.opcode == .tbc }):
            // A function that makes no closure and declares no to-be-closed variable opens
            // nothing at or above R[A] itself (a generic for's CLOSE): only a closing value its
            // TFORPREP took could be there, and then the interpreter's CLOSE closes it. (Where
            // closures are made, a loop's CLOSE would leave compiled code every iteration: it
            // stays the interpreter's step.)
            emit(.guardTrue(.notCompiled), [append(.noneToClose(a))!], pc: pc)
        case .newTable, .close, .self, .concat, .tbc, .setList, .closure, .varArg:
            emit(.interp(i.opcode), [], pc: pc)
            flushedToSlots()
        case .extraArg:
            assertionFailure("extraArg is consumed with the instruction before it")
        }
        return i.opcode.isTest ? pc + 2 : next
    }

    // MARK: operands

    mutating func constant(_ k: Int) -> ValueID {
        switch input.constants[k] {
        case .nil: return append(.constNil)!
        case .boolean(let b): return append(.constBool(b))!
        case .integer(let n): return append(.constInt(n))!
        case .float(let bits): return append(.constFloat(Double(bitPattern: bits)))!
        case .string: return append(.constK(k))!
        }
    }

    /// Whether K[k] is a string short enough to be interned (field lookups compare pointers).
    func isShortString(_ k: Int) -> Bool {
        if case .string(let bytes) = input.constants[k] { return bytes.count <= Limits.maxShortStringLength }
        return false
    }

    /// The sB immediate of ltI...geI/eqI: an integer, or a float when C says so.
    mutating func immediate(_ i: Instruction) -> ValueID {
        i.c != 0 ? append(.constFloat(Double(i.sB)))! : append(.constInt(Int64(i.sB)))!
    }

    /// RK(C) of a store, boxed.
    mutating func rk(_ i: Instruction, _ pc: Int) -> ValueID {
        boxed(i.k ? constant(i.c) : get(i.c))
    }

    /// Register r as a table, guarded once: the register then holds the unboxed pointer.
    mutating func table(_ r: Int, _ pc: Int) -> ValueID { object(r, .table, .guardTable, pc) }

    /// Register r as a string, guarded once: the register then holds the unboxed pointer.
    mutating func string(_ r: Int, _ pc: Int) -> ValueID { object(r, .string, .guardString, pc) }

    /// Register r as an object of `type` (a table or a string), checked by `guardOp` once: the
    /// register then holds the unboxed pointer. A value known to be of another type gets the
    /// guard anyway: it always exits, and the interpreter raises.
    private mutating func object(_ r: Int, _ type: IRType, _ guardOp: IROp, _ pc: Int) -> ValueID {
        let v = get(r)
        let t = f.type(of: v)
        if t == type { return v }
        guard t == .value else { return emit(guardOp, [boxed(v)], pc: pc)! }
        let u = emit(guardOp, [v], pc: pc)!
        env[r] = u
        refinedFrom[u] = v
        return u
    }

    /// Register r as an integer, guarded once.
    mutating func int(_ r: Int, _ pc: Int) -> ValueID {
        let v = get(r)
        let u = unboxInt(v, pc)
        if f.type(of: v) == .value { env[r] = u }
        return u
    }

    mutating func unboxInt(_ v: ValueID, _ pc: Int) -> ValueID {
        if f.type(of: v) == .int { return v }
        let u = emit(.guardInt, [boxed(v)], pc: pc)!
        refinedFrom[u] = v
        return u
    }

    /// A number as a float: converted when an integer, guarded when boxed.
    mutating func unboxFloat(_ v: ValueID, _ pc: Int, intsSeen: Bool) -> ValueID {
        switch f.type(of: v) {
        case .float: return v
        case .int: return append(.intToFloat, [v])!
        case .value:
            let u = emit(intsSeen ? .guardNumber : .guardFloat, [v], pc: pc)!
            if !intsSeen {
                // Exactly the same Lua value: registers holding it hold the float from now on.
                refinedFrom[u] = v
                for r in env.indices where env[r] == v { env[r] = u }
            }
            return u
        case .bool, .table, .string, .void: return emit(.guardFloat, [boxed(v)], pc: pc)!
        }
    }

    /// The Lua truth of a value as a bool.
    mutating func truth(_ v: ValueID) -> ValueID {
        switch f.type(of: v) {
        case .bool: return v
        case .value: return append(.truthy, [v])!
        case .int, .float, .table, .string, .void: return append(.constBool(true))!
        }
    }

    mutating func arrayLoad(_ t: ValueID, _ key: ValueID, _ pc: Int) -> ValueID {
        let idx = emit(.guardArrayBounds, [t, key], pc: pc)!
        return emit(.arrayLoad, [t, idx], pc: pc)!
    }

    mutating func arrayStore(_ t: ValueID, _ key: ValueID, _ v: ValueID, _ pc: Int) {
        let idx = emit(.guardArrayBounds, [t, key], pc: pc)!
        emit(.arrayStore, [t, idx, v], pc: pc)
    }

    // MARK: control

    /// A test at pc: go to the jmp's target when the condition equals k, else past the jmp.
    mutating func condJump(_ pc: Int, _ c: ValueID, takenEnv: [ValueID?]? = nil) {
        guard case .cond(let taken, let fall) = flow.flow(pc) else { preconditionFailure("not a test") }
        let k = input.code[pc].k
        let tEnv = takenEnv ?? env
        if k { branch(c, taken, tEnv, fall, env, pc: pc) } else { branch(c, fall, env, taken, tEnv, pc: pc) }
    }

    mutating func terminateReturn(_ values: [ValueID]) {
        f.blocks[cur!.index].terminator = .ret(values)
        cur = nil
    }

    /// Leave for the interpreter at pc (an instruction that ends a block and has no compiled form).
    mutating func exitHere(_ pc: Int, _ reason: DeoptReason = .notCompiled) {
        f.blocks[cur!.index].terminator = .exit(Exit(reason: reason, state: state(pc)))
        cur = nil
    }
}
