// Tier 0: the register-bytecode dispatch loop (one `switch` over the Opcode set).
//
// Invariants: pc, base, constants and upvalues live in locals (unsafe pointers); the VM class is
// touched only on slow paths; `ci.savedPC` is stored before anything that can raise an error or
// call out (so messages and tracebacks have the line), together with `th.top = ci.topIdx` when
// Lua code may run (metamethods) so callee frames sit above every live register; after anything
// that may move the stack (calls, metamethods, growth) `base` is reloaded. The limit check
// (stack top vs vmstate_limit) sits at function entry (enterLua) and at every back-edge
// (forLoop, tForLoop, backward jmp), and after a native call returns to `.call` (so a request the
// native posted, e.g. debug.sethook's, is seen at once), and nowhere else. The loop is generic over
// a HookPolicy (Interpreter+Hooks.swift): in `run<NoHooks>` every `if H.enabled` block folds away.

import CSigint
import LuaBytecode
import LuaRuntime
#if canImport(Glibc)
import Glibc
#endif

typealias PC = UnsafeMutablePointer<UInt32>
typealias CI = UnsafeMutablePointer<CallInfo>
typealias Regs = UnsafeMutablePointer<Value>

/// An address computed as an integer. Cast to a pointer with unsafeBitCast: the warning-free
/// `UnsafeMutablePointer(bitPattern:)` keeps its nil test in the loop (loop_sum +29% instructions).
struct Address { var bits: UInt }

/// The feedback slot of the instruction before `pc` (the one executing).
@inline(__always) func feedbackSlot(_ delta: UInt, _ pc: PC) -> UnsafeMutablePointer<UInt16> {
    unsafeBitCast(Address(bits: delta &+ (UInt(bitPattern: pc) &>> 1) &- 2), to: UnsafeMutablePointer<UInt16>.self)
}
/// The back-edge counter of the instruction `pc` points at (a loop header).
@inline(__always) func backEdgeSlot(_ delta: UInt, _ pc: PC) -> UnsafeMutablePointer<UInt32> {
    (UnsafeMutableRawPointer(pc) + Int(bitPattern: delta)).assumingMemoryBound(to: UInt32.self)
}
/// Index of the instruction `pc` points at (pc - code), without signed-division rounding.
@inline(__always) func pcIndex(_ code: PC, _ pc: PC) -> Int {
    Int(bitPattern: (UInt(bitPattern: pc) &- UInt(bitPattern: code)) &>> 2)
}
@inline(__always) func opA(_ i: UInt32) -> Int { Int((i >> 7) & 0xFF) }
@inline(__always) func opB(_ i: UInt32) -> Int { Int((i >> 16) & 0xFF) }
@inline(__always) func opC(_ i: UInt32) -> Int { Int(i >> 24) }
@inline(__always) func opK(_ i: UInt32) -> Bool { (i >> 15) & 1 != 0 }
@inline(__always) func opBx(_ i: UInt32) -> Int { Int(i >> 15) }
@inline(__always) func opSBx(_ i: UInt32) -> Int { Int(i >> 15) - Instruction.offsetSBx }
@inline(__always) func opSJ(_ i: UInt32) -> Int { Int(i >> 7) - Instruction.offsetSJ }
@inline(__always) func opSB(_ i: UInt32) -> Int { opB(i) - Instruction.offsetSC }
@inline(__always) func opSC(_ i: UInt32) -> Int { opC(i) - Instruction.offsetSC }

extension Interpreter {
    /// Run Lua frames from the thread's current frame until `boundary` returns.
    /// Generic over the hook policy (Interpreter+Hooks.swift): `run<NoHooks>` is the plain loop;
    /// returns true when `boundary` returned, false when the loop left to switch forms.
    static func run<H: HookPolicy>(_ vm: VM, _ boundary: CI, _: H.Type) throws(VMError) -> Bool {
        let th = vm.current!
        let state = vm.state
        var ci = th.pointee.ci
        let hookedCounting = H.enabled && vm.countsBytecodes
        // Resumed right after a native metamethod or __close yielded: finish what it interrupted.
        if !H.singleStep && ci.pointee.status & CallStatus.finishOp != 0 {
            guard let c = try afterReturn(vm, th, ci, boundary) else { return true }
            ci = c
        }
        // A loop of this frame got hot: enter its compiled code; or a function starting in this
        // activation (called from Swift, or from compiled code) is hot (Interpreter+Tiers.swift).
        if H.singleStep {
            // One instruction of a compiled frame (Interpreter+Tiers.swift): no tier-up here.
        } else if ci.pointee.status & CallStatus.osrPending != 0 {
            if let r = try osrEnter(vm, th, ci, boundary, H.self) { return r }
            ci = th.pointee.ci
        } else if let cl = ci.pointee.closure, ci.pointee.savedPC == cl.pointee.proto.pointee.code,
                  cl.pointee.proto.pointee.callCount >= cl.pointee.proto.pointee.tierUpAt {
            if let r = try tierUp(vm, th, ci, boundary, H.self) { return r }
            ci = th.pointee.ci
        }
        newframe: while true {
            let cl = ci.pointee.closure.unsafelyUnwrapped
            // Only what the fast paths use is kept per frame (no case reads `p` or `code`: the
            // rare ones reload the proto from `cl`), fewer values to set up on every call and return.
            let p = cl.pointee.proto
            let k = p.pointee.k
            let code = p.pointee.code
            // Profile counters addressed straight from pc (no index arithmetic on the fast path):
            // feedback is 2 bytes per 4-byte instruction, back-edge counters 4 bytes.
            let fbDelta = UInt(bitPattern: p.pointee.feedback) &- (UInt(bitPattern: code) &>> 1)
            let beDelta = UInt(bitPattern: p.pointee.backEdges) &- UInt(bitPattern: code)
            let osrAt = p.pointee.osrAt
            let upvals = LClosure.upvals(cl)
            var pc = ci.pointee.savedPC.unsafelyUnwrapped
            let baseIdx = ci.pointee.baseIdx
            var base = th.pointee.stack + baseIdx
            var frameLimit = UInt(bitPattern: th.pointee.stack + ci.pointee.topIdx)
            let stepPC = pc

            dispatch: while true {
                if H.singleStep && pc != stepPC {
                    // The one instruction asked for is done (it never changes frames: the tier
                    // routes no call, return or loop instruction here).
                    ci.pointee.savedPC = pc
                    return true
                }
                if H.enabled {
                    // The hooked form only: count and line events before each instruction.
                    if try hookInstruction(vm, th, ci, pc) { ci.pointee.savedPC = pc; return false }
                    base = th.pointee.stack + baseIdx
                    if hookedCounting { p.pointee.ranInterpreted &+= 1 }
                }
                if H.counting { p.pointee.ranInterpreted &+= 1 }
                let i = pc.pointee
                pc += 1
                let op = unsafeBitCast(UInt8(truncatingIfNeeded: i & 0x7F), to: Opcode.self)
                switch op {
                case .move:
                    base[opA(i)] = base[opB(i)]
                case .loadI:
                    base[opA(i)] = .integer(Int64(opSBx(i)))
                case .loadF:
                    base[opA(i)] = .number(Double(opSBx(i)))
                case .loadK:
                    base[opA(i)] = k[opBx(i)]
                case .loadKX:
                    base[opA(i)] = k[Int(pc.pointee >> 7)]
                    pc += 1
                case .loadFalse:
                    base[opA(i)] = .false
                case .lFalseSkip:
                    base[opA(i)] = .false
                    pc += 1
                case .loadTrue:
                    base[opA(i)] = .true
                case .loadNil:
                    let a = opA(i)
                    for j in 0...opB(i) { base[a + j] = .nil }

                case .getUpval:
                    base[opA(i)] = upvals[opB(i)].pointee.v.pointee
                case .setUpval:
                    upvals[opB(i)].pointee.v.pointee = base[opA(i)]

                case .getTabUp:
                    let t = upvals[opB(i)].pointee.v.pointee
                    let key = k[opC(i)]
                    if t.tag == Tag.table {
                        let v = LTable.getShortStr(t.tbl, key.str)
                        if !v.isNil || t.tbl.pointee.metatable == nil { base[opA(i)] = v; continue dispatch }
                        // An object in an upvalue, as GETFIELD: `__index` tables followed.
                        if let v = indexViaMetaTable(vm, t.tbl, key.str) { base[opA(i)] = v; continue dispatch }
                    }
                    // K[C] is a string (getTabUp/getField/setTabUp/setField): the slow paths get it
                    // rebuilt from its pointer, so that no fast path loads (and spills) its tag.
                    let r = try getSlow(vm, ci, pc, t, .string(key.str), i, .upB)
                    base = th.pointee.stack + baseIdx
                    base[opA(i)] = r
                case .getTable:
                    let t = base[opB(i)], key = base[opC(i)]
                    if t.tag == Tag.table {
                        let tb = t.tbl
                        if key.tag == Tag.integer {
                            // Unsigned compares (bit patterns, no conversion traps): key 0 or
                            // below wraps to a huge index and takes the hash lookup. (One
                            // feedback store, the bit chosen without a branch: a second store
                            // on the hash path cost the whole loop a third, measured.)
                            let idx = UInt(bitPattern: Int(key.i) &- 1)
                            let inArray = idx < UInt(bitPattern: tb.pointee.arraySize)
                            feedbackSlot(fbDelta, pc).pointee |= inArray ? Feedback.intBit : Feedback.intBit | Feedback.outsideArrayBit
                            let v = inArray ? tb.pointee.array.unsafelyUnwrapped[Int(bitPattern: idx)] : LTable.getInt(tb, key.i)
                            if !v.isNil || tb.pointee.metatable == nil { base[opA(i)] = v; continue dispatch }
                        } else {
                            feedbackSlot(fbDelta, pc).pointee |= Feedback.bits(key)
                            let v = LTable.get(tb, key)
                            if !v.isNil || tb.pointee.metatable == nil { base[opA(i)] = v; continue dispatch }
                        }
                    } else {
                        feedbackSlot(fbDelta, pc).pointee |= Feedback.bits(key)
                    }
                    let r = try getSlow(vm, ci, pc, t, key, i, .regB)
                    base = th.pointee.stack + baseIdx
                    base[opA(i)] = r
                case .getI:
                    let t = base[opB(i)]
                    if t.tag == Tag.table {
                        let v = LTable.getInt(t.tbl, Int64(opC(i)))
                        if !v.isNil || t.tbl.pointee.metatable == nil { base[opA(i)] = v; continue dispatch }
                    }
                    let r = try getSlow(vm, ci, pc, t, .integer(Int64(opC(i))), i, .regB)
                    base = th.pointee.stack + baseIdx
                    base[opA(i)] = r
                case .getField:
                    let t = base[opB(i)]
                    let key = k[opC(i)]
                    if t.tag == Tag.table {
                        let v = LTable.getShortStr(t.tbl, key.str)
                        if !v.isNil || t.tbl.pointee.metatable == nil { base[opA(i)] = v; continue dispatch }
                        if let v = indexViaMetaTable(vm, t.tbl, key.str) { base[opA(i)] = v; continue dispatch }
                    }
                    let r = try getSlow(vm, ci, pc, t, .string(key.str), i, .regB)
                    base = th.pointee.stack + baseIdx
                    base[opA(i)] = r
                case .setTabUp:
                    let t = upvals[opA(i)].pointee.v.pointee
                    let key = k[opB(i)]
                    let v = opK(i) ? k[opC(i)] : base[opC(i)]
                    // As SETFIELD: an existing field is overwritten whatever the metatable (a nil one
                    // only when it has no __newindex: setExistingStr).
                    if t.tag == Tag.table && setExistingStr(t.tbl, key.str, v) { continue dispatch }
                    try setSlow(vm, ci, pc, t, .string(key.str), v, i, .upA)
                    base = th.pointee.stack + baseIdx
                case .setTable:
                    let t = base[opA(i)], key = base[opB(i)]
                    let v = opK(i) ? k[opC(i)] : base[opC(i)]
                    if t.tag == Tag.table && key.tag == Tag.integer {
                        let tb = t.tbl
                        let idx = UInt(bitPattern: Int(key.i) &- 1)
                        let inArray = idx < UInt(bitPattern: tb.pointee.arraySize)
                        feedbackSlot(fbDelta, pc).pointee |= inArray ? Feedback.intBit : Feedback.intBit | Feedback.outsideArrayBit
                        if inArray {
                            if tb.pointee.metatable == nil || !tb.pointee.array.unsafelyUnwrapped[Int(bitPattern: idx)].isNil {
                                tb.pointee.array.unsafelyUnwrapped[Int(bitPattern: idx)] = v; continue dispatch
                            }
                        } else {
                            // An existing integer key in the hash part: overwrite in place.
                            let slot = LTable.findIntSlot(tb, key.i)
                            if slot >= 0 && !tb.pointee.nodes.unsafelyUnwrapped[slot].value.isNil {
                                tb.pointee.nodes.unsafelyUnwrapped[slot].value = v; continue dispatch
                            }
                        }
                    } else if t.tag == Tag.table && key.tag == Tag.string {
                        // An existing string key (any metatable: __newindex is for absent keys).
                        feedbackSlot(fbDelta, pc).pointee |= Feedback.bits(key)
                        if setExistingStr(t.tbl, key.str, v) { continue dispatch }
                    }
                    feedbackSlot(fbDelta, pc).pointee |= Feedback.bits(key)
                    try setSlow(vm, ci, pc, t, key, v, i, .regA)
                    base = th.pointee.stack + baseIdx
                case .setI:
                    let t = base[opA(i)]
                    let v = opK(i) ? k[opC(i)] : base[opC(i)]
                    if t.tag == Tag.table {
                        let tb = t.tbl
                        let idx = opB(i) &- 1
                        if UInt(bitPattern: idx) < UInt(bitPattern: tb.pointee.arraySize) && (tb.pointee.metatable == nil || !tb.pointee.array.unsafelyUnwrapped[idx].isNil) {
                            tb.pointee.array.unsafelyUnwrapped[idx] = v; continue dispatch
                        }
                    }
                    try setSlow(vm, ci, pc, t, .integer(Int64(opB(i))), v, i, .regA)
                    base = th.pointee.stack + baseIdx
                case .setField:
                    let t = base[opA(i)]
                    let key = k[opB(i)]
                    let v = opK(i) ? k[opC(i)] : base[opC(i)]
                    if t.tag == Tag.table && setExistingStr(t.tbl, key.str, v) { continue dispatch }
                    try setSlow(vm, ci, pc, t, .string(key.str), v, i, .regA)
                    base = th.pointee.stack + baseIdx

                case .newTable:
                    let b = opB(i)
                    var c = opC(i)
                    if opK(i) { c += Int(pc.pointee >> 7) * 256 }
                    pc += 1  // the extraArg
                    let t = vm.newTable(narray: c, nhash: b > 0 ? 1 << (b - 1) : 0)
                    base[opA(i)] = .table(t)
                    if vm.heapBytes >= vm.gcThreshold {
                        try gcSlow(vm, ci, pc, opA(i) + 1)
                    }
                case .self:
                    let a = opA(i)
                    let t = base[opB(i)]
                    let key = opK(i) ? k[opC(i)] : base[opC(i)]
                    base[a + 1] = t
                    if t.tag == Tag.table && key.tag == Tag.string {
                        let v = LTable.getStr(t.tbl, key.str)
                        if !v.isNil || t.tbl.pointee.metatable == nil { base[a] = v; continue dispatch }
                        if key.str.pointee.isShort, let v = indexViaMetaTable(vm, t.tbl, key.str) { base[a] = v; continue dispatch }
                    } else if t.tag == Tag.string && key.tag == Tag.string && key.str.pointee.isShort,
                              let mt = vm.typeMetatables[Int(Tag.string)] {
                        // s:method(): the string metatable's __index table (the string library).
                        // Recorded (a table receiver records nothing): compiled code's SELF then
                        // looks the method up for a string.
                        feedbackSlot(fbDelta, pc).pointee |= Feedback.stringBit
                        let h = vm.fastTM(mt, .index)
                        if h.tag == Tag.table {
                            let v = LTable.getShortStr(h.tbl, key.str)
                            if !v.isNil { base[a] = v; continue dispatch }
                        }
                    }
                    let r = try getSlow(vm, ci, pc, t, key, i, .regB)
                    base = th.pointee.stack + baseIdx
                    base[a] = r

                // MARK: arithmetic with an immediate or a constant
                case .addI:
                    let x = base[opB(i)]
                    let imm = opSC(i)
                    if x.tag == Tag.integer { feedbackSlot(fbDelta, pc).pointee |= Feedback.intBit; base[opA(i)] = .integer(x.i &+ Int64(imm)) }
                    else if x.tag == Tag.float { feedbackSlot(fbDelta, pc).pointee |= Feedback.floatBit; base[opA(i)] = .number(x.f + Double(imm)) }
                    else { feedbackSlot(fbDelta, pc).pointee |= Feedback.bits(x);
                        let r = try arithSlow(vm, ci, pc, .add, x, .integer(Int64(imm)), i, .regB, .none)
                        base = th.pointee.stack + baseIdx
                        base[opA(i)] = r
                    }
                case .addK:
                    if let r = try binaryArith(AddOp.self, vm, ci, pc, op, i, base[opB(i)], k[opC(i)], yIsK: true, fbDelta, base) {
                        base = th.pointee.stack + baseIdx; base[opA(i)] = r
                    }
                case .subK:
                    if let r = try binaryArith(SubOp.self, vm, ci, pc, op, i, base[opB(i)], k[opC(i)], yIsK: true, fbDelta, base) {
                        base = th.pointee.stack + baseIdx; base[opA(i)] = r
                    }
                case .mulK:
                    if let r = try binaryArith(MulOp.self, vm, ci, pc, op, i, base[opB(i)], k[opC(i)], yIsK: true, fbDelta, base) {
                        base = th.pointee.stack + baseIdx; base[opA(i)] = r
                    }
                case .modK:
                    if let r = try binaryArith(ModOp.self, vm, ci, pc, op, i, base[opB(i)], k[opC(i)], yIsK: true, fbDelta, base) {
                        base = th.pointee.stack + baseIdx; base[opA(i)] = r
                    }
                case .powK:
                    if let r = try binaryArith(PowOp.self, vm, ci, pc, op, i, base[opB(i)], k[opC(i)], yIsK: true, fbDelta, base) {
                        base = th.pointee.stack + baseIdx; base[opA(i)] = r
                    }
                case .divK:
                    if let r = try binaryArith(DivOp.self, vm, ci, pc, op, i, base[opB(i)], k[opC(i)], yIsK: true, fbDelta, base) {
                        base = th.pointee.stack + baseIdx; base[opA(i)] = r
                    }
                case .idivK:
                    if let r = try binaryArith(IDivOp.self, vm, ci, pc, op, i, base[opB(i)], k[opC(i)], yIsK: true, fbDelta, base) {
                        base = th.pointee.stack + baseIdx; base[opA(i)] = r
                    }
                case .bandK:
                    if let r = try binaryArith(BAndOp.self, vm, ci, pc, op, i, base[opB(i)], k[opC(i)], yIsK: true, fbDelta, base) {
                        base = th.pointee.stack + baseIdx; base[opA(i)] = r
                    }
                case .borK:
                    if let r = try binaryArith(BOrOp.self, vm, ci, pc, op, i, base[opB(i)], k[opC(i)], yIsK: true, fbDelta, base) {
                        base = th.pointee.stack + baseIdx; base[opA(i)] = r
                    }
                case .bxorK:
                    if let r = try binaryArith(BXorOp.self, vm, ci, pc, op, i, base[opB(i)], k[opC(i)], yIsK: true, fbDelta, base) {
                        base = th.pointee.stack + baseIdx; base[opA(i)] = r
                    }
                case .shrI:
                    let x = base[opB(i)]
                    if x.tag == Tag.integer { feedbackSlot(fbDelta, pc).pointee |= Feedback.intBit; base[opA(i)] = .integer(LuaNumber.shiftLeft(x.i, -Int64(opSC(i)))) }
                    else { feedbackSlot(fbDelta, pc).pointee |= Feedback.bits(x);
                        let r = try arithSlow(vm, ci, pc, .shr, x, .integer(Int64(opSC(i))), i, .regB, .none)
                        base = th.pointee.stack + baseIdx
                        base[opA(i)] = r
                    }
                case .shlI:
                    let x = base[opB(i)]
                    if x.tag == Tag.integer { feedbackSlot(fbDelta, pc).pointee |= Feedback.intBit; base[opA(i)] = .integer(LuaNumber.shiftLeft(Int64(opSC(i)), x.i)) }
                    else { feedbackSlot(fbDelta, pc).pointee |= Feedback.bits(x);
                        let r = try arithSlow(vm, ci, pc, .shl, .integer(Int64(opSC(i))), x, i, .none, .regB)
                        base = th.pointee.stack + baseIdx
                        base[opA(i)] = r
                    }

                // MARK: arithmetic on registers
                case .add:
                    if let r = try binaryArith(AddOp.self, vm, ci, pc, op, i, base[opB(i)], base[opC(i)], yIsK: false, fbDelta, base) {
                        base = th.pointee.stack + baseIdx; base[opA(i)] = r
                    }
                case .sub:
                    if let r = try binaryArith(SubOp.self, vm, ci, pc, op, i, base[opB(i)], base[opC(i)], yIsK: false, fbDelta, base) {
                        base = th.pointee.stack + baseIdx; base[opA(i)] = r
                    }
                case .mul:
                    if let r = try binaryArith(MulOp.self, vm, ci, pc, op, i, base[opB(i)], base[opC(i)], yIsK: false, fbDelta, base) {
                        base = th.pointee.stack + baseIdx; base[opA(i)] = r
                    }
                case .mod:
                    if let r = try binaryArith(ModOp.self, vm, ci, pc, op, i, base[opB(i)], base[opC(i)], yIsK: false, fbDelta, base) {
                        base = th.pointee.stack + baseIdx; base[opA(i)] = r
                    }
                case .pow:
                    if let r = try binaryArith(PowOp.self, vm, ci, pc, op, i, base[opB(i)], base[opC(i)], yIsK: false, fbDelta, base) {
                        base = th.pointee.stack + baseIdx; base[opA(i)] = r
                    }
                case .div:
                    if let r = try binaryArith(DivOp.self, vm, ci, pc, op, i, base[opB(i)], base[opC(i)], yIsK: false, fbDelta, base) {
                        base = th.pointee.stack + baseIdx; base[opA(i)] = r
                    }
                case .idiv:
                    if let r = try binaryArith(IDivOp.self, vm, ci, pc, op, i, base[opB(i)], base[opC(i)], yIsK: false, fbDelta, base) {
                        base = th.pointee.stack + baseIdx; base[opA(i)] = r
                    }
                case .band:
                    if let r = try binaryArith(BAndOp.self, vm, ci, pc, op, i, base[opB(i)], base[opC(i)], yIsK: false, fbDelta, base) {
                        base = th.pointee.stack + baseIdx; base[opA(i)] = r
                    }
                case .bor:
                    if let r = try binaryArith(BOrOp.self, vm, ci, pc, op, i, base[opB(i)], base[opC(i)], yIsK: false, fbDelta, base) {
                        base = th.pointee.stack + baseIdx; base[opA(i)] = r
                    }
                case .bxor:
                    if let r = try binaryArith(BXorOp.self, vm, ci, pc, op, i, base[opB(i)], base[opC(i)], yIsK: false, fbDelta, base) {
                        base = th.pointee.stack + baseIdx; base[opA(i)] = r
                    }
                case .shl:
                    if let r = try binaryArith(ShlOp.self, vm, ci, pc, op, i, base[opB(i)], base[opC(i)], yIsK: false, fbDelta, base) {
                        base = th.pointee.stack + baseIdx; base[opA(i)] = r
                    }
                case .shr:
                    if let r = try binaryArith(ShrOp.self, vm, ci, pc, op, i, base[opB(i)], base[opC(i)], yIsK: false, fbDelta, base) {
                        base = th.pointee.stack + baseIdx; base[opA(i)] = r
                    }
                case .unm:
                    let x = base[opB(i)]
                    if x.tag == Tag.integer { feedbackSlot(fbDelta, pc).pointee |= Feedback.intBit; base[opA(i)] = .integer(0 &- x.i) }
                    else if x.tag == Tag.float { feedbackSlot(fbDelta, pc).pointee |= Feedback.floatBit; base[opA(i)] = .number(-x.f) }
                    else { feedbackSlot(fbDelta, pc).pointee |= Feedback.bits(x);
                        let r = try arithSlow(vm, ci, pc, .unm, x, x, i, .regB, .regB)
                        base = th.pointee.stack + baseIdx
                        base[opA(i)] = r
                    }
                case .bnot:
                    let x = base[opB(i)]
                    if x.tag == Tag.integer { base[opA(i)] = .integer(~x.i) }
                    else {
                        let r = try arithSlow(vm, ci, pc, .bnot, x, x, i, .regB, .regB)
                        base = th.pointee.stack + baseIdx
                        base[opA(i)] = r
                    }
                case .not:
                    base[opA(i)] = .bool(base[opB(i)].isFalsy)
                case .len:
                    let x = base[opB(i)]
                    feedbackSlot(fbDelta, pc).pointee |= Feedback.bits(x)
                    if x.tag == Tag.string { base[opA(i)] = .integer(x.str.pointee.length) }
                    else if x.tag == Tag.table && x.tbl.pointee.metatable == nil { base[opA(i)] = .integer(LTable.length(x.tbl)) }
                    else {
                        ci.pointee.savedPC = pc
                        let r = try lengthSlow(vm, ci, pc, x, i, .regB)
                        base = th.pointee.stack + baseIdx
                        base[opA(i)] = r
                    }

                case .concat:
                    let a = opA(i), n = opB(i)
                    ci.pointee.savedPC = pc
                    try concatSlow(vm, ci, pc, baseIdx + a, n)
                    base = th.pointee.stack + baseIdx
                    if vm.heapBytes >= vm.gcThreshold { try gcSlow(vm, ci, pc, a + 1) }

                case .close:
                    ci.pointee.savedPC = pc
                    let level = baseIdx + opA(i)
                    vm.closeUpvals(th, level)
                    if th.pointee.tbcCount > 0 {
                        th.pointee.top = ci.pointee.topIdx
                        try closeSlow(vm, th, ci, level)
                        base = th.pointee.stack + baseIdx
                    }
                case .tbc:
                    let a = opA(i)
                    let v = base[a]
                    if !v.isFalsy {
                        if vm.tm(v, .close).isNil {
                            ci.pointee.savedPC = pc
                            let fp = cl.pointee.proto
                            let name = vm.localName(fp, a, fp.pointee.code.distance(to: pc) - 1) ?? "?"
                            throw vm.runtimeError("variable '\(name)' got a non-closable value")
                        }
                    }
                    vm.pushTBC(th, baseIdx + a)
                case .jmp:
                    guard let next = try jump(opSJ(i), pc, vm, ci, beDelta, frameLimit, state, osrAt, H.self) else { return false }
                    pc = next

                // MARK: comparisons (each is followed by a jmp, run next unless skipped)
                // lt/le/ltI/leI/gtI/geI stay written out, jump tail included: a generic helper for
                // the six, or only `condJump` for their tails, measured 1.5-5% more instructions on
                // every benchmark program (the whole loop's code gets worse, not just these cases).
                // Each records its feedback inside the typed branch that ran: a constant bit there
                // (the same bits as from the operands' tags) rather than a shift by the tag.
                case .eq:
                    let x = base[opA(i)], y = base[opB(i)]
                    feedbackSlot(fbDelta, pc).pointee |= Feedback.bits(x) | Feedback.bits(y)
                    var cond: Bool
                    if x.tag == y.tag && x.tag != Tag.table && x.tag != Tag.userdata { cond = Value.rawEquals(x, y) }
                    else {
                        ci.pointee.savedPC = pc
                        cond = try compareSlow(vm, ci, pc, .eq, x, y)
                        base = th.pointee.stack + baseIdx
                    }
                    guard let next = try condJump(cond, opK(i), pc, vm, ci, beDelta, frameLimit, state, osrAt, H.self) else { return false }
                    pc = next
                case .lt:
                    let x = base[opA(i)], y = base[opB(i)]
                    var cond: Bool
                    if x.tag == Tag.integer && y.tag == Tag.integer { feedbackSlot(fbDelta, pc).pointee |= Feedback.intBit; cond = x.i < y.i }
                    else if x.tag == Tag.float && y.tag == Tag.float { feedbackSlot(fbDelta, pc).pointee |= Feedback.floatBit; cond = x.f < y.f }
                    else if x.isNumber && y.isNumber { feedbackSlot(fbDelta, pc).pointee |= Feedback.intBit | Feedback.floatBit; cond = LuaNumber.lt(x, y) }
                    else {
                        feedbackSlot(fbDelta, pc).pointee |= Feedback.bits(x) | Feedback.bits(y)
                        ci.pointee.savedPC = pc
                        cond = try compareSlow(vm, ci, pc, .lt, x, y)
                        base = th.pointee.stack + baseIdx
                    }
                    if cond != opK(i) { pc += 1 } else {
                        let off = opSJ(pc.pointee)
                        pc += 1 + off
                        if off < 0 {
                            if try backEdge(vm, ci, pc, beDelta, frameLimit, state, osrAt, H.self) { return false }
                        }
                    }
                case .le:
                    let x = base[opA(i)], y = base[opB(i)]
                    var cond: Bool
                    if x.tag == Tag.integer && y.tag == Tag.integer { feedbackSlot(fbDelta, pc).pointee |= Feedback.intBit; cond = x.i <= y.i }
                    else if x.tag == Tag.float && y.tag == Tag.float { feedbackSlot(fbDelta, pc).pointee |= Feedback.floatBit; cond = x.f <= y.f }
                    else if x.isNumber && y.isNumber { feedbackSlot(fbDelta, pc).pointee |= Feedback.intBit | Feedback.floatBit; cond = LuaNumber.le(x, y) }
                    else {
                        feedbackSlot(fbDelta, pc).pointee |= Feedback.bits(x) | Feedback.bits(y)
                        ci.pointee.savedPC = pc
                        cond = try compareSlow(vm, ci, pc, .le, x, y)
                        base = th.pointee.stack + baseIdx
                    }
                    if cond != opK(i) { pc += 1 } else {
                        let off = opSJ(pc.pointee)
                        pc += 1 + off
                        if off < 0 {
                            if try backEdge(vm, ci, pc, beDelta, frameLimit, state, osrAt, H.self) { return false }
                        }
                    }
                case .eqK:
                    // The operand's type, for the JIT (a compare it can make inline).
                    feedbackSlot(fbDelta, pc).pointee |= Feedback.bits(base[opA(i)])
                    let cond = Value.rawEquals(base[opA(i)], k[opB(i)])
                    guard let next = try condJump(cond, opK(i), pc, vm, ci, beDelta, frameLimit, state, osrAt, H.self) else { return false }
                    pc = next
                case .eqI:
                    let x = base[opA(i)]
                    feedbackSlot(fbDelta, pc).pointee |= Feedback.bits(x)
                    let imm = opSB(i)
                    let cond = x.tag == Tag.integer ? x.i == Int64(imm) : (x.tag == Tag.float && x.f == Double(imm))
                    guard let next = try condJump(cond, opK(i), pc, vm, ci, beDelta, frameLimit, state, osrAt, H.self) else { return false }
                    pc = next
                case .ltI:
                    let x = base[opA(i)]
                    let imm = opSB(i)
                    var cond: Bool
                    if x.tag == Tag.integer { feedbackSlot(fbDelta, pc).pointee |= Feedback.intBit; cond = x.i < Int64(imm) }
                    else if x.tag == Tag.float { feedbackSlot(fbDelta, pc).pointee |= Feedback.floatBit; cond = x.f < Double(imm) }
                    else {
                        feedbackSlot(fbDelta, pc).pointee |= Feedback.bits(x)
                        cond = try compareImmediate(vm, ci, pc, op, x, i)
                        base = th.pointee.stack + baseIdx
                    }
                    if cond != opK(i) { pc += 1 } else {
                        let off = opSJ(pc.pointee)
                        pc += 1 + off
                        if off < 0 {
                            if try backEdge(vm, ci, pc, beDelta, frameLimit, state, osrAt, H.self) { return false }
                        }
                    }
                case .leI:
                    let x = base[opA(i)]
                    let imm = opSB(i)
                    var cond: Bool
                    if x.tag == Tag.integer { feedbackSlot(fbDelta, pc).pointee |= Feedback.intBit; cond = x.i <= Int64(imm) }
                    else if x.tag == Tag.float { feedbackSlot(fbDelta, pc).pointee |= Feedback.floatBit; cond = x.f <= Double(imm) }
                    else {
                        feedbackSlot(fbDelta, pc).pointee |= Feedback.bits(x)
                        cond = try compareImmediate(vm, ci, pc, op, x, i)
                        base = th.pointee.stack + baseIdx
                    }
                    if cond != opK(i) { pc += 1 } else {
                        let off = opSJ(pc.pointee)
                        pc += 1 + off
                        if off < 0 {
                            if try backEdge(vm, ci, pc, beDelta, frameLimit, state, osrAt, H.self) { return false }
                        }
                    }
                case .gtI:
                    let x = base[opA(i)]
                    let imm = opSB(i)
                    var cond: Bool
                    if x.tag == Tag.integer { feedbackSlot(fbDelta, pc).pointee |= Feedback.intBit; cond = x.i > Int64(imm) }
                    else if x.tag == Tag.float { feedbackSlot(fbDelta, pc).pointee |= Feedback.floatBit; cond = x.f > Double(imm) }
                    else {
                        feedbackSlot(fbDelta, pc).pointee |= Feedback.bits(x)
                        cond = try compareImmediate(vm, ci, pc, op, x, i)
                        base = th.pointee.stack + baseIdx
                    }
                    if cond != opK(i) { pc += 1 } else {
                        let off = opSJ(pc.pointee)
                        pc += 1 + off
                        if off < 0 {
                            if try backEdge(vm, ci, pc, beDelta, frameLimit, state, osrAt, H.self) { return false }
                        }
                    }
                case .geI:
                    let x = base[opA(i)]
                    let imm = opSB(i)
                    var cond: Bool
                    if x.tag == Tag.integer { feedbackSlot(fbDelta, pc).pointee |= Feedback.intBit; cond = x.i >= Int64(imm) }
                    else if x.tag == Tag.float { feedbackSlot(fbDelta, pc).pointee |= Feedback.floatBit; cond = x.f >= Double(imm) }
                    else {
                        feedbackSlot(fbDelta, pc).pointee |= Feedback.bits(x)
                        cond = try compareImmediate(vm, ci, pc, op, x, i)
                        base = th.pointee.stack + baseIdx
                    }
                    if cond != opK(i) { pc += 1 } else {
                        let off = opSJ(pc.pointee)
                        pc += 1 + off
                        if off < 0 {
                            if try backEdge(vm, ci, pc, beDelta, frameLimit, state, osrAt, H.self) { return false }
                        }
                    }
                case .test:
                    guard let next = try condJump(base[opA(i)].isTruthy, opK(i), pc, vm, ci, beDelta, frameLimit, state, osrAt, H.self) else { return false }
                    pc = next
                case .testSet:
                    let v = base[opB(i)]
                    if v.isFalsy != opK(i) { base[opA(i)] = v }
                    guard let next = try condJump(!v.isFalsy, opK(i), pc, vm, ci, beDelta, frameLimit, state, osrAt, H.self) else { return false }
                    pc = next

                // MARK: calls and returns
                case .call:
                    let a = opA(i), b = opB(i)
                    let nres = opC(i) &- 1
                    let fIdx = baseIdx &+ a
                    ci.pointee.savedPC = pc
                    if H.enabled {
                        if b != 0 { th.pointee.top = fIdx + b }
                        if let nci = try hookedCall(vm, th, fIdx, nres) { ci = nci; continue newframe }
                        base = th.pointee.stack + baseIdx
                        frameLimit = UInt(bitPattern: th.pointee.stack + ci.pointee.topIdx)
                        if vm.heapBytes >= vm.gcThreshold { try gcSlow(vm, ci, pc, nres < 0 ? th.pointee.top - baseIdx : ci.pointee.topIdx - baseIdx) }
                        continue dispatch
                    }
                    let f = base[a]
                    // The callee's type (Lua or native): the JIT weighs calls by it.
                    feedbackSlot(fbDelta, pc).pointee |= Feedback.bits(f)
                    if f.tag == Tag.luaClosure {
                        // A Lua callee needs only the argument count, not the thread's top.
                        ci = try enterLua(vm, th, fIdx, b != 0 ? b &- 1 : th.pointee.top &- fIdx &- 1, nres, f.lclosure)
                        let callee = f.lclosure.pointee.proto
                        // The callee seen last, for the JIT's inlining (CallProfile).
                        (backEdgeSlot(beDelta, pc) - 1).pointee = CallProfile.lua(callee)
                        if callee.pointee.callCount >= callee.pointee.tierUpAt {
                            if let r = try tierUp(vm, th, ci, boundary, H.self) { return r }
                            ci = th.pointee.ci
                        }
                        continue newframe
                    }
                    if b != 0 { th.pointee.top = fIdx + b }
                    if f.tag == Tag.lightNative {
                        let idx = Int(f.payload)
                        (backEdgeSlot(beDelta, pc) - 1).pointee = CallProfile.native(idx)
                        if idx == vm.pcallIndex || idx == vm.xpcallIndex {
                            if let nci = try protectedCall(vm, th, fIdx, nres, xpcall: idx == vm.xpcallIndex) {
                                ci = nci
                                // The protected function may be hot (compiled) too.
                                if let cl = nci.pointee.closure, cl.pointee.proto.pointee.callCount >= cl.pointee.proto.pointee.tierUpAt {
                                    if let r = try tierUp(vm, th, ci, boundary, H.self) { return r }
                                    ci = th.pointee.ci
                                }
                                continue newframe
                            }
                        } else if let nci = try callNativeOutOfLine(vm, th, fIdx, nres, idx) {
                            ci = nci  // the native finishes with a call in its place
                            continue newframe
                        }
                    } else if let nci = try precall(vm, fIdx, nres) {
                        ci = nci
                        continue newframe
                    }
                    base = th.pointee.stack + baseIdx
                    frameLimit = UInt(bitPattern: th.pointee.stack + ci.pointee.topIdx)
                    if vm.heapBytes >= vm.gcThreshold { try gcSlow(vm, ci, pc, nres < 0 ? th.pointee.top - baseIdx : ci.pointee.topIdx - baseIdx) }
                    // The limit check after a native call: a request it posted (debug.sethook)
                    // is seen before the next instruction.
                    if frameLimit > vmstate_limit(state) {
                        if try loopService(vm, H.self) { return false }
                    }
                case .tailCall:
                    let a = opA(i), b = opB(i)
                    var fIdx = baseIdx + a
                    if b != 0 { th.pointee.top = fIdx + b }
                    ci.pointee.savedPC = pc
                    if opK(i) { vm.closeUpvals(th, baseIdx) }
                    // Resolve __call so the callee is a function.
                    while !th.pointee.stack[fIdx].isFunction {
                        try resolveCall(vm, th, fIdx)
                    }
                    let s = th.pointee.stack
                    let f = s[fIdx]
                    if f.tag == Tag.luaClosure {
                        // Move the callee and its arguments down to this frame's function slot.
                        let dst = ci.pointee.funcIdx
                        let n = th.pointee.top - fIdx
                        for j in 0..<n { s[dst + j] = s[fIdx + j] }
                        th.pointee.top = dst + n
                        let nres = ci.pointee.nResults
                        let status = ci.pointee.status
                        th.pointee.ci = ci.pointee.previous.unsafelyUnwrapped
                        let nci = try enterLua(vm, th, dst, n - 1, nres, f.lclosure)
                        precondition(nci == ci, "tail call must reuse the frame record")
                        ci.pointee.status = CallStatus.lua | CallStatus.tailCalled | (status & CallStatus.fresh)
                        if H.enabled { try hookCall(vm, th, ci, tail: true) }
                        let callee = f.lclosure.pointee.proto
                        if callee.pointee.callCount >= callee.pointee.tierUpAt {
                            if let r = try tierUp(vm, th, ci, boundary, H.self) { return r }
                            ci = th.pointee.ci
                        }
                        continue newframe
                    }
                    // `return pcall(...)`: an ordinary call in this frame, so that the protected
                    // function may yield; the RETURN A 0 that follows returns its results.
                    if f.tag == Tag.lightNative && (Int(f.payload) == vm.pcallIndex || Int(f.payload) == vm.xpcallIndex) {
                        assert(unsafeBitCast(UInt8(truncatingIfNeeded: pc.pointee & 0x7F), to: Opcode.self) == .return)
                        // (The hooked form goes through hookedCall for the callee's call event.)
                        if let nci = H.enabled ? try hookedCall(vm, th, fIdx, -1)
                                               : try protectedCall(vm, th, fIdx, -1, xpcall: Int(f.payload) == vm.xpcallIndex) {
                            ci = nci
                            continue newframe
                        }
                        base = th.pointee.stack + baseIdx
                        frameLimit = UInt(bitPattern: th.pointee.stack + ci.pointee.topIdx)
                        continue dispatch
                    }
                    // A native callee: call it, then return its results from this frame.
                    fIdx = baseIdx + a
                    if let nci = H.enabled ? try hookedCall(vm, th, fIdx, -1) : try precall(vm, fIdx, -1) {
                        // The native finishes with a call in its place: this frame waits, like
                        // for `return pcall(...)`, and the RETURN A 0 that follows returns.
                        ci = nci
                        continue newframe
                    }
                    let n = th.pointee.top - fIdx
                    if H.enabled { try hookReturn(vm, th, ci, pc, fIdx, n, fIdx + n) }
                    let wasBoundary = ci == boundary
                    poscall(th, ci, fIdx, n)
                    if wasBoundary { return true }
                    ci = th.pointee.ci
                    if ci.pointee.status & (CallStatus.pcall | CallStatus.finishOp | CallStatus.callInPlace) != 0 {
                        guard let c = try afterReturn(vm, th, ci, boundary) else { return true }
                        ci = c
                    }
                    continue newframe
                case .return:
                    let a = opA(i), b = opB(i)
                    let first = baseIdx + a
                    let n = b != 0 ? b - 1 : th.pointee.top - first
                    if opK(i) {
                        ci.pointee.savedPC = pc
                        vm.closeUpvals(th, baseIdx)
                        if th.pointee.tbcCount > 0 {
                            // The handlers run above every register (the variables still to
                            // close among them) and above the values to return.
                            ci.pointee.nReturned = n
                            th.pointee.top = max(first + n, ci.pointee.topIdx)
                            try closeSlow(vm, th, ci, baseIdx)
                            base = th.pointee.stack + baseIdx
                        }
                        th.pointee.top = first + n
                    }
                    if H.enabled { try hookReturn(vm, th, ci, pc, first, n, first + n) }
                    let wasBoundary = ci == boundary
                    poscall(th, ci, first, n)
                    if wasBoundary { return true }
                    ci = th.pointee.ci
                    if ci.pointee.status & (CallStatus.pcall | CallStatus.finishOp | CallStatus.callInPlace) != 0 {
                        guard let c = try afterReturn(vm, th, ci, boundary) else { return true }
                        ci = c
                    }
                    continue newframe
                case .return0:
                    if H.enabled { try hookReturn(vm, th, ci, pc, baseIdx, 0, ci.pointee.topIdx) }
                    let wasBoundary = ci == boundary
                    let res = ci.pointee.funcIdx
                    let wanted = ci.pointee.nResults
                    let s = th.pointee.stack
                    if wanted > 0 { for j in 0..<wanted { s[res + j] = .nil } }
                    th.pointee.top = res + max(wanted, 0)
                    th.pointee.ci = ci.pointee.previous.unsafelyUnwrapped
                    if wasBoundary { return true }
                    ci = th.pointee.ci
                    if ci.pointee.status & (CallStatus.pcall | CallStatus.finishOp | CallStatus.callInPlace) != 0 {
                        guard let c = try afterReturn(vm, th, ci, boundary) else { return true }
                        ci = c
                    }
                    continue newframe
                case .return1:
                    if H.enabled { try hookReturn(vm, th, ci, pc, baseIdx + opA(i), 1, ci.pointee.topIdx); base = th.pointee.stack + baseIdx }
                    let wasBoundary = ci == boundary
                    let res = ci.pointee.funcIdx
                    let wanted = ci.pointee.nResults
                    let s = th.pointee.stack
                    s[res] = base[opA(i)]
                    if wanted < 0 { th.pointee.top = res + 1 }
                    else {
                        var j = 1
                        while j < wanted { s[res + j] = .nil; j += 1 }
                        // A Lua caller with fixed results ignores top; Swift callers read it.
                        if wasBoundary { th.pointee.top = res + wanted }
                    }
                    th.pointee.ci = ci.pointee.previous.unsafelyUnwrapped
                    if wasBoundary { return true }
                    ci = th.pointee.ci
                    if ci.pointee.status & (CallStatus.pcall | CallStatus.finishOp | CallStatus.callInPlace) != 0 {
                        guard let c = try afterReturn(vm, th, ci, boundary) else { return true }
                        ci = c
                    }
                    continue newframe

                // MARK: loops
                case .forLoop:
                    let a = opA(i)
                    let bx = opBx(i)
                    if base[a + 2].tag == Tag.integer {
                        let count = UInt64(bitPattern: base[a + 1].i)
                        if count > 0 {
                            // Whole values, tags included: debug.setlocal can put any value in
                            // these slots, and a payload-only store could forge an object.
                            let step = base[a + 2].i
                            let idx = base[a].i &+ step
                            base[a + 1] = .integer(Int64(bitPattern: count &- 1))
                            base[a] = .integer(idx)
                            base[a + 3] = .integer(idx)
                            pc -= bx
                        } else { continue dispatch }
                    } else {
                        let step = base[a + 2].f, limit = base[a + 1].f
                        let idx = base[a].f + step
                        if step > 0 ? idx <= limit : limit <= idx {
                            base[a] = .number(idx)
                            base[a + 3] = .number(idx)
                            pc -= bx
                        } else { continue dispatch }
                    }
                    if try backEdge(vm, ci, pc, beDelta, frameLimit, state, osrAt, H.self) { return false }
                case .forPrep:
                    // The common loop (integer start and limit, positive integer step) is prepared
                    // here; everything else, errors included, by forPrep, which agrees with this.
                    let ra = base + opA(i)
                    if ra[0].tag == Tag.integer && ra[1].tag == Tag.integer && ra[2].tag == Tag.integer && ra[2].i > 0 {
                        let i0 = ra[0].i, step = ra[2].i
                        if i0 > ra[1].i { pc += opBx(i) + 1; continue dispatch }
                        let span = UInt64(bitPattern: ra[1].i) &- UInt64(bitPattern: i0)
                        ra[1] = .integer(Int64(bitPattern: step == 1 ? span : span / UInt64(bitPattern: step)))
                        ra[3] = .integer(i0)
                    } else {
                        ci.pointee.savedPC = pc
                        if try forPrep(vm, ra) { pc += opBx(i) + 1 }
                    }
                case .tForPrep:
                    let a = opA(i)
                    let v = base[a + 3]
                    if !v.isFalsy {
                        if vm.tm(v, .close).isNil {
                            ci.pointee.savedPC = pc
                            throw vm.runtimeError("variable '(for state)' got a non-closable value")
                        }
                        vm.pushTBC(th, baseIdx + a + 3)
                    }
                    pc += opBx(i)
                case .tForCall:
                    let a = opA(i)
                    base[a + 4] = base[a]
                    base[a + 5] = base[a + 1]
                    base[a + 6] = base[a + 2]
                    let fIdx = baseIdx + a + 4
                    th.pointee.top = fIdx + 3
                    ci.pointee.savedPC = pc
                    if H.enabled {
                        if let nci = try hookedCall(vm, th, fIdx, opC(i)) { ci = nci; continue newframe }
                        base = th.pointee.stack + baseIdx
                        frameLimit = UInt(bitPattern: th.pointee.stack + ci.pointee.topIdx)
                        continue dispatch
                    }
                    let f = base[a + 4]
                    if f.tag == Tag.luaClosure {
                        ci = try enterLua(vm, th, fIdx, 2, opC(i), f.lclosure)
                        continue newframe
                    }
                    // The iterator's type, and the native seen last in the word of the TFORLOOP
                    // after it (never a loop header's counter): the JIT takes `next` and ipairs'
                    // iterator in (CallProfile).
                    feedbackSlot(fbDelta, pc).pointee |= Feedback.bits(f)
                    if f.tag == Tag.lightNative { backEdgeSlot(beDelta, pc).pointee = CallProfile.native(Int(f.payload)) }
                    if let nci = try precall(vm, fIdx, opC(i)) {
                        ci = nci
                        continue newframe
                    }
                    base = th.pointee.stack + baseIdx
                    frameLimit = UInt(bitPattern: th.pointee.stack + ci.pointee.topIdx)
                case .tForLoop:
                    let a = opA(i)
                    let v = base[a + 4]
                    if !v.isNil {
                        base[a + 2] = v
                        pc -= opBx(i)
                        if try backEdge(vm, ci, pc, beDelta, frameLimit, state, osrAt, H.self) { return false }
                    }

                case .setList:
                    let a = opA(i)
                    var n = opB(i)
                    var c = opC(i)
                    if opK(i) { c += Int(pc.pointee >> 7) * 256; pc += 1 }
                    if n == 0 { n = th.pointee.top - (baseIdx + a) - 1 }
                    let t = base[a].tbl
                    if n > 0 {
                        if c + n > t.pointee.arraySize { vm.ensureArray(t, c + n) }
                        let arr = t.pointee.array!
                        for j in 1...n { arr[c + j - 1] = base[a + j] }
                    }
                case .closure:
                    let a = opA(i)
                    let np = cl.pointee.proto.pointee.children[opBx(i)]
                    let ncl = vm.allocLuaClosure(np)
                    let ups = LClosure.upvals(ncl)
                    for j in 0..<np.pointee.upvalCount {
                        let idx = Int(np.pointee.upvalIndex[j])
                        ups[j] = np.pointee.upvalInStack[j] != 0 ? vm.findUpval(baseIdx + idx) : upvals[idx]
                    }
                    base[a] = Value.object(UnsafeMutableRawPointer(ncl), Tag.luaClosure)
                    if vm.heapBytes >= vm.gcThreshold { try gcSlow(vm, ci, pc, a + 1) }
                case .varArg:
                    let a = opA(i)
                    let wanted = opC(i) - 1
                    let nextra = ci.pointee.nExtraArgs
                    let src = baseIdx - nextra
                    if wanted < 0 {
                        if baseIdx + a + nextra + Limits.extraStack >= ci.pointee.topIdx {
                            ci.pointee.savedPC = pc
                            if baseIdx + a + nextra + 2 * Limits.extraStack > th.pointee.stackSize {
                                try vm.growStack(th, baseIdx + a + nextra + 2 * Limits.extraStack)
                            }
                            ci.pointee.topIdx = max(ci.pointee.topIdx, baseIdx + a + nextra + Limits.extraStack)
                            base = th.pointee.stack + baseIdx
                            frameLimit = UInt(bitPattern: th.pointee.stack + ci.pointee.topIdx)
                        }
                        let s = th.pointee.stack
                        for j in 0..<nextra { s[baseIdx + a + j] = s[src + j] }
                        th.pointee.top = baseIdx + a + nextra
                    } else {
                        let s = th.pointee.stack
                        for j in 0..<wanted { s[baseIdx + a + j] = j < nextra ? s[src + j] : .nil }
                    }
                case .varArgPrep:
                    break  // the vararg frame layout is built on entry (enterLua)
                case .extraArg:
                    break
                }
            }
        }
    }
}
