// The op table: operand types, result type, effect and guard flag of every IROp, in one switch.
//
// Invariants: the only table of op properties (passes never re-derive them); guards that read
// the heap (bounds, loads, stores) are `.readsHeap`/`.writesHeap`, type guards on SSA values are
// `.pure` because a value's tag never changes.

extension IROp {
    public var info: OpInfo {
        switch self {
        case .constInt: return OpInfo([], .int)
        case .constFloat: return OpInfo([], .float)
        case .constBool: return OpInfo([], .bool)
        case .constNil, .constK: return OpInfo([], .value)
        case .loadReg: return OpInfo([], .value, .readsHeap)
        case .storeReg: return OpInfo([nil], .void, .writesHeap)
        case .box(let k):
            switch k {
            case .asIs: return OpInfo([.value], .value)
            case .int: return OpInfo([.int], .value)
            case .float: return OpInfo([.float], .value)
            case .bool: return OpInfo([.bool], .value)
            case .table: return OpInfo([.table], .value)
            case .string: return OpInfo([.string], .value)
            }
        case .guardInt: return OpInfo([.value], .int, guard: true)
        case .guardFloat: return OpInfo([.value], .float, guard: true)
        case .guardNumber: return OpInfo([.value], .float, guard: true)
        case .guardMixed: return OpInfo([.value, .value], .void, guard: true)
        case .guardTable: return OpInfo([.value], .table, guard: true)
        case .guardString: return OpInfo([.value], .string, guard: true)
        case .guardNonZero: return OpInfo([.int], .int, guard: true)
        case .guardTrue: return OpInfo([.bool], .void, guard: true)
        case .guardArrayBounds: return OpInfo([.table, .int], .int, .readsHeap, guard: true)
        case .checkLimit: return OpInfo([], .void, .readsHeap, guard: true)
        case .guardFunction: return OpInfo([.value], .void, guard: true)  // a closure's proto never changes
        case .checkTags(let kinds): return OpInfo(kinds.map { _ in .value }, .bool)
        case .checkBounds: return OpInfo([.table, .int], .bool, .readsHeap)
        case .unbox(let k): return OpInfo([.value], k.unboxedType)
        case .arrayIndex: return OpInfo([.table, .int], .int)
        case .iadd, .isub, .imul, .ifloordiv, .imod, .iudiv, .band, .bor, .bxor, .shl, .shr:
            return OpInfo([.int, .int], .int)
        case .ineg, .bnot: return OpInfo([.int], .int)
        case .fadd, .fsub, .fmul, .fdiv, .fmod, .ffloordiv, .fpow: return OpInfo([.float, .float], .float)
        case .fneg, .fsqrt: return OpInfo([.float], .float)
        case .intToFloat: return OpInfo([.int], .float)
        case .icmp: return OpInfo([.int, .int], .bool)
        case .testBits: return OpInfo([.int], .bool)
        case .fcmp: return OpInfo([.float, .float], .bool)
        case .truthy, .isNil, .eqShortString: return OpInfo([.value], .bool)
        case .noneToClose: return OpInfo([], .bool, .readsHeap)  // any level
        case .stringByte: return OpInfo([.string, .int], .value)  // strings never change
        case .stringMethod: return OpInfo([], .value, .readsHeap, guard: true)
        case .not: return OpInfo([.bool], .bool)
        case .arrayLoad: return OpInfo([.table, .int], .value, .readsHeap, guard: true)
        case .tableGetInt: return OpInfo([.table, .int], .value, .readsHeap, guard: true)
        case .tableNext: return OpInfo([.table, .value], .int, .readsHeap, guard: true)
        case .entryKey, .entryValue: return OpInfo([.table, .int], .value, .readsHeap)
        case .tableAppend: return OpInfo([.table, .value], .void, .writesHeap, guard: true)
        case .tableGetStr: return OpInfo([.table, .string], .value, .readsHeap, guard: true)
        case .tableSetStr: return OpInfo([.table, .string, .value], .void, .writesHeap, guard: true)
        case .tableRemoveLast: return OpInfo([.table], .value, .writesHeap, guard: true)
        case .tableSetInt: return OpInfo([.table, .int, .value], .void, .writesHeap, guard: true)
        case .arrayStore: return OpInfo([.table, .int, .value], .void, .writesHeap, guard: true)
        case .fieldLoad: return OpInfo([.table], .value, .readsHeap, guard: true)
        case .fieldStore: return OpInfo([.table, .value], .void, .writesHeap, guard: true)
        case .getUpval: return OpInfo([], .value, .readsHeap)
        case .setUpval: return OpInfo([.value], .void, .writesHeap)
        case .arith(let a): return OpInfo(a.isUnary ? [.value] : [.value, .value], .value, .mayCallOut)
        case .compare: return OpInfo([.value, .value], .bool, .mayCallOut)
        case .getTable: return OpInfo([.value, .value], .value, .mayCallOut)
        case .setTable: return OpInfo([.value, .value, .value], .void, .mayCallOut)
        case .call: return OpInfo([], .void, .mayCallOut)
        case .interp: return OpInfo([], .void, .mayCallOut)
        }
    }

    /// The reason a guard's exit names when the op fails, or an exit from a runtime call reports.
    public var exitReason: DeoptReason? {
        switch self {
        case .guardInt: return .notInteger
        case .guardFloat: return .notFloat
        case .guardNumber: return .notNumber
        case .guardMixed: return .notFloat
        case .guardTable: return .notTable
        case .guardString: return .notString
        case .guardNonZero: return .divisionByZero
        case .guardTrue(let r): return r
        case .guardArrayBounds: return .arrayBounds
        case .checkLimit: return .stackLimit
        case .guardFunction: return .callTarget
        case .tableNext: return .nextKeyMissing
        case .arrayLoad, .fieldLoad, .tableGetInt, .tableGetStr: return .nilNeedsMetatable
        // Not a speculation: the helper declines what is not a plain lookup (an __index function,
        // a missing method's error), and the interpreter's SELF does it, a planned exit.
        case .stringMethod: return .helperStatus
        case .arrayStore, .fieldStore, .tableSetInt, .tableAppend, .tableSetStr, .tableRemoveLast: return .storeNeedsSlowPath
        case .arith, .compare, .getTable, .setTable, .call: return .helperStatus
        case .interp: return .notCompiled
        case .constInt, .constFloat, .constBool, .constNil, .constK, .loadReg, .storeReg, .box,
             .iadd, .isub, .imul, .ineg, .ifloordiv, .imod, .iudiv, .band, .bor, .bxor, .bnot,
             .shl, .shr, .fadd, .fsub, .fmul, .fdiv, .fmod, .ffloordiv, .fpow, .fneg, .fsqrt, .intToFloat,
             .icmp, .testBits, .fcmp, .truthy, .isNil, .eqShortString, .noneToClose, .stringByte, .stringMethod, .not, .getUpval, .setUpval, .checkTags, .checkBounds, .unbox,
             .arrayIndex, .entryKey, .entryValue:
            return nil
        }
    }

    /// checkTags and checkBounds: a branch condition, never an exit.
    public var isCheck: Bool {
        switch self {
        case .checkTags, .checkBounds: return true
        case .constInt, .constFloat, .constBool, .constNil, .constK, .loadReg, .storeReg, .box,
             .guardInt, .guardFloat, .guardNumber, .guardMixed, .guardTable, .guardString, .guardNonZero,
             .guardTrue, .guardArrayBounds, .checkLimit, .guardFunction, .iadd, .isub, .imul, .ineg, .ifloordiv,
             .imod, .iudiv, .band, .bor, .bxor, .bnot, .shl, .shr, .fadd, .fsub, .fmul, .fdiv,
             .fmod, .ffloordiv, .fpow, .fneg, .fsqrt, .intToFloat, .icmp, .testBits, .fcmp, .truthy, .isNil, .eqShortString, .noneToClose, .stringByte, .stringMethod, .not,
             .arrayLoad, .arrayStore, .tableGetInt, .tableSetInt, .tableNext, .entryKey, .entryValue, .tableAppend, .tableGetStr, .tableSetStr, .tableRemoveLast, .fieldLoad, .fieldStore, .getUpval, .setUpval,
             .arith, .compare, .getTable, .setTable, .call, .interp, .unbox, .arrayIndex:
            return false
        }
    }

    /// The name printed in listings, immediates included.
    public var text: String {
        switch self {
        case .constInt(let i): return "const \(i)"
        case .constFloat(let d): return "const \(Self.floatText(d))"
        case .constBool(let b): return "const \(b)"
        case .constNil: return "const nil"
        case .constK(let k): return "constK K\(k)"
        case .loadReg(let r): return "loadReg r\(r)"
        case .storeReg(let r): return "storeReg r\(r)"
        case .box(let k): return "box.\(k.name)"
        case .guardInt: return "guardInt"
        case .guardFloat: return "guardFloat"
        case .guardNumber: return "guardNumber"
        case .guardMixed: return "guardMixed"
        case .guardTable: return "guardTable"
        case .guardString: return "guardString"
        case .guardNonZero: return "guardNonZero"
        case .guardTrue: return "guardTrue"
        case .guardArrayBounds: return "guardArrayBounds"
        case .checkLimit: return "checkLimit"
        case .guardFunction(let callee): return "guardFunction \(callee.name)"
        case .checkTags(let kinds): return "checkTags." + kinds.map(\.name).joined(separator: ".")
        case .checkBounds(let lo, let hi): return "checkBounds \(lo)...\(hi)"
        case .unbox(let k): return "unbox.\(k.name)"
        case .arrayIndex: return "arrayIndex"
        case .iadd: return "iadd"
        case .isub: return "isub"
        case .imul: return "imul"
        case .ineg: return "ineg"
        case .ifloordiv: return "ifloordiv"
        case .imod: return "imod"
        case .iudiv: return "iudiv"
        case .band: return "band"
        case .bor: return "bor"
        case .bxor: return "bxor"
        case .bnot: return "bnot"
        case .shl: return "shl"
        case .shr: return "shr"
        case .fadd: return "fadd"
        case .fsub: return "fsub"
        case .fmul: return "fmul"
        case .fdiv: return "fdiv"
        case .fmod: return "fmod"
        case .ffloordiv: return "ffloordiv"
        case .fpow: return "fpow"
        case .fneg: return "fneg"
        case .fsqrt: return "fsqrt"
        case .intToFloat: return "intToFloat"
        case .icmp(let c): return "icmp.\(c.name)"
        case .testBits(let m): return "testBits \(m)"
        case .fcmp(let c): return "fcmp.\(c.name)"
        case .truthy: return "truthy"
        case .isNil: return "isNil"
        case .noneToClose(let r): return "noneToClose r\(r)"
        case .stringByte: return "stringByte"
        case .stringMethod(let k): return "stringMethod K\(k)"
        case .eqShortString(let k): return "eqShortString K\(k)"
        case .not: return "not"
        case .arrayLoad: return "arrayLoad"
        case .tableGetInt: return "tableGetInt"
        case .tableNext: return "tableNext"
        case .entryKey: return "entryKey"
        case .entryValue: return "entryValue"
        case .tableAppend: return "tableAppend"
        case .tableGetStr: return "tableGetStr"
        case .tableSetStr: return "tableSetStr"
        case .tableRemoveLast: return "tableRemoveLast"
        case .tableSetInt: return "tableSetInt"
        case .arrayStore: return "arrayStore"
        case .fieldLoad(let k): return "fieldLoad K\(k)"
        case .fieldStore(let k): return "fieldStore K\(k)"
        case .getUpval(let u): return "getUpval U\(u)"
        case .setUpval(let u): return "setUpval U\(u)"
        case .arith(let a): return "arith.\(a.name)"
        case .compare(let c): return "compare.\(c.name)"
        case .getTable: return "getTable"
        case .setTable: return "setTable"
        case .call: return "call"
        case .interp(let op): return "interp \(op.mnemonic)"
        }
    }

    /// Floats print so that they read back exactly and always look like floats.
    static func floatText(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        let s = "\(d)"
        return s.contains(".") || s.contains("e") ? s : s + ".0"
    }
}
