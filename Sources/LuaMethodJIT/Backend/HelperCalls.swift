// Calls from machine code into Swift helpers: the one place that knows how lowering calls a
// `@convention(c)` function, and the helpers the backend calls.
//
// A helper call, in order:
//   1. its arguments are read from wherever their values live into scratch registers (GP: rax,
//      rcx, rdx, at most three, plus a fourth that is an immediate, written to rcx at step 3;
//      SSE: xmm15, xmm14, at most two), before any register moves;
//   2. every caller-saved allocated register (GP rsi rdi r8-r11; every allocatable XMM) holding a
//      value that is live across the call (defined before it, used after it or by its exit's frame
//      state) is stored in a save area pushed below rsp, rounded to 16 bytes so rsp stays
//      16-aligned at the call;
//   3. the scratch registers move to the SysV argument registers (rdi rsi rdx; xmm0 xmm1);
//   4. `mov rax, imm64; call rax` (the helper's absolute address: machine code stays independent
//      of where it is installed, and the address of a Swift function is fixed for the process);
//   5. the answer is left in rax (an integer) or moved to xmm15 (a double); the saved registers
//      are reloaded and the save area popped.
// Callee-saved registers (the roles rbx r14, and r12 r13 r15) survive by the ABI.
//
// Invariants: helpers take raw pointers and plain integers/doubles, never a Value by value (it is
// not C-representable: they get pointers to Values, and out-pointers for results); helpers never
// allocate, raise or call Lua (ops that may are `.mayCallOut` and not lowered here), so no GC can
// run inside one; each helper computes exactly what the interpreter computes for the same case.
import LuaBytecode
import LuaRuntime
import X64Assembler

/// One argument of a helper call, in a GP argument register.
enum HelperArgument {
    /// An unboxed GP value (int, bool, table or string pointer).
    case value(ValueID)
    /// The address of a memory operand (a boxed value's 16 bytes, an out-pointer).
    case address(Mem)
    /// A constant known when the code is made (the VM's address, a pc).
    case immediate(Int64)
    /// The payload of K[index] of the running closure's proto (a string constant: its LString).
    case constantPayload(Int)
}

/// The helpers' addresses (`@convention(c)` thunks over the runtime's own functions).
enum Helpers {
    /// Lua's float `%` (LuaArithmetic.fmod, which the interpreter's mod runs): C's fmod, moved
    /// by b when the signs of the remainder and b differ.
    static let fmod = unsafeBitCast({ (a: Double, b: Double) -> Double in LuaArithmetic.fmod(a, b) }
                                        as @convention(c) (Double, Double) -> Double, to: UInt.self)
    /// Lua's float `^` as the interpreter computes it (Interpreter.powd): the square root for an
    /// exponent of 0.5 on a positive base, else LuaArithmetic.pow (a * a for 2, C's pow).
    static let pow = unsafeBitCast({ (a: Double, b: Double) -> Double in
        b == 0.5 && a > 0 ? a.squareRoot() : LuaArithmetic.pow(a, b)
    } as @convention(c) (Double, Double) -> Double, to: UInt.self)

    /// fieldLoad: (table, short string key, out Value*) -> 1 with the field's value in *out (nil
    /// when absent), or 0 when the interpreter's slow path must answer. The interpreter's getField
    /// fast paths: LTable.getShortStr, and for a nil in a table with a metatable, `__index` chains
    /// of plain tables (the class/prototype pattern, `self:method()`), at most 8 deep, as its
    /// indexViaMetaTable follows them. On entry *out's payload holds the VM's interned
    /// "__index" (0: no chain is followed), written by the code, since a helper has no VM.
    static let fieldLoad = unsafeBitCast({ (t: UnsafeMutableRawPointer, s: UnsafeMutableRawPointer,
                                            out: UnsafeMutableRawPointer) -> Int64 in
        let table = t.assumingMemoryBound(to: LTable.self)
        let key = s.assumingMemoryBound(to: LString.self)
        let result = out.assumingMemoryBound(to: Value.self)
        var v = LTable.getShortStr(table, key)
        if v.isNil && table.pointee.metatable != nil {
            guard let name = UnsafeMutablePointer<LString>(bitPattern: UInt(result.pointee.payload)) else { return 0 }
            var cur = table, found = false
            for _ in 0..<8 {
                guard let mt = cur.pointee.metatable else { found = true; break }
                let h = LTable.getShortStr(mt, name)
                if h.isNil { found = true; break }
                guard h.tag == Tag.table else { return 0 }  // a function answers: the slow path
                cur = h.tbl
                v = LTable.getShortStr(cur, key)
                if !v.isNil { found = true; break }
            }
            if !found { return 0 }
        }
        result.pointee = v
        return 1
    } as @convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer, UnsafeMutableRawPointer) -> Int64,
                                         to: UInt.self)

    /// tableGetInt: (table, integer key, out Value*) -> 1 with t[key] in *out (array or hash part,
    /// LTable.getInt as the interpreter's getTable uses it), or 0 when it is nil and the table
    /// has a metatable (__index may answer: the interpreter's slow path).
    static let tableGetInt = unsafeBitCast({ (t: UnsafeMutableRawPointer, key: Int64, out: UnsafeMutableRawPointer) -> Int64 in
        let table = t.assumingMemoryBound(to: LTable.self)
        let v = LTable.getInt(table, key)
        if v.isNil && table.pointee.metatable != nil { return 0 }
        out.assumingMemoryBound(to: Value.self).pointee = v
        return 1
    } as @convention(c) (UnsafeMutableRawPointer, Int64, UnsafeMutableRawPointer) -> Int64, to: UInt.self)

    /// tableNext: (table, Value* key) -> LTable.nextPosition(table, after: *key): the position of
    /// the next entry holding a value, -1 at the end, LTable.invalidNextKey for a key the table
    /// does not hold (the interpreter's `next` raises the error).
    static let tableNext = unsafeBitCast({ (t: UnsafeMutableRawPointer, key: UnsafeMutableRawPointer) -> Int64 in
        Int64(LTable.nextPosition(t.assumingMemoryBound(to: LTable.self), after: key.assumingMemoryBound(to: Value.self).pointee))
    } as @convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer) -> Int64, to: UInt.self)

    /// tableAppend: (VM, table, Value* v) -> 1 after t[#t + 1] = *v, as table.insert(t, v) does
    /// it for a table without a metatable (LTable.length, then the VM's raw set, which may grow
    /// the table: an allocation, never a collection); 0, nothing done, when t has a metatable.
    static let tableAppend = unsafeBitCast({ (vm: UnsafeMutableRawPointer, t: UnsafeMutableRawPointer, v: UnsafeMutableRawPointer) -> Int64 in
        let table = t.assumingMemoryBound(to: LTable.self)
        if table.pointee.metatable != nil { return 0 }
        let n = LTable.length(table) &+ 1, value = v.assumingMemoryBound(to: Value.self).pointee
        // A borrowed reference: no retain and release of the VM per call.
        Unmanaged<VM>.fromOpaque(vm)._withUnsafeGuaranteedRef { $0.rawSetInt(table, n, value) }
        return 1
    } as @convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer, UnsafeMutableRawPointer) -> Int64, to: UInt.self)

    /// tableSetInt: (table, integer key, Value* v, VM) -> 1 when t[key] = *v was done as the
    /// interpreter's SETTABLE does it without a metamethod: an array slot (nil only when the table
    /// has no metatable), an existing non-nil hash entry (a store there never reaches
    /// __newindex), or, in a table without a metatable, a new key through the VM's raw set (which
    /// may grow the table: an allocation, never a collection, as in the interpreter; a null VM,
    /// in the backend's own tests, leaves that to the slow path). Else 0 and nothing changes
    /// (__newindex could answer: the slow path).
    static let tableSetInt = unsafeBitCast({ (t: UnsafeMutableRawPointer, key: Int64, v: UnsafeMutableRawPointer,
                                              vm: UnsafeMutableRawPointer?) -> Int64 in
        let table = t.assumingMemoryBound(to: LTable.self)
        let value = v.assumingMemoryBound(to: Value.self).pointee
        let idx = UInt(bitPattern: Int(key) &- 1)
        if idx < UInt(bitPattern: table.pointee.arraySize) {
            let slot = table.pointee.array.unsafelyUnwrapped + Int(bitPattern: idx)
            if table.pointee.metatable != nil && slot.pointee.isNil { return 0 }
            slot.pointee = value
            return 1
        }
        if table.pointee.metatable == nil, let vm {
            Unmanaged<VM>.fromOpaque(vm)._withUnsafeGuaranteedRef { $0.rawSetInt(table, key, value) }
            return 1
        }
        let j = LTable.findIntSlot(table, key)
        guard j >= 0, !table.pointee.nodes.unsafelyUnwrapped[j].value.isNil else { return 0 }
        table.pointee.nodes.unsafelyUnwrapped[j].value = value
        return 1
    } as @convention(c) (UnsafeMutableRawPointer, Int64, UnsafeMutableRawPointer, UnsafeMutableRawPointer?) -> Int64,
                                           to: UInt.self)

    /// tableGetStr: (table, string, out Value*) -> 1 with t[s] in *out (LTable.getStr, as the
    /// interpreter's GETTABLE looks a string key up), or 0 when it is nil and the table has a
    /// metatable (__index may answer).
    static let tableGetStr = unsafeBitCast({ (t: UnsafeMutableRawPointer, s: UnsafeMutableRawPointer, out: UnsafeMutableRawPointer) -> Int64 in
        let table = t.assumingMemoryBound(to: LTable.self)
        let v = LTable.getStr(table, s.assumingMemoryBound(to: LString.self))
        if v.isNil && table.pointee.metatable != nil { return 0 }
        out.assumingMemoryBound(to: Value.self).pointee = v
        return 1
    } as @convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer, UnsafeMutableRawPointer) -> Int64, to: UInt.self)

    /// tableSetStr: (table, string, Value* v, VM) -> 1 when t[s] = *v was done without a
    /// metamethod: in a table without a metatable, the VM's raw set (a new key may grow the
    /// table); with one, an existing non-nil entry is overwritten, and a nil one only when the
    /// metatable's absent-flags cache says it has no __newindex (the interpreter's
    /// setExistingStr). Else 0 and nothing changes.
    static let tableSetStr = unsafeBitCast({ (t: UnsafeMutableRawPointer, s: UnsafeMutableRawPointer, v: UnsafeMutableRawPointer,
                                              vm: UnsafeMutableRawPointer?) -> Int64 in
        let table = t.assumingMemoryBound(to: LTable.self)
        let key = s.assumingMemoryBound(to: LString.self)
        let value = v.assumingMemoryBound(to: Value.self).pointee
        let mt = table.pointee.metatable
        if mt == nil, let vm {
            Unmanaged<VM>.fromOpaque(vm)._withUnsafeGuaranteedRef { $0.rawSetStr(table, key, value) }
            return 1
        }
        let j = LTable.findSlot(table, .string(key))
        guard j >= 0 else { return 0 }
        let nodes = table.pointee.nodes.unsafelyUnwrapped
        if nodes[j].value.isNil {
            if let mt, mt.pointee.absentFlags & LTable.newindexAbsentBit == 0 { return 0 }
            if !value.isNil { table.pointee.absentFlags = 0 }  // as a raw set of the key would
        }
        nodes[j].value = value
        return 1
    } as @convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer, UnsafeMutableRawPointer, UnsafeMutableRawPointer?) -> Int64,
                                           to: UInt.self)

    /// tableRemoveLast: (table, out Value*) -> 1 after table.remove(t) for a table without a
    /// metatable: *out = t[#t], then t[#t] = nil (t[0] when #t is 0, as the library does; a nil
    /// store never allocates); 0, nothing done, when t has a metatable (__len, __index and
    /// __newindex are the library's).
    static let tableRemoveLast = unsafeBitCast({ (t: UnsafeMutableRawPointer, out: UnsafeMutableRawPointer) -> Int64 in
        let table = t.assumingMemoryBound(to: LTable.self)
        if table.pointee.metatable != nil { return 0 }
        let n = LTable.length(table)
        out.assumingMemoryBound(to: Value.self).pointee = LTable.getInt(table, n)
        let idx = UInt(bitPattern: Int(n) &- 1)
        if idx < UInt(bitPattern: table.pointee.arraySize) {
            table.pointee.array.unsafelyUnwrapped[Int(bitPattern: idx)] = .nil
        } else {
            let j = LTable.findIntSlot(table, n)
            if j >= 0 { table.pointee.nodes.unsafelyUnwrapped[j].value = .nil }
        }
        return 1
    } as @convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer) -> Int64, to: UInt.self)

    /// stringByte: (string, integer i, out Value*) -> 1 with string.byte(s, i) in *out: the byte
    /// at lua's relative position i (1...#s, or -#s...-1 from the end) as an integer, else nil
    /// (the library returns no value there, and the CALL makes its one result nil).
    static let stringByte = unsafeBitCast({ (s: UnsafeMutableRawPointer, i: Int64, out: UnsafeMutableRawPointer) -> Int64 in
        let str = s.assumingMemoryBound(to: LString.self)
        let len = Int64(str.pointee.length)
        let p = i > 0 ? i : (i < 0 && i >= -len ? len &+ i &+ 1 : 0)
        out.assumingMemoryBound(to: Value.self).pointee =
            p >= 1 && p <= len ? .integer(Int64(LString.bytes(str)[Int(p - 1)])) : .nil
        return 1
    } as @convention(c) (UnsafeMutableRawPointer, Int64, UnsafeMutableRawPointer) -> Int64, to: UInt.self)

    /// stringMethod: (VM, short string key, out Value*) -> 1 with the strings' method `key` in
    /// *out (the string metatable's `__index` table's field: the string library's function), or
    /// 0 when there is no such plain lookup with a non-nil answer (the interpreter's SELF then
    /// answers: an `__index` function, a missing method's error).
    static let stringMethod = unsafeBitCast({ (vm: UnsafeMutableRawPointer, k: UnsafeMutableRawPointer, out: UnsafeMutableRawPointer) -> Int64 in
        Unmanaged<VM>.fromOpaque(vm)._withUnsafeGuaranteedRef { vm -> Int64 in
            guard let mt = vm.typeMetatables[Int(Tag.string)] else { return 0 }
            let h = vm.fastTM(mt, .index)
            guard h.tag == Tag.table else { return 0 }
            let v = LTable.getShortStr(h.tbl, k.assumingMemoryBound(to: LString.self))
            if v.isNil { return 0 }
            out.assumingMemoryBound(to: Value.self).pointee = v
            return 1
        }
    } as @convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer, UnsafeMutableRawPointer) -> Int64, to: UInt.self)

    /// fieldStore: (table, short string key, Value* v) -> 1 when the key is present, which then
    /// holds *v; else 0 and nothing changes. The interpreter's setField fast path (its
    /// setExistingStr, which this module cannot call): the same probe as LTable.getShortStr (the
    /// key's hash, linear probing, the same string object); assigning to an existing non-nil field
    /// never reaches __newindex, and a key holding nil is written only when the metatable's
    /// absent-flags cache says it has no __newindex.
    static let fieldStore = unsafeBitCast({ (t: UnsafeMutableRawPointer, s: UnsafeMutableRawPointer,
                                             v: UnsafeMutableRawPointer) -> Int64 in
        let table = t.assumingMemoryBound(to: LTable.self)
        let key = s.assumingMemoryBound(to: LString.self)
        let cap = table.pointee.nodeCapacity
        guard cap > 0, let nodes = table.pointee.nodes else { return 0 }
        let mask = cap &- 1, bits = UInt64(UInt(bitPattern: key))
        var j = Int(key.pointee.hash) & mask
        while true {
            let k = nodes[j].key
            if k.payload == bits && k.tag == Tag.string {
                let value = v.assumingMemoryBound(to: Value.self).pointee
                if nodes[j].value.isNil {
                    if let mt = table.pointee.metatable, mt.pointee.absentFlags & LTable.newindexAbsentBit == 0 { return 0 }
                    if !value.isNil { table.pointee.absentFlags = 0 }  // as a raw set of the key would
                }
                nodes[j].value = value
                return 1
            }
            if k.tag == Tag.nil_ { return 0 }
            j = (j &+ 1) & mask
        }
    } as @convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer, UnsafeMutableRawPointer) -> Int64,
                                          to: UInt.self)
}

extension Backend {
    /// Whether the lowering of `op` calls a helper (the allocator then prefers callee-saved
    /// registers for values live across it, which need no saving).
    static func callsHelper(_ op: IROp) -> Bool {
        switch op {
        case .fmod, .fpow, .fieldLoad, .fieldStore, .tableGetInt, .tableSetInt, .tableNext, .tableAppend, .tableGetStr, .tableSetStr, .tableRemoveLast, .stringByte, .stringMethod: return true
        case .constInt, .constFloat, .constBool, .constNil, .constK, .loadReg, .storeReg, .box,
             .guardInt, .guardFloat, .guardNumber, .guardMixed, .guardTable, .guardString, .guardFunction, .guardNonZero,
             .guardTrue, .guardArrayBounds, .checkLimit, .iadd, .isub, .imul, .ineg, .ifloordiv,
             .imod, .iudiv, .band, .bor, .bxor, .bnot, .shl, .shr, .fadd, .fsub, .fmul, .fdiv,
             .ffloordiv, .fneg, .fsqrt, .intToFloat, .icmp, .testBits, .fcmp, .truthy, .isNil, .eqShortString, .noneToClose, .not, .arrayLoad,
             .arrayStore, .getUpval, .setUpval, .arith, .compare, .getTable, .setTable, .call,
             .interp, .checkTags, .checkBounds, .unbox, .arrayIndex, .entryKey, .entryValue:
            return false
        }
    }
}

extension Lowering {
    /// Caller-saved registers whose values are live across the instruction being lowered (with
    /// `exitState`, also those its exit's frame state reads after the call: a runtime call's exit
    /// after the call has an empty state, its values already written before it).
    func liveAcrossCall(_ ins: Instr, exitState: Bool = true) -> [Location] {
        let pos = position
        var inState = Set<Int>()
        if exitState { for slot in ins.exit?.state.slots ?? [] { inState.insert(slot.value.index) } }
        var saved: [Location] = []
        for (v, range) in ranges.enumerated() {
            guard let range, range.lowerBound < pos, range.upperBound > pos || inState.contains(v),
                  let loc = alloc.locations[v], !saved.contains(loc) else { continue }
            switch loc {
            case .gp(let r): if RegisterRoles.callerSavedGP.contains(r) { saved.append(loc) }
            case .xmm: saved.append(loc)
            case .stack: break
            }
        }
        return saved
    }

    /// Calls the helper at `address` for `ins` (see the file's header for the sequence). The
    /// answer is in rax, or in xmm15 when `doubleResult`.
    mutating func callHelper(_ address: UInt, for ins: Instr, gp: [HelperArgument] = [], xmm: [ValueID] = [],
                             doubleResult: Bool = false, exitState: Bool = true) {
        let gpScratch: [GPR] = [RegisterRoles.scratch0, RegisterRoles.scratch1, RegisterRoles.scratch2]
        let xmmScratch: [XMM] = [RegisterRoles.xmmScratch0, RegisterRoles.xmmScratch1]
        // A fourth GP argument must be an immediate: it is written straight into its argument
        // register (rcx) after the three scratch registers have moved to theirs.
        var gp = gp, fourth: Int64?
        if gp.count == 4, case .immediate(let k) = gp[3] { fourth = k; gp.removeLast() }
        precondition(gp.count <= gpScratch.count && xmm.count <= xmmScratch.count, "too many helper arguments")
        for (arg, s) in zip(gp, gpScratch) {
            switch arg {
            case .value(let v): loadGP(s, v)
            case .address(let m): a.lea(.qword, s, m)
            case .immediate(let k): a.movImm(s, k)
            case .constantPayload(let k):
                loadConstants(s)
                a.mov(.qword, s, Mem(s, Int32(k * RuntimeLayout.valueStride) + RuntimeLayout.payloadOffset))
            }
        }
        for (v, s) in zip(xmm, xmmScratch) { loadXMM(s, v) }
        let saved = liveAcrossCall(ins, exitState: exitState)
        let bytes = Int32((8 * saved.count + 15) & ~15)
        if bytes > 0 { a.alu(.sub, .qword, .rsp, imm: bytes) }
        for (k, loc) in saved.enumerated() {
            let m = Mem(.rsp, Int32(8 * k))
            switch loc {
            case .gp(let r): a.mov(.qword, m, r)
            case .xmm(let x): a.movsd(m, x)
            case .stack: preconditionFailure("a stack slot needs no saving")
            }
        }
        for (k, _) in gp.enumerated() where gpScratch[k] != RegisterRoles.helperArgumentsGP[k] {
            a.mov(.qword, RegisterRoles.helperArgumentsGP[k], gpScratch[k])
        }
        if let fourth { a.movImm(RegisterRoles.helperArgumentsGP[3], fourth) }
        for (k, _) in xmm.enumerated() { a.sse(.movapd, RegisterRoles.helperArgumentsXMM[k], xmmScratch[k]) }
        a.movabs(RegisterRoles.scratch0, Int64(bitPattern: UInt64(address)))
        a.call(RegisterRoles.scratch0)
        if doubleResult { a.sse(.movapd, RegisterRoles.xmmScratch0, RegisterRoles.helperArgumentsXMM[0]) }
        for (k, loc) in saved.enumerated() {
            let m = Mem(.rsp, Int32(8 * k))
            switch loc {
            case .gp(let r): a.mov(.qword, r, m)
            case .xmm(let x): a.movsd(x, m)
            case .stack: preconditionFailure("a stack slot needs no saving")
            }
        }
        if bytes > 0 { a.alu(.add, .qword, .rsp, imm: bytes) }
    }
}
