// The operator families of the dispatch loop: one generic body per family (binary arithmetic,
// conditional jump and back-edge), one small type per arithmetic operator.
//
// Invariants: every helper here is `@inline(__always)` and generic only over types whose members
// are compile-time constants, so each opcode case in Interpreter.swift specializes to the same
// straight-line code it would have if written out by hand; after a slow path (which may run Lua
// code that moves the stack) the caller reloads `base`, after a fast path never. The loop's pc
// and base are passed by value and come back as results, never inout: an inout `base` measured
// ~1-3% more instructions on every benchmark (the loop no longer keeps it in a register).

import CSigint
import LuaBytecode
import LuaRuntime

/// One binary arithmetic or bitwise operator: its integer and float forms.
protocol BinaryArith {
    /// The metamethod event (and error wording) of the operator.
    static var event: ArithOp { get }
    /// True for the bitwise operators: integers only, everything else goes to `arithSlow`.
    static var bitwise: Bool { get }
    /// The result on two integers, or nil when that pair needs the slow path (x % 0, x // 0).
    static func int(_ x: Int64, _ y: Int64) -> Value?
    /// The result on two floats (unused when `bitwise`).
    static func float(_ x: Double, _ y: Double) -> Double
}

enum AddOp: BinaryArith {
    static var event: ArithOp { .add }
    static var bitwise: Bool { false }
    @inline(__always) static func int(_ x: Int64, _ y: Int64) -> Value? { .integer(x &+ y) }
    @inline(__always) static func float(_ x: Double, _ y: Double) -> Double { x + y }
}
enum SubOp: BinaryArith {
    static var event: ArithOp { .sub }
    static var bitwise: Bool { false }
    @inline(__always) static func int(_ x: Int64, _ y: Int64) -> Value? { .integer(x &- y) }
    @inline(__always) static func float(_ x: Double, _ y: Double) -> Double { x - y }
}
enum MulOp: BinaryArith {
    static var event: ArithOp { .mul }
    static var bitwise: Bool { false }
    @inline(__always) static func int(_ x: Int64, _ y: Int64) -> Value? { .integer(x &* y) }
    @inline(__always) static func float(_ x: Double, _ y: Double) -> Double { x * y }
}
enum ModOp: BinaryArith {
    static var event: ArithOp { .mod }
    static var bitwise: Bool { false }
    /// Floored modulo; a non-positive divisor (zero: error; negative: rare) takes the slow path.
    @inline(__always) static func int(_ x: Int64, _ y: Int64) -> Value? {
        if y > 0 { let r = x % y; return .integer(r < 0 ? r &+ y : r) }
        return nil
    }
    @inline(__always) static func float(_ x: Double, _ y: Double) -> Double { LuaNumber.fmod(x, y) }
}
enum PowOp: BinaryArith {
    static var event: ArithOp { .pow }
    static var bitwise: Bool { false }
    @inline(__always) static func int(_ x: Int64, _ y: Int64) -> Value? { .number(Interpreter.powd(Double(x), Double(y))) }
    @inline(__always) static func float(_ x: Double, _ y: Double) -> Double { Interpreter.powd(x, y) }
}
enum DivOp: BinaryArith {
    static var event: ArithOp { .div }
    static var bitwise: Bool { false }
    @inline(__always) static func int(_ x: Int64, _ y: Int64) -> Value? { .number(Double(x) / Double(y)) }
    @inline(__always) static func float(_ x: Double, _ y: Double) -> Double { x / y }
}
enum IDivOp: BinaryArith {
    static var event: ArithOp { .idiv }
    static var bitwise: Bool { false }
    /// Floor division; a non-positive divisor takes the slow path (as for ModOp).
    @inline(__always) static func int(_ x: Int64, _ y: Int64) -> Value? {
        y > 0 ? .integer(LuaNumber.floorDiv(x, y)) : nil
    }
    @inline(__always) static func float(_ x: Double, _ y: Double) -> Double { (x / y).rounded(.down) }
}
enum BAndOp: BinaryArith {
    static var event: ArithOp { .band }
    static var bitwise: Bool { true }
    @inline(__always) static func int(_ x: Int64, _ y: Int64) -> Value? { .integer(x & y) }
    @inline(__always) static func float(_ x: Double, _ y: Double) -> Double { .nan }
}
enum BOrOp: BinaryArith {
    static var event: ArithOp { .bor }
    static var bitwise: Bool { true }
    @inline(__always) static func int(_ x: Int64, _ y: Int64) -> Value? { .integer(x | y) }
    @inline(__always) static func float(_ x: Double, _ y: Double) -> Double { .nan }
}
enum BXorOp: BinaryArith {
    static var event: ArithOp { .bxor }
    static var bitwise: Bool { true }
    @inline(__always) static func int(_ x: Int64, _ y: Int64) -> Value? { .integer(x ^ y) }
    @inline(__always) static func float(_ x: Double, _ y: Double) -> Double { .nan }
}
enum ShlOp: BinaryArith {
    static var event: ArithOp { .shl }
    static var bitwise: Bool { true }
    @inline(__always) static func int(_ x: Int64, _ y: Int64) -> Value? { .integer(LuaNumber.shiftLeft(x, y)) }
    @inline(__always) static func float(_ x: Double, _ y: Double) -> Double { .nan }
}
enum ShrOp: BinaryArith {
    static var event: ArithOp { .shr }
    static var bitwise: Bool { true }
    @inline(__always) static func int(_ x: Int64, _ y: Int64) -> Value? { .integer(LuaNumber.shiftLeft(x, 0 &- y)) }
    @inline(__always) static func float(_ x: Double, _ y: Double) -> Double { .nan }
}

extension Interpreter {
    /// R[A] := R[B] op y, y being R[C] or K[C] (`yIsK` says which; a register operand is profiled
    /// too). Two integers: `O.int`; two floats, or a float and an integer: `O.float` on both as
    /// floats; both store into R[A] and return nil. Anything else (strings, metamethods, errors)
    /// and the integer pairs `O.int` refuses: the slow path's result is returned for the caller to
    /// store after reloading `base` (the stack may have moved). `base` is taken by value so the
    /// loop's copy stays in a register. The slow paths get the instruction word, not its decoded
    /// operands, so that the fast paths need not keep B and C alive for them.
    @inline(__always)
    static func binaryArith<O: BinaryArith>(_: O.Type, _ vm: VM, _ ci: CI, _ pc: PC, _ op: Opcode, _ i: UInt32,
                                            _ x: Value, _ y: Value, yIsK: Bool,
                                            _ fbDelta: UInt, _ base: Regs) throws(VMError) -> Value? {
        if x.tag == Tag.integer && y.tag == Tag.integer {
            feedbackSlot(fbDelta, pc).pointee |= Feedback.intBit
            if let v = O.int(x.i, y.i) { base[opA(i)] = v; return nil }
            return try arithMixed(vm, ci, pc, op, x, y, .none, .none)
        } else if !O.bitwise && x.tag == Tag.float && y.tag == Tag.float {
            // Two floats get their own test: the feedback bit is a constant and no operand
            // needs converting (the mixed test below re-tested each tag for that).
            feedbackSlot(fbDelta, pc).pointee |= Feedback.floatBit
            base[opA(i)] = .number(O.float(x.f, y.f))
            return nil
        } else if !O.bitwise && x.isNumber && y.isNumber {
            // One integer and one float here, so both operands' bits are a constant.
            feedbackSlot(fbDelta, pc).pointee |= yIsK ? Feedback.bits(x) : Feedback.intBit | Feedback.floatBit
            let xf = x.tag == Tag.float ? x.f : Double(x.i), yf = y.tag == Tag.float ? y.f : Double(y.i)
            base[opA(i)] = .number(O.float(xf, yf))
            return nil
        } else {
            feedbackSlot(fbDelta, pc).pointee |= yIsK ? Feedback.bits(x) : Feedback.bits(x) | Feedback.bits(y)
            return try arithFallback(vm, ci, pc, op, i, x, y, O.event, bitwise: O.bitwise, yIsK: yIsK)
        }
    }

    /// binaryArith's operands are not both numbers (or a bitwise operand is a float): the error
    /// names come from the instruction word here, out of the loop.
    @inline(never)
    static func arithFallback(_ vm: VM, _ ci: CI, _ pc: PC, _ op: Opcode, _ i: UInt32, _ x: Value, _ y: Value,
                              _ event: ArithOp, bitwise: Bool, yIsK: Bool) throws(VMError) -> Value {
        let ix = ErrInfo.register(opB(i))
        let iy = yIsK ? ErrInfo.constant(opC(i)) : ErrInfo.register(opC(i))
        if bitwise { return try arithSlow(vm, ci, pc, event, x, y, ix, iy) }
        return try arithMixed(vm, ci, pc, op, x, y, ix, iy)
    }

    /// A loop back-edge has just set `pc` to its loop header: count it and do the limit check
    /// (ARCHITECTURE.md §5). True when the loop must leave to switch forms (hooks turned on or off).
    /// VMREPL_NO_BACKEDGE_CHECK exists only for a measurement build that shows what the compare costs.
    /// The count reaching `osrAt` (the proto's OSR threshold) marks the frame `osrPending` and
    /// leaves the loop: `run` asks the compiling tier for an entry at this header when it resumes
    /// the frame (Interpreter+Tiers.swift), where a return from the frame can end the activation.
    @inline(__always)
    static func backEdge<H: HookPolicy>(_ vm: VM, _ ci: CI, _ pc: PC, _ beDelta: UInt, _ frameLimit: UInt,
                                        _ state: UnsafeMutablePointer<VMState>, _ osrAt: UInt32, _: H.Type) throws(VMError) -> Bool {
        let count = backEdgeSlot(beDelta, pc).pointee &+ 1
        backEdgeSlot(beDelta, pc).pointee = count
        if !H.enabled && count == osrAt { return osrRequest(ci, pc) }
        #if !VMREPL_NO_BACKEDGE_CHECK
        if frameLimit > vmstate_limit(state) {
            if try backEdgeService(vm, ci, pc, H.self) { return true }
            // A background compile installed at this check an OSR entry for this very loop (the
            // engine arms the count one short of the threshold): enter it right here.
            if !H.enabled && backEdgeSlot(beDelta, pc).pointee == osrAt &- 1 { return osrRequest(ci, pc) }
        }
        #endif
        return false
    }

    /// The pc after a jump by `off` from `pc`; a backward jump is a back-edge. Nil when the loop
    /// must leave (as for `backEdge`). Returns the pc rather than taking it inout, so the
    /// optimizer keeps the loop's pc in a register.
    @inline(__always)
    static func jump<H: HookPolicy>(_ off: Int, _ pc: PC, _ vm: VM, _ ci: CI, _ beDelta: UInt, _ frameLimit: UInt,
                                    _ state: UnsafeMutablePointer<VMState>, _ osrAt: UInt32, _: H.Type) throws(VMError) -> PC? {
        let target = pc + off
        if off < 0, try backEdge(vm, ci, target, beDelta, frameLimit, state, osrAt, H.self) { return nil }
        return target
    }

    /// The tail of every test: `pc` points at the jmp that follows; skip it when `cond != k`,
    /// else take it. Nil as for `jump`.
    @inline(__always)
    static func condJump<H: HookPolicy>(_ cond: Bool, _ k: Bool, _ pc: PC, _ vm: VM, _ ci: CI, _ beDelta: UInt,
                                        _ frameLimit: UInt, _ state: UnsafeMutablePointer<VMState>, _ osrAt: UInt32, _: H.Type) throws(VMError) -> PC? {
        if cond != k { return pc + 1 }
        return try jump(opSJ(pc.pointee), pc + 1, vm, ci, beDelta, frameLimit, state, osrAt, H.self)
    }
}
