// Constant folding and simplification with Lua 5.4's semantics exactly (LuaArithmetic, the same
// code the interpreter runs): integer arithmetic wraps, `//` and `%` floor, shifts of 64 or more
// give 0 and negative counts shift the other way. Never folded: integer `//` or `%` by zero (the
// guard stays and exits, the interpreter raises), or anything else that can raise or exit.
// Also: a type guard of a value boxed from the same type is that value; a guard or branch on a
// known condition is removed or becomes a jump.
//
// Invariant: an instruction is rewritten in place (same result id, same type) or removed after
// its uses were replaced.
import LuaBytecode

public enum ConstantFold {
    public static func run(_ f: inout IRFunction) {
        var changed = true
        while changed {
            changed = false
            var defs = f.definitions()
            var replace = ValueMap<ValueID>()
            for b in f.blocks.indices {
                var kept: [Instr] = []
                for var ins in f.blocks[b].instrs {
                    let x = ins.operands.map { replace[$0] ?? $0 }
                    ins.operands = x
                    switch simplify(ins, x.map { defs[$0] }) {
                    case .keep: kept.append(ins)
                    case .rewrite(let op, let operands):
                        ins.op = op; ins.operands = operands; ins.exit = nil
                        kept.append(ins); changed = true
                        if let r = ins.result { defs[r] = ins }
                    case .replaceBy(let v) where v == ins.result || replace[v] != nil:
                        // Never a value by itself, nor by one already being replaced (a chain
                        // that could close into a cycle): keep it, the next round looks again.
                        kept.append(ins)
                    case .replaceBy(let v): replace[ins.result!] = v; changed = true
                    case .remove: changed = true
                    }
                }
                f.blocks[b].instrs = kept
            }
            f.replaceUses(replace)
            // Branches on constants.
            let d = f.definitions()
            for b in f.blocks.indices {
                if case .branch(let c, let t, let e)? = f.blocks[b].terminator, case .constBool(let v)? = d[c]?.op {
                    f.blocks[b].terminator = .jump(v ? t : e)
                    changed = true
                }
            }
        }
    }

    enum Outcome { case keep, rewrite(IROp, [ValueID]), replaceBy(ValueID), remove }

    static func int(_ d: Instr?) -> Int64? { if case .constInt(let n)? = d?.op { return n }; return nil }
    static func float(_ d: Instr?) -> Double? { if case .constFloat(let x)? = d?.op { return x }; return nil }
    static func bool(_ d: Instr?) -> Bool? { if case .constBool(let x)? = d?.op { return x }; return nil }
    static func boxedFrom(_ d: Instr?, _ k: BoxKind) -> ValueID? {
        if case .box(let kind)? = d?.op, kind == k { return d!.operands[0] }
        return nil
    }

    static func simplify(_ ins: Instr, _ d: [Instr?]) -> Outcome {
        func i2(_ g: (Int64, Int64) -> Int64) -> Outcome {
            guard let a = int(d[0]), let b = int(d[1]) else { return .keep }
            return .rewrite(.constInt(g(a, b)), [])
        }
        func f2(_ g: (Double, Double) -> Double) -> Outcome {
            guard let a = float(d[0]), let b = float(d[1]) else { return .keep }
            return .rewrite(.constFloat(g(a, b)), [])
        }
        switch ins.op {
        case .iadd: return i2(&+)
        case .isub: return i2(&-)
        case .imul: return i2(&*)
        case .ineg: return int(d[0]).map { .rewrite(.constInt(0 &- $0), []) } ?? .keep
        case .ifloordiv: return int(d[1]) == 0 ? .keep : i2(LuaArithmetic.floorDiv)
        case .imod: return int(d[1]) == 0 ? .keep : i2(LuaArithmetic.mod)
        case .iudiv:
            guard let a = int(d[0]), let b = int(d[1]), b != 0 else { return .keep }
            return .rewrite(.constInt(Int64(bitPattern: UInt64(bitPattern: a) / UInt64(bitPattern: b))), [])
        case .band: return i2(&)
        case .bor: return i2(|)
        case .bxor: return i2(^)
        case .bnot: return int(d[0]).map { .rewrite(.constInt(~$0), []) } ?? .keep
        case .shl: return i2(LuaArithmetic.shiftLeft)
        case .shr: return i2(LuaArithmetic.shiftRight)
        case .fadd: return f2(+)
        case .fsub: return f2(-)
        case .fmul: return f2(*)
        case .fdiv: return f2(/)
        case .fmod: return f2(LuaArithmetic.fmod)
        case .ffloordiv: return f2(LuaArithmetic.floatFloorDiv)
        case .fpow: return f2(LuaArithmetic.pow)
        case .fneg: return float(d[0]).map { .rewrite(.constFloat(-$0), []) } ?? .keep
        case .intToFloat: return int(d[0]).map { .rewrite(.constFloat(Double($0)), []) } ?? .keep
        case .testBits(let mask):
            return int(d[0]).map { .rewrite(.constBool($0 & mask != 0), []) } ?? .keep
        case .icmp(let c):
            guard let a = int(d[0]), let b = int(d[1]) else { return .keep }
            return .rewrite(.constBool(holds(c, a, b)), [])
        case .fcmp(let c):
            guard let a = float(d[0]), let b = float(d[1]) else { return .keep }
            return .rewrite(.constBool(holds(c, a, b)), [])
        case .not: return bool(d[0]).map { .rewrite(.constBool(!$0), []) } ?? .keep
        case .truthy:
            // Pattern matches, not decisions per op: anything else keeps the instruction.
            if case .constNil? = d[0]?.op { return .rewrite(.constBool(false), []) }
            if case .constK? = d[0]?.op { return .rewrite(.constBool(true), []) }
            if case .box(let k)? = d[0]?.op {
                return k == .bool ? .replaceBy(d[0]!.operands[0]) : k == .asIs ? .keep : .rewrite(.constBool(true), [])
            }
            return .keep
        case .eqShortString(let k):
            if case .constK(let j)? = d[0]?.op, j == k { return .rewrite(.constBool(true), []) }
            if case .constNil? = d[0]?.op { return .rewrite(.constBool(false), []) }
            if case .box(let kind)? = d[0]?.op, kind != .asIs, kind != .string { return .rewrite(.constBool(false), []) }
            return .keep
        case .isNil:
            if case .constNil? = d[0]?.op { return .rewrite(.constBool(true), []) }
            if case .constK? = d[0]?.op { return .rewrite(.constBool(false), []) }
            if case .box(let k)? = d[0]?.op { return k == .asIs ? .keep : .rewrite(.constBool(false), []) }
            return .keep
        case .box(.asIs): return .replaceBy(ins.operands[0])
        case .guardInt: return boxedFrom(d[0], .int).map { .replaceBy($0) } ?? .keep
        case .guardFloat: return boxedFrom(d[0], .float).map { .replaceBy($0) } ?? .keep
        case .guardTable: return boxedFrom(d[0], .table).map { .replaceBy($0) } ?? .keep
        case .guardString: return boxedFrom(d[0], .string).map { .replaceBy($0) } ?? .keep
        case .guardMixed, .guardFunction: return .keep
        case .fsqrt: return float(d[0]).map { .rewrite(.constFloat($0.squareRoot()), []) } ?? .keep
        case .guardNumber:
            if let x = boxedFrom(d[0], .float) { return .replaceBy(x) }
            if let x = boxedFrom(d[0], .int) { return .rewrite(.intToFloat, [x]) }
            return .keep
        case .guardNonZero:
            if let n = int(d[0]), n != 0 { return .replaceBy(ins.operands[0]) }
            return .keep
        case .guardTrue: return bool(d[0]) == true ? .remove : .keep
        case .constInt, .constFloat, .constBool, .constNil, .constK, .loadReg, .storeReg, .box,
             .guardArrayBounds, .checkLimit, .arrayLoad, .arrayStore, .fieldLoad, .fieldStore, .tableGetInt, .tableSetInt, .tableNext, .entryKey, .entryValue, .tableAppend, .tableGetStr, .tableSetStr, .tableRemoveLast,
             .getUpval, .setUpval, .arith, .compare, .getTable, .setTable, .call, .interp,
             .checkTags, .checkBounds, .unbox, .arrayIndex, .noneToClose, .stringByte, .stringMethod:
            return .keep
        }
    }

    static func holds<T: Comparable>(_ c: Cond, _ a: T, _ b: T) -> Bool {
        switch c {
        case .eq: return a == b
        case .ne: return a != b
        case .lt: return a < b
        case .le: return a <= b
        case .gt: return a > b
        case .ge: return a >= b
        }
    }
}
