// The dispatch loop's out-of-line helpers: metamethod slow paths, number fast paths shared by
// several opcodes, numeric-for preparation, GC checks and the in-loop pcall/xpcall.
//
// Invariants: every helper that can run Lua code or raise an error first stores the frame's
// savedPC and raises the thread's top to the frame's top (see Interpreter.swift).

import LuaBytecode
import LuaRuntime

/// Which operand of an instruction names the value in an error message. The dispatch loop passes
/// the instruction word and one of these to the slow paths below, which decode it there: an
/// operand decoded in the loop for a slow path stays alive in a register across the fast path
/// too (decoding here measured 1-9% fewer instructions on the benchmark programs).
enum Operand {
    case none, regA, regB, upA, upB
    @inline(__always) func info(_ i: UInt32) -> ErrInfo {
        switch self {
        case .none: return .none
        case .regA: return .register(opA(i))
        case .regB: return .register(opB(i))
        case .upA: return .upvalue(opA(i))
        case .upB: return .upvalue(opB(i))
        }
    }
}

extension Interpreter {
    @inline(never)
    static func getSlow(_ vm: VM, _ ci: CI, _ pc: PC, _ t: Value, _ key: Value, _ i: UInt32, _ o: Operand) throws(VMError) -> Value {
        noteFieldSlowPath(ci, pc, i)
        return try getSlow(vm, ci, pc, t, key, o.info(i))
    }

    @inline(never)
    static func setSlow(_ vm: VM, _ ci: CI, _ pc: PC, _ t: Value, _ key: Value, _ v: Value, _ i: UInt32, _ o: Operand) throws(VMError) {
        // A table given a field it lacked (its value was nil), with no __newindex to ask: a
        // store that overwrites is compiled with an exit for the adding case, so this is not a
        // fast path failing (objects get their fields set late: richards' `self.current = t`).
        // The feedback counts the fields it added (Feedback.addedFields): a store that keeps
        // adding them (a constructor filling a fresh table) is left to the interpreter.
        let adds = t.tag == Tag.table && (t.tbl.pointee.metatable == nil || vm.tm(t, .newindex).isNil)
        noteFieldSlowPath(ci, pc, i, adds ? Feedback.addedFieldBit : Feedback.slowPathBit)
        if adds && (i & 0x7F == UInt32(Opcode.setField.rawValue) || i & 0x7F == UInt32(Opcode.setTabUp.rawValue)) {
            let p = ci.pointee.closure.unsafelyUnwrapped.pointee.proto
            let fb = p.pointee.feedback + (pc - p.pointee.code - 1)
            if fb.pointee & Feedback.addedFieldsMask != Feedback.addedFieldsMask { fb.pointee += 1 }
        }
        try setSlow(vm, ci, pc, t, key, v, o.info(i))
    }

    /// A field access (constant key) took its slow path: Feedback.slowPathBit in its feedback, for
    /// the compiling tier (recorded here, out of the dispatch loop, where it costs the loop
    /// nothing). `pc` is past the instruction, as in the loop.
    @inline(__always)
    static func noteFieldSlowPath(_ ci: CI, _ pc: PC, _ i: UInt32, _ bit: UInt16 = Feedback.slowPathBit) {
        let op = unsafeBitCast(UInt8(truncatingIfNeeded: i & 0x7F), to: Opcode.self)
        guard op == .getTabUp || op == .getField || op == .self || op == .setTabUp || op == .setField else { return }
        let p = ci.pointee.closure.unsafelyUnwrapped.pointee.proto
        p.pointee.feedback[pc - p.pointee.code - 1] |= bit
    }

    @inline(never)
    static func arithSlow(_ vm: VM, _ ci: CI, _ pc: PC, _ op: ArithOp, _ x: Value, _ y: Value,
                          _ i: UInt32, _ ox: Operand, _ oy: Operand) throws(VMError) -> Value {
        try arithSlow(vm, ci, pc, op, x, y, ox.info(i), oy.info(i))
    }

    @inline(never)
    static func lengthSlow(_ vm: VM, _ ci: CI, _ pc: PC, _ x: Value, _ i: UInt32, _ o: Operand) throws(VMError) -> Value {
        try lengthSlow(vm, ci, pc, x, o.info(i))
    }

    /// ltI/leI/gtI/geI with a non-number operand, the immediate decoded from the instruction word.
    @inline(never)
    static func compareImmediate(_ vm: VM, _ ci: CI, _ pc: PC, _ op: Opcode, _ x: Value, _ i: UInt32) throws(VMError) -> Bool {
        try compareImmediate(vm, ci, pc, op, x, opSB(i), opC(i) != 0)
    }
}

extension Interpreter {
    @inline(__always)  // the body of the Operand form above (one call on the slow path)
    static func getSlow(_ vm: VM, _ ci: CI, _ pc: PC, _ t: Value, _ key: Value, _ info: ErrInfo) throws(VMError) -> Value {
        ci.pointee.savedPC = pc
        vm.current.pointee.top = ci.pointee.topIdx
        return try yieldableMM(ci) { () throws(VMError) in try vm.getIndex(t, key, info) }
    }

    @inline(__always)  // the body of the Operand form above (one call on the slow path)
    static func setSlow(_ vm: VM, _ ci: CI, _ pc: PC, _ t: Value, _ key: Value, _ v: Value, _ info: ErrInfo) throws(VMError) {
        ci.pointee.savedPC = pc
        vm.current.pointee.top = ci.pointee.topIdx
        try yieldableMM(ci) { () throws(VMError) in try vm.setIndex(t, key, v, info) }
    }

    @inline(never)
    static func arithSlow(_ vm: VM, _ ci: CI, _ pc: PC, _ op: ArithOp, _ x: Value, _ y: Value,
                          _ ix: ErrInfo, _ iy: ErrInfo) throws(VMError) -> Value {
        ci.pointee.savedPC = pc
        vm.current.pointee.top = ci.pointee.topIdx
        return try yieldableMM(ci) { () throws(VMError) in try vm.arith(op, x, y, ix, iy) }
    }

    /// A native call from the dispatch loop (kept out of line so the loop stays small).
    @inline(never)
    static func callNativeOutOfLine(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ fIdx: Int, _ nres: Int, _ idx: Int) throws(VMError) -> CI? {
        try callNativeHooked(vm, th, fIdx, nres, idx, nil, callEvent: false)
    }

    /// `t[key]` for a table whose own field is absent: follow `__index` while it is a plain
    /// table (the class/prototype pattern). nil: a function or other value must be called, or
    /// the chain is long; the caller takes the general slow path.
    @inline(never)
    static func indexViaMetaTable(_ vm: VM, _ t: UnsafeMutablePointer<LTable>, _ key: UnsafeMutablePointer<LString>) -> Value? {
        var cur = t
        for _ in 0..<8 {
            guard let mt = cur.pointee.metatable else { return .nil }
            let h = vm.fastTM(mt, .index)
            if h.isNil { return .nil }
            guard h.tag == Tag.table else { return nil }
            cur = h.tbl
            let v = LTable.getShortStr(cur, key)
            if !v.isNil { return v }
        }
        return nil
    }

    /// ltI/leI/gtI/geI with a non-number operand: metamethods or the comparison error.
    @inline(never)
    static func compareImmediate(_ vm: VM, _ ci: CI, _ pc: PC, _ op: Opcode, _ x: Value, _ imm: Int, _ isFloat: Bool) throws(VMError) -> Bool {
        ci.pointee.savedPC = pc
        vm.current.pointee.top = ci.pointee.topIdx
        let m: Value = isFloat ? .number(Double(imm)) : .integer(Int64(imm))
        return try yieldableMM(ci) { () throws(VMError) -> Bool in
            switch op {
            case .ltI: return try vm.lessThan(x, m)
            case .leI: return try vm.lessEqual(x, m)
            case .gtI: return try vm.lessThan(m, x)
            default: return try vm.lessEqual(m, x)
            }
        }
    }

    /// Arithmetic on mixed operands (int/float, strings, metamethods, errors).
    @inline(never)
    static func arithMixed(_ vm: VM, _ ci: CI, _ pc: PC, _ op: Opcode, _ x: Value, _ y: Value,
                           _ ix: ErrInfo, _ iy: ErrInfo) throws(VMError) -> Value {
        if let r = arithFast(op, x, y) { return r }
        return try arithSlow(vm, ci, pc, arithOp(op), x, y, ix, iy)
    }

    /// A GC safe point inside a Lua frame: its registers below `live` are live, those above are
    /// dead temporaries, and the collector clears them (the frame is marked `liveTop`), so a
    /// stale temporary keeps nothing alive. The allocating instructions pass A + 1: NEWTABLE,
    /// CLOSURE and CONCAT write the frame's topmost live register (their A is the first free
    /// register, as in lua); after a call, the open results' top or the whole frame.
    @inline(never)
    static func gcSlow(_ vm: VM, _ ci: CI, _ pc: PC, _ live: Int) throws(VMError) {
        ci.pointee.savedPC = pc
        let th = vm.current!
        let old = th.pointee.top
        th.pointee.top = ci.pointee.baseIdx + live
        ci.pointee.status |= CallStatus.liveTop
        defer {
            ci.pointee.status &= ~CallStatus.liveTop
            th.pointee.top = old
        }
        try vm.gcCheck()
    }

    /// Overwrite an existing string field in place; false if absent. __newindex is consulted
    /// only for absent keys: a key holding nil (set to nil earlier) is absent to Lua, so it is
    /// written here only when the metatable is known to have no __newindex (its absent-flags
    /// cache; an unknown answer takes the general path, which fills the cache).
    @inline(__always)
    static func setExistingStr(_ t: UnsafeMutablePointer<LTable>, _ s: UnsafeMutablePointer<LString>, _ v: Value) -> Bool {
        // Any string key works here, short or long: only the very same string object matches
        // (equal pointers, equal strings); anything else returns false for the general path.
        let cap = t.pointee.nodeCapacity
        if cap == 0 { return false }
        let nodes = t.pointee.nodes.unsafelyUnwrapped
        let mask = cap &- 1
        var j = Int(s.pointee.hash) & mask
        let bits = UInt64(UInt(bitPattern: s))
        while true {
            let key = nodes[j].key
            if key.payload == bits && key.tag == Tag.string {
                if nodes[j].value.isNil {
                    if let mt = t.pointee.metatable, mt.pointee.absentFlags & LTable.newindexAbsentBit == 0 { return false }
                    if !v.isNil { t.pointee.absentFlags = 0 }  // as a raw set of the key would
                }
                nodes[j].value = v
                return true
            }
            if key.tag == Tag.nil_ { return false }
            j = (j &+ 1) & mask
        }
    }

    @inline(__always)
    static func arithOp(_ op: Opcode) -> ArithOp {
        switch op {
        case .add, .addK, .addI: return .add
        case .sub, .subK: return .sub
        case .mul, .mulK: return .mul
        case .mod, .modK: return .mod
        case .pow, .powK: return .pow
        case .div, .divK: return .div
        case .idiv, .idivK: return .idiv
        case .band, .bandK: return .band
        case .bor, .borK: return .bor
        case .bxor, .bxorK: return .bxor
        case .shl, .shlI: return .shl
        case .shr, .shrI: return .shr
        case .unm: return .unm
        case .bnot: return .bnot
        case .move, .loadI, .loadF, .loadK, .loadKX, .loadFalse, .lFalseSkip, .loadTrue, .loadNil,
             .getUpval, .setUpval, .getTabUp, .getTable, .getI, .getField, .setTabUp, .setTable,
             .setI, .setField, .newTable, .self, .not, .len, .concat, .close, .tbc, .jmp, .eq, .lt,
             .le, .eqK, .eqI, .ltI, .leI, .gtI, .geI, .test, .testSet, .call, .tailCall, .return,
             .return0, .return1, .forLoop, .forPrep, .tForPrep, .tForCall, .tForLoop, .setList,
             .closure, .varArg, .varArgPrep, .extraArg:
            return .add
        }
    }

    /// Arithmetic on two numbers without errors (nil: not both numbers, or integer division by 0).
    @inline(__always)
    static func arithFast(_ op: Opcode, _ x: Value, _ y: Value) -> Value? {
        if x.tag == Tag.integer && y.tag == Tag.integer {
            let a = x.i, b = y.i
            switch op {
            case .add, .addK: return .integer(a &+ b)
            case .sub, .subK: return .integer(a &- b)
            case .mul, .mulK: return .integer(a &* b)
            case .mod, .modK: return b == 0 ? nil : .integer(LuaNumber.mod(a, b))
            case .idiv, .idivK: return b == 0 ? nil : .integer(LuaNumber.floorDiv(a, b))
            case .div, .divK: return .number(Double(a) / Double(b))
            case .pow, .powK: return .number(powd(Double(a), Double(b)))
            default: return nil
            }
        }
        guard let a = x.asDouble, let b = y.asDouble else { return nil }
        switch op {
        case .add, .addK: return .number(a + b)
        case .sub, .subK: return .number(a - b)
        case .mul, .mulK: return .number(a * b)
        case .div, .divK: return .number(a / b)
        case .mod, .modK: return .number(LuaNumber.fmod(a, b))
        case .idiv, .idivK: return .number((a / b).rounded(.down))
        case .pow, .powK: return .number(powd(a, b))
        default: return nil
        }
    }

    /// `^` on floats: C's pow, with the square root as a fast path only where the two agree
    /// (sqrt(-inf) is nan and sqrt(-0.0) is -0.0, where pow gives inf and 0.0).
    @inline(__always) static func powd(_ a: Double, _ b: Double) -> Double {
        b == 0.5 && a > 0 ? a.squareRoot() : LuaArithmetic.pow(a, b)
    }

    /// Prepare a numeric for loop at ra (init, limit, step); true if it runs zero times.
    static func forPrep(_ vm: VM, _ ra: UnsafeMutablePointer<Value>) throws(VMError) -> Bool {
        // The loop counts in integers only when start and step are integers as written; numeric
        // strings are then converted (lua's forprep uses the string coercion), and a converted
        // start or step makes a float loop, as in lua (`for i = "1", 2` counts 1.0, 2.0).
        let intLoop = ra[0].tag == Tag.integer && ra[2].tag == Tag.integer
        for j in 0..<3 where ra[j].isString {
            if let n = vm.toNumber(ra[j]) { ra[j] = n }
        }
        let initV = ra[0], limitV = ra[1], stepV = ra[2]
        if intLoop {
            let i0 = initV.i, step = stepV.i
            if step == 0 { throw vm.runtimeError("'for' step is zero") }
            var limit: Int64
            if limitV.tag == Tag.integer { limit = limitV.i }
            else if limitV.tag == Tag.float {
                let f = limitV.f
                let r = step < 0 ? f.rounded(.up) : f.rounded(.down)
                // A limit beyond the integers clips to the nearest end; NaN counts as below
                // every integer (as lua, whose test is `0 < limit`): no loop up, to minint down.
                if r >= 9223372036854775808.0 { if step < 0 { return true }; limit = Int64.max }
                else if r < -9223372036854775808.0 || r.isNaN { if step > 0 { return true }; limit = Int64.min }
                else { limit = Int64(r) }
            } else {
                throw forError(vm, "limit", limitV)
            }
            if step > 0 ? i0 > limit : i0 < limit { return true }
            // Iteration count (unsigned), so the loop never overflows.
            let count: UInt64
            if step > 0 {
                count = (UInt64(bitPattern: limit) &- UInt64(bitPattern: i0)) / UInt64(step)
            } else {
                let s = UInt64(bitPattern: 0 &- (step &+ 1)) &+ 1
                count = (UInt64(bitPattern: i0) &- UInt64(bitPattern: limit)) / s
            }
            ra[1] = .integer(Int64(bitPattern: count))
            ra[3] = .integer(i0)
            return false
        }
        guard initV.isNumber else { throw forError(vm, "initial value", initV) }
        guard limitV.isNumber else { throw forError(vm, "limit", limitV) }
        guard stepV.isNumber else { throw forError(vm, "step", stepV) }
        let i0 = initV.asDouble!, limit = limitV.asDouble!, step = stepV.asDouble!
        if step == 0 { throw vm.runtimeError("'for' step is zero") }
        // Skip only when the start is past the limit: with a NaN start or limit neither compare
        // holds, so the body runs once (the loop's own test then fails), as in lua.
        if step > 0 ? limit < i0 : i0 < limit { return true }
        ra[0] = .number(i0); ra[1] = .number(limit); ra[2] = .number(step); ra[3] = .number(i0)
        return false
    }

    static func forError(_ vm: VM, _ what: String, _ v: Value) -> VMError {
        vm.runtimeError("bad 'for' \(what) (number expected, got \(vm.objTypeName(v)))")
    }

    /// pcall/xpcall called from Lua: a pcall frame in this activation, then the callee.
    /// Returns the callee's frame if it is Lua code, nil if everything already completed.
    static func protectedCall(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ fIdx: Int, _ nres: Int, xpcall: Bool) throws(VMError) -> CI? {
        var nargs = th.pointee.top - fIdx - 1
        let s = th.pointee.stack
        if xpcall {
            if nargs < 2 || !s[fIdx + 2].isFunction {
                let got = nargs < 2 ? "no value" : vm.objTypeName(s[fIdx + 2])
                throw vm.runtimeError("bad argument #2 to 'xpcall' (function expected, got \(got))")
            }
        } else if nargs < 1 {
            throw vm.runtimeError("bad argument #1 to 'pcall' (value expected)")
        }
        let pci = vm.nextCI(th.pointee.ci)
        pci.pointee.funcIdx = fIdx
        pci.pointee.baseIdx = fIdx + 1
        pci.pointee.topIdx = th.pointee.top
        pci.pointee.savedPC = nil
        pci.pointee.closure = nil
        pci.pointee.nResults = nres
        pci.pointee.status = 0
        pci.pointee.nExtraArgs = 0
        pci.pointee.nativeIndex = xpcall ? vm.xpcallIndex : vm.pcallIndex
        th.pointee.ci = pci
        if th.pointee.hook.active && th.pointee.hook.mask & HookMask.call != 0 {
            // pcall is a C function to the hooks: its own call event (its arguments as given;
            // an error there is not pcall's to catch), then its callee's.
            try fireHook(vm, th, "call", nil, transfer: (1, nargs))
        }
        pci.pointee.status = CallStatus.pcall | (xpcall ? CallStatus.xpcall : 0)
        if xpcall {
            // Layout: handler in the pcall frame's slot, then f and its arguments.
            let s = th.pointee.stack
            let f = s[fIdx + 1]
            s[fIdx] = s[fIdx + 2]
            s[fIdx + 1] = f
            var j = fIdx + 2
            while j < th.pointee.top - 1 { s[j] = s[j + 1]; j += 1 }
            th.pointee.top -= 1
            pci.pointee.topIdx = th.pointee.top
            nargs -= 1
        }
        // A callee that is pcall or xpcall itself (`xpcall(pcall, h, f)`) gets its own marker
        // frame above this one, so that what it protects may yield too.
        let callee = th.pointee.stack[fIdx + 1]
        if callee.tag == Tag.lightNative && (Int(callee.payload) == vm.pcallIndex || Int(callee.payload) == vm.xpcallIndex) {
            if let nci = try protectedCall(vm, th, fIdx + 1, -1, xpcall: Int(callee.payload) == vm.xpcallIndex) { return nci }
        } else if th.pointee.hook.active {
            if let nci = try precallHooked(vm, th, fIdx + 1, -1) { return nci }
        } else if let nci = try precall(vm, fIdx + 1, -1) {
            return nci
        }
        try finishPcall(vm, th, pci)
        return nil
    }
}

#if canImport(Glibc)
import Glibc
#endif
