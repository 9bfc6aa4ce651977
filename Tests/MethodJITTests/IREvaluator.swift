// A reference evaluator for IR (tests only): runs the IR but for the generic runtime ops (arith,
// compare, getTable, setTable, call, interp) on a frame of plain values, with the closure's
// upvalues as a list and tables as EvalTables, so that the builder and the passes can be checked
// against the interpreter, and the backend against both. Exits are results of their own (the
// caller decides what an exit means).
//
// Invariants: ops outside the subset are reported, never guessed; arithmetic is LuaArithmetic,
// the same code the interpreter runs (float ^ as the interpreter's powd: a square root for x ^ 0.5
// with x > 0); a table read or store exits where the interpreter's fast path would leave for
// the slow path (nil and a metatable; an absent or nil field for a store).
import LuaBytecode
@testable import LuaMethodJIT

/// A table of the evaluator: an array part (keys 1...array.count) and string fields, and whether
/// it has a metatable (then a nil read or a store into a nil slot exits, as __index/__newindex
/// could answer; the metatable itself is empty).
final class EvalTable {
    var array: [EvalValue]
    var fields: [String: EvalValue]
    var hasMetatable: Bool
    init(array: [EvalValue], fields: [String: EvalValue] = [:], hasMetatable: Bool = false) {
        self.array = array; self.fields = fields; self.hasMetatable = hasMetatable
    }
    /// A deep copy (nested tables copied too).
    func copy() -> EvalTable {
        EvalTable(array: array.map(\.copied), fields: fields.mapValues(\.copied), hasMetatable: hasMetatable)
    }
    /// Its contents: array slots in order, then non-nil fields by name, then "+mt" if it has one.
    var contents: String {
        let fs = fields.keys.sorted().filter { fields[$0]! != .nil }.map { "\($0)=\(fields[$0]!.text)" }
        return "{" + (array.map(\.text) + fs).joined(separator: ", ") + "}" + (hasMetatable ? "+mt" : "")
    }
}

enum EvalValue: Equatable {
    case `nil`, bool(Bool), int(Int64), float(Double), string(String), table(EvalTable)

    /// Tables deep-copied, everything else as is.
    var copied: EvalValue { if case .table(let t) = self { return .table(t.copy()) }; return self }

    /// "int N", "float %a", "bool B" or "nil": the form IRDifferentialTests compares.
    var text: String {
        switch self {
        case .nil: return "nil"
        case .bool(let b): return "bool \(b)"
        case .int(let n): return "int \(n)"
        case .float(let d): return "float " + String(format: "%a", d)
        case .string(let s): return "string \(s)"
        case .table: return "table"
        }
    }
    static func == (a: EvalValue, b: EvalValue) -> Bool { a.text == b.text }
}

enum EvalOutcome {
    case returned([EvalValue])
    /// The frame as the exit routine leaves it: the frame state's values written to their slots.
    case exited(DeoptReason, pc: Int, slots: [EvalValue])
    case unsupported(String)
}

struct IREvaluator {
    let f: IRFunction
    var values: [EvalValue?]
    var slots: [EvalValue]
    var steps = 0
    /// Stress mode: the n-th checkLimit after the function entry's exits (as a pending interrupt
    /// request would make it), counting from 1.
    var failCheckLimit: Int?
    var checksSeen = 0

    let constants: [Constant]
    /// The running closure's upvalues (getUpval/setUpval read and write them).
    var upvals: [EvalValue]

    init(_ f: IRFunction, constants: [Constant], args: [EvalValue], upvals: [EvalValue] = []) {
        self.f = f; self.constants = constants; self.upvals = upvals
        values = [EvalValue?](repeating: nil, count: f.valueTypes.count)
        slots = args + [EvalValue](repeating: .nil, count: max(0, f.maxStackSize - args.count))
    }

    /// What the exit routine does: write each frame-state value into its slot.
    static func leave(_ e: Exit, _ values: [EvalValue?], _ slots: [EvalValue]) -> EvalOutcome {
        var s = slots
        for slot in e.state.slots { s[slot.register] = values[slot.value.index]! }
        return .exited(e.reason, pc: e.state.pc, slots: s)
    }

    static func hasTag(_ v: EvalValue, _ k: BoxKind) -> Bool {
        switch (v, k) {
        case (.int, .int), (.float, .float), (.table, .table), (.string, .string): return true
        default: return false
        }
    }

    mutating func run(maxSteps: Int = 1_000_000) -> EvalOutcome {
        var block = 0
        while true {
            for ins in f.blocks[block].instrs {
                steps += 1
                if steps > maxSteps { return .unsupported("step limit") }
                let x = ins.operands.map { values[$0.index]! }
                let exit = { [values, slots] in IREvaluator.leave(ins.exit!, values, slots) }
                var r: EvalValue? = nil
                func i(_ n: Int) -> Int64 { if case .int(let v) = x[n] { return v }; preconditionFailure("int operand") }
                func d(_ n: Int) -> Double { if case .float(let v) = x[n] { return v }; preconditionFailure("float operand") }
                func b(_ n: Int) -> Bool { if case .bool(let v) = x[n] { return v }; preconditionFailure("bool operand") }
                func t(_ n: Int) -> EvalTable { if case .table(let v) = x[n] { return v }; preconditionFailure("table operand") }
                func key(_ k: Int) -> String {
                    if case .string(let bytes) = constants[k] { return String(decoding: bytes, as: UTF8.self) }
                    preconditionFailure("string constant")
                }
                switch ins.op {
                case .constInt(let n): r = .int(n)
                case .constFloat(let v): r = .float(v)
                case .constBool(let v): r = .bool(v)
                case .constNil: r = .nil
                case .loadReg(let reg): r = slots[reg]
                case .storeReg(let reg): slots[reg] = x[0]
                case .box: r = x[0]
                case .guardInt: if case .int = x[0] { r = x[0] } else { return exit() }
                case .guardFloat: if case .float = x[0] { r = x[0] } else { return exit() }
                case .guardMixed:
                    if case .int = x[0], case .int = x[1] { return exit() }
                case .guardNumber:
                    switch x[0] {
                    case .int(let n): r = .float(Double(n))
                    case .float: r = x[0]
                    case .nil, .bool, .string, .table: return exit()
                    }
                case .guardNonZero: if i(0) == 0 { return exit() }; r = x[0]
                case .guardTrue: if !b(0) { return exit() }
                case .checkLimit:
                    if ins.exit!.state.pc != 0 || block != 0 {
                        checksSeen += 1
                        if checksSeen == failCheckLimit { return exit() }
                    }
                case .iadd: r = .int(i(0) &+ i(1))
                case .isub: r = .int(i(0) &- i(1))
                case .imul: r = .int(i(0) &* i(1))
                case .ineg: r = .int(0 &- i(0))
                case .ifloordiv: r = .int(LuaArithmetic.floorDiv(i(0), i(1)))
                case .imod: r = .int(LuaArithmetic.mod(i(0), i(1)))
                case .iudiv: r = .int(Int64(bitPattern: UInt64(bitPattern: i(0)) / UInt64(bitPattern: i(1))))
                case .band: r = .int(i(0) & i(1))
                case .bor: r = .int(i(0) | i(1))
                case .bxor: r = .int(i(0) ^ i(1))
                case .bnot: r = .int(~i(0))
                case .shl: r = .int(LuaArithmetic.shiftLeft(i(0), i(1)))
                case .shr: r = .int(LuaArithmetic.shiftRight(i(0), i(1)))
                case .fadd: r = .float(d(0) + d(1))
                case .fsub: r = .float(d(0) - d(1))
                case .fmul: r = .float(d(0) * d(1))
                case .fdiv: r = .float(d(0) / d(1))
                case .fmod: r = .float(LuaArithmetic.fmod(d(0), d(1)))
                case .ffloordiv: r = .float(LuaArithmetic.floatFloorDiv(d(0), d(1)))
                case .fpow:  // as the interpreter's `^` (Interpreter.powd): a square root for x ^ 0.5, x > 0
                    r = .float(d(1) == 0.5 && d(0) > 0 ? d(0).squareRoot() : LuaArithmetic.pow(d(0), d(1)))
                case .fneg: r = .float(-d(0))
                case .intToFloat: r = .float(Double(i(0)))
                case .icmp(let c): r = .bool(ConstantFold.holds(c, i(0), i(1)))
                case .testBits(let mask): r = .bool(i(0) & mask != 0)
                case .fcmp(let c): r = .bool(ConstantFold.holds(c, d(0), d(1)))
                case .truthy:
                    switch x[0] { case .nil, .bool(false): r = .bool(false); case .bool, .int, .float, .string, .table: r = .bool(true) }
                case .isNil: r = .bool(x[0] == .nil)
                case .noneToClose: r = .bool(true)  // no upvalues open, nothing to close here
                case .eqShortString(let k):
                    guard case .string(let bytes) = constants[k] else { return .unsupported("eqShortString of a non-string K") }
                    r = .bool(x[0] == .string(String(decoding: bytes, as: UTF8.self)))
                case .not: r = .bool(!b(0))
                case .guardTable: if case .table = x[0] { r = x[0] } else { return exit() }
                case .guardArrayBounds:
                    let n = i(1)
                    guard n >= 1 && n <= Int64(t(0).array.count) else { return exit() }
                    r = .int(n - 1)
                case .arrayLoad:
                    r = t(0).array[Int(i(1))]
                    if r! == EvalValue.nil && t(0).hasMetatable { return exit() }
                case .tableGetInt:
                    // The evaluator's tables hold integer keys in their array part only.
                    let k = Int(i(1))
                    r = k >= 1 && k <= t(0).array.count ? t(0).array[k - 1] : .nil
                    if r! == EvalValue.nil && t(0).hasMetatable { return exit() }
                case .tableSetInt:
                    let k = Int(i(1))
                    guard k >= 1 && k <= t(0).array.count else { return exit() }
                    if t(0).array[k - 1] == EvalValue.nil && t(0).hasMetatable { return exit() }
                    t(0).array[k - 1] = x[2]
                case .arrayStore:
                    if t(0).array[Int(i(1))] == EvalValue.nil && t(0).hasMetatable { return exit() }
                    t(0).array[Int(i(1))] = x[2]
                case .tableNext:
                    // The evaluator's traversal: the array part, then the fields by name.
                    let tb = t(0), names = tb.fields.keys.sorted()
                    var p: Int
                    switch x[1] {
                    case .nil: p = 0
                    case .int(let k) where k >= 1 && k <= Int64(tb.array.count): p = Int(k)
                    case .string(let s):
                        guard let n = names.firstIndex(of: s) else { return exit() }
                        p = tb.array.count + n + 1
                    default: return exit()
                    }
                    while p < tb.array.count + names.count {
                        let v = p < tb.array.count ? tb.array[p] : tb.fields[names[p - tb.array.count]]!
                        if v != .nil { break }
                        p += 1
                    }
                    r = .int(p < tb.array.count + names.count ? Int64(p) : -1)
                case .entryKey, .entryValue:
                    let tb = t(0), names = tb.fields.keys.sorted(), p = Int(i(1))
                    if p < 0 { r = .nil }
                    else if p < tb.array.count { r = ins.op == .entryKey ? .int(Int64(p + 1)) : tb.array[p] }
                    else { let name = names[p - tb.array.count]; r = ins.op == .entryKey ? .string(name) : tb.fields[name]! }
                case .fieldLoad(let k):
                    r = t(0).fields[key(k)] ?? .nil
                    if r! == EvalValue.nil && t(0).hasMetatable { return exit() }
                case .fieldStore(let k):
                    guard let old = t(0).fields[key(k)], old != .nil else { return exit() }
                    t(0).fields[key(k)] = x[1]
                case .guardString: if case .string = x[0] { r = x[0] } else { return exit() }
                case .tableGetStr:
                    guard case .string(let name) = x[1] else { return .unsupported("tableGetStr of \(x[1].text)") }
                    r = t(0).fields[name] ?? .nil
                    if r! == EvalValue.nil && t(0).hasMetatable { return exit() }
                case .tableSetStr:
                    guard case .string(let name) = x[1] else { return .unsupported("tableSetStr of \(x[1].text)") }
                    if (t(0).fields[name] ?? .nil) == EvalValue.nil && t(0).hasMetatable { return exit() }
                    t(0).fields[name] = x[2]
                case .constK(let k):
                    switch constants[k] {
                    case .nil: r = .nil
                    case .boolean(let v): r = .bool(v)
                    case .integer(let n): r = .int(n)
                    case .float(let bits): r = .float(Double(bitPattern: bits))
                    case .string(let bytes): r = .string(String(decoding: bytes, as: UTF8.self))
                    }
                case .checkTags(let kinds):
                    r = .bool(zip(kinds, x).allSatisfy { k, v in Self.hasTag(v, k) })
                case .checkBounds(let lo, let hi):
                    // Without wrapping: a sum that wraps answers false.
                    let (l, o1) = i(1).addingReportingOverflow(lo), (h, o2) = i(1).addingReportingOverflow(hi)
                    r = .bool(!o1 && !o2 && l >= 1 && h <= Int64(t(0).array.count))
                case .unbox(let k):
                    guard Self.hasTag(x[0], k) else { return .unsupported("\(ins.op.text) of \(x[0].text): no check proved it") }
                    r = x[0]
                case .arrayIndex:
                    guard i(1) >= 1 && i(1) <= Int64(t(0).array.count) else { return .unsupported("arrayIndex out of bounds") }
                    r = .int(i(1) - 1)
                case .getUpval(let u): r = upvals[u]
                case .setUpval(let u): upvals[u] = x[0]
                case .fsqrt: r = .float(d(0).squareRoot())
                case .arith, .compare, .getTable, .setTable, .call, .interp, .guardFunction, .tableAppend, .tableRemoveLast, .stringByte, .stringMethod:
                    return .unsupported(ins.op.text)  // no function values here
                }
                if let res = ins.result { values[res.index] = r! }
            }
            func go(_ c: BlockCall) -> Int {
                let args = c.args.map { values[$0.index]! }
                for (p, a) in zip(f.blocks[c.block.index].params, args) { values[p.index] = a }
                return c.block.index
            }
            switch f.blocks[block].terminator! {
            case .jump(let c): block = go(c)
            case .branch(let v, let t, let e):
                guard case .bool(let cond) = values[v.index]! else { preconditionFailure("bool condition") }
                block = go(cond ? t : e)
            case .ret(let vs): return .returned(vs.map { values[$0.index]! })
            case .exit(let e): return IREvaluator.leave(e, values, slots)
            }
        }
    }
}
