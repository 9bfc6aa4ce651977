// A small, slow reference evaluator of FunctionPrototypes, used only to check that compiled
// code means what the source means (outputs compared with lua5.4's, taken once and stored).
//
// It follows Opcode.swift literally and is deliberately simple: registers are boxes (a closure
// captures the box; `close` gives the frame fresh boxes), calls recurse on the Swift stack,
// errors are Swift throws. Only the library subset the test programs use is provided.
import Foundation
import LuaBytecode

final class RTable {
    var hash: [RKey: RValue] = [:]
    var meta: RTable? = nil
    var order: [RKey] = []   // insertion order, for a deterministic `next`
    var arraySize = 0        // like lua's array part, as sized by a constructor (for `#`)
}

final class RBox { var v: RValue; init(_ v: RValue) { self.v = v } }

final class RClosure {
    let proto: FunctionPrototype
    var upvals: [RBox]
    init(_ p: FunctionPrototype, _ u: [RBox]) { proto = p; upvals = u }
}

final class RNative {
    let name: String
    let fn: ([RValue]) throws -> [RValue]
    init(_ name: String, _ fn: @escaping ([RValue]) throws -> [RValue]) { self.name = name; self.fn = fn }
}

enum RValue {
    case `nil`, bool(Bool), int(Int64), float(Double), str([UInt8])
    case table(RTable), closure(RClosure), native(RNative)

    var truthy: Bool {
        switch self {
        case .nil: return false
        case .bool(let b): return b
        default: return true
        }
    }
    var typeName: String {
        switch self {
        case .nil: return "nil"
        case .bool: return "boolean"
        case .int, .float: return "number"
        case .str: return "string"
        case .table: return "table"
        case .closure, .native: return "function"
        }
    }
}

/// Table keys: floats with integral values are normalized to integers, like Lua.
enum RKey: Hashable {
    case bool(Bool), int(Int64), float(UInt64), str([UInt8]), obj(ObjectIdentifier)
}

struct RError: Error, @unchecked Sendable {
    var value: RValue
    /// A run-time error raised by an instruction: gets "chunk:line:" where it happened.
    var needsPosition = false
}

final class ReferenceEvaluator {
    var output = ""
    var globals = RTable()
    var depth = 0
    var objectKeys: [RKey: RValue] = [:]

    init() { installLibrary() }

    func run(_ p: FunctionPrototype) throws {
        let main = RClosure(p, [RBox(.table(globals))])
        _ = try call(.closure(main), [])
    }

    // MARK: values

    func key(_ v: RValue) throws -> RKey? {
        switch v {
        case .nil: return nil
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d):
            if d.isNaN { throw RError(value: .str(Array("table index is NaN".utf8))) }
            if let i = Int64(exactly: d) { return .int(i) }
            return .float(d.bitPattern)
        case .str(let s): return .str(s)
        case .table(let t): return .obj(ObjectIdentifier(t))
        case .closure(let c): return .obj(ObjectIdentifier(c))
        case .native(let n): return .obj(ObjectIdentifier(n))
        }
    }

    func rawGet(_ t: RTable, _ k: RValue) -> RValue {
        guard let kk = try? key(k) else { return .nil }
        return t.hash[kk] ?? .nil
    }

    func rawSet(_ t: RTable, _ k: RValue, _ v: RValue) throws {
        guard let kk = try key(k) else { throw err("table index is nil") }
        if case .obj = kk { objectKeys[kk] = k }
        if case .nil = v {
            t.hash[kk] = nil
        } else {
            if t.hash[kk] == nil { t.order.append(kk) }
            t.hash[kk] = v
        }
    }

    func err(_ s: String) -> RError { RError(value: .str(Array(s.utf8)), needsPosition: true) }

    func metamethod(_ v: RValue, _ event: String) -> RValue {
        if case .table(let t) = v, let m = t.meta { return rawGet(m, .str(Array(event.utf8))) }
        return .nil
    }

    func index(_ o: RValue, _ k: RValue) throws -> RValue {
        var o = o
        for _ in 0..<100 {
            if case .table(let t) = o {
                let v = rawGet(t, k)
                if case .nil = v {} else { return v }
                let h = metamethod(o, "__index")
                if case .nil = h { return .nil }
                if case .table = h { o = h; continue }
                return try call(h, [o, k]).first ?? .nil
            }
            if case .str = o, case .table(let strlib) = rawGet(globals, .str(Array("string".utf8))) {
                return rawGet(strlib, k)
            }
            throw err("attempt to index a \(o.typeName) value")
        }
        throw err("'__index' chain too long")
    }

    func setIndex(_ o: RValue, _ k: RValue, _ v: RValue) throws {
        var o = o
        for _ in 0..<100 {
            guard case .table(let t) = o else { throw err("attempt to index a \(o.typeName) value") }
            if case .nil = rawGet(t, k) {
                let h = metamethod(o, "__newindex")
                if case .table = h { o = h; continue }
                if case .nil = h {} else { _ = try call(h, [o, k, v]); return }
            }
            try rawSet(t, k, v)
            return
        }
    }

    func toNumber(_ v: RValue) -> RValue? {
        switch v {
        case .int, .float: return v
        case .str(let s):
            let t = String(decoding: s, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if let i = Int64(t) { return .int(i) }
            if t.lowercased().hasPrefix("0x"), let u = UInt64(t.dropFirst(2), radix: 16) {
                return .int(Int64(bitPattern: u))
            }
            if let d = Double(t) { return .float(d) }
            return nil
        default: return nil
        }
    }

    func toInt(_ v: RValue) -> Int64? {
        switch toNumber(v) {
        case .int(let i): return i
        case .float(let d): return Int64(exactly: d)
        default: return nil
        }
    }

    func toDouble(_ v: RValue) -> Double? {
        switch toNumber(v) {
        case .int(let i): return Double(i)
        case .float(let d): return d
        default: return nil
        }
    }

    func tostr(_ v: RValue) throws -> String {
        switch v {
        case .nil: return "nil"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d): return fmtFloat(d)
        case .str(let s): return String(decoding: s, as: UTF8.self)
        case .table(let t):
            let h = metamethod(v, "__tostring")
            if case .nil = h {} else { return try tostr(call(h, [v]).first ?? .nil) }
            return "table: \(ObjectIdentifier(t).hashValue)"
        case .closure, .native: return "function"
        }
    }

    func fmtFloat(_ d: Double) -> String {
        if d.isNaN { return d.sign == .minus ? "-nan" : "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        var s = String(format: "%.14g", d)
        if !s.contains(".") && !s.contains("e") && !s.contains("n") { s += ".0" }
        return s
    }

    // MARK: arithmetic

    func arith(_ op: Opcode, _ a: RValue, _ b: RValue) throws -> RValue {
        let event = Self.event(op)
        if let r = try rawArith(event, a, b) { return r }
        var h = metamethod(a, event)
        if case .nil = h { h = metamethod(b, event) }
        if case .nil = h {
            let bad = toNumber(a) == nil ? a : b
            if ["__band", "__bor", "__bxor", "__shl", "__shr", "__bnot"].contains(event),
               toNumber(bad) != nil || (toNumber(a) != nil && toNumber(b) != nil) {
                throw err("number has no integer representation")
            }
            throw err("attempt to perform arithmetic on a \(bad.typeName) value")
        }
        return try call(h, [a, b]).first ?? .nil
    }

    /// The metamethod event of an arithmetic or bitwise instruction ("" for the others).
    static func event(_ op: Opcode) -> String {
        switch op {
        case .add, .addK, .addI: return "__add"
        case .sub, .subK: return "__sub"
        case .mul, .mulK: return "__mul"
        case .div, .divK: return "__div"
        case .mod, .modK: return "__mod"
        case .pow, .powK: return "__pow"
        case .idiv, .idivK: return "__idiv"
        case .band, .bandK: return "__band"
        case .bor, .borK: return "__bor"
        case .bxor, .bxorK: return "__bxor"
        case .shl, .shlI: return "__shl"
        case .shr, .shrI: return "__shr"
        case .unm: return "__unm"
        case .bnot: return "__bnot"
        case .move, .loadI, .loadF, .loadK, .loadKX, .loadFalse, .lFalseSkip, .loadTrue, .loadNil,
             .getUpval, .setUpval, .getTabUp, .getTable, .getI, .getField, .setTabUp, .setTable,
             .setI, .setField, .newTable, .self, .not, .len, .concat, .close, .tbc, .jmp, .eq, .lt,
             .le, .eqK, .eqI, .ltI, .leI, .gtI, .geI, .test, .testSet, .call, .tailCall, .return,
             .return0, .return1, .forLoop, .forPrep, .tForPrep, .tForCall, .tForLoop, .setList,
             .closure, .varArg, .varArgPrep, .extraArg:
            return ""
        }
    }

    func rawArith(_ event: String, _ a: RValue, _ b: RValue) throws -> RValue? {
        guard let x = toNumber(a), let y = toNumber(b) else { return nil }
        switch event {
        case "__band", "__bor", "__bxor", "__shl", "__shr", "__bnot":
            guard let i = toInt(x), let j = toInt(y) else { return nil }
            switch event {
            case "__band": return .int(i & j)
            case "__bor": return .int(i | j)
            case "__bxor": return .int(i ^ j)
            case "__shl": return .int(shl(i, j))
            case "__shr": return .int(shl(i, j == .min ? .max : -j))
            default: return .int(~i)
            }
        default: break
        }
        if case .int(let i) = x, case .int(let j) = y {
            switch event {
            case "__add": return .int(i &+ j)
            case "__sub": return .int(i &- j)
            case "__mul": return .int(i &* j)
            case "__unm": return .int(0 &- i)
            case "__idiv":
                if j == 0 { throw err("attempt to divide by zero") }
                if j == -1 { return .int(0 &- i) }
                var q = i / j
                if i % j != 0 && (i ^ j) < 0 { q -= 1 }
                return .int(q)
            case "__mod":
                if j == 0 { throw err("attempt to perform 'n%0'") }
                if j == -1 { return .int(0) }
                var m = i % j
                if m != 0 && (m ^ j) < 0 { m += j }
                return .int(m)
            default: break
            }
        }
        let p = toDouble(x)!, q = toDouble(y)!
        switch event {
        case "__add": return .float(p + q)
        case "__sub": return .float(p - q)
        case "__mul": return .float(p * q)
        case "__div": return .float(p / q)
        case "__pow": return .float(pow(p, q))
        case "__unm": return .float(-p)
        case "__idiv": return .float((p / q).rounded(.down))
        case "__mod":
            var m = fmod(p, q)
            if m > 0 ? q < 0 : (m < 0 && q != m) { m += q }
            return .float(m)
        default: return nil
        }
    }

    func shl(_ x: Int64, _ n: Int64) -> Int64 {
        if n <= -64 || n >= 64 { return 0 }
        if n >= 0 { return Int64(bitPattern: UInt64(bitPattern: x) << UInt64(n)) }
        return Int64(bitPattern: UInt64(bitPattern: x) >> UInt64(-n))
    }

    func rawEquals(_ a: RValue, _ b: RValue) -> Bool {
        switch (a, b) {
        case (.nil, .nil): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.int, .float), (.float, .int), (.float, .float): return toDouble(a)! == toDouble(b)!
        case (.str(let x), .str(let y)): return x == y
        case (.table(let x), .table(let y)): return x === y
        case (.closure(let x), .closure(let y)): return x === y
        case (.native(let x), .native(let y)): return x === y
        default: return false
        }
    }

    func equals(_ a: RValue, _ b: RValue) throws -> Bool {
        if rawEquals(a, b) { return true }
        if case .table = a, case .table = b {
            var h = metamethod(a, "__eq")
            if case .nil = h { h = metamethod(b, "__eq") }
            if case .nil = h { return false }
            return (try call(h, [a, b]).first ?? .nil).truthy
        }
        return false
    }

    func less(_ a: RValue, _ b: RValue, orEqual: Bool) throws -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return orEqual ? x <= y : x < y
        case (.int, .float), (.float, .int), (.float, .float):
            let x = toDouble(a)!, y = toDouble(b)!
            return orEqual ? x <= y : x < y
        case (.str(let x), .str(let y)):
            return orEqual ? !y.lexicographicallyPrecedes(x) : x.lexicographicallyPrecedes(y)
        default:
            let ev = orEqual ? "__le" : "__lt"
            var h = metamethod(a, ev)
            if case .nil = h { h = metamethod(b, ev) }
            if case .nil = h { throw err("attempt to compare \(a.typeName) with \(b.typeName)") }
            return (try call(h, [a, b]).first ?? .nil).truthy
        }
    }

    func length(_ v: RValue) throws -> RValue {
        if case .str(let s) = v { return .int(Int64(s.count)) }
        let h = metamethod(v, "__len")
        if case .nil = h {} else { return try call(h, [v]).first ?? .nil }
        guard case .table(let t) = v else { throw err("attempt to get length of a \(v.typeName) value") }
        return .int(border(t))
    }

    /// A border as lua finds it: binary search in the constructor-sized part if it ends in nil.
    func border(_ t: RTable) -> Int64 {
        let limit = Int64(t.arraySize)
        if limit > 0 && t.hash[.int(limit)] == nil {
            if limit >= 2 && t.hash[.int(limit - 1)] != nil { return limit - 1 }
            var i: Int64 = 0, j = limit
            while j - i > 1 {
                let m = (i + j) / 2
                if t.hash[.int(m)] == nil { j = m } else { i = m }
            }
            return i
        }
        var n = limit
        while t.hash[.int(n + 1)] != nil { n += 1 }
        return n
    }

    func concat(_ a: RValue, _ b: RValue) throws -> RValue {
        func bytes(_ v: RValue) throws -> [UInt8]? {
            switch v {
            case .str(let s): return s
            case .int, .float: return Array(try tostr(v).utf8)
            default: return nil
            }
        }
        if let x = try bytes(a), let y = try bytes(b) { return .str(x + y) }
        var h = metamethod(a, "__concat")
        if case .nil = h { h = metamethod(b, "__concat") }
        if case .nil = h {
            let bad = (try bytes(a)) == nil ? a : b
            throw err("attempt to concatenate a \(bad.typeName) value")
        }
        return try call(h, [a, b]).first ?? .nil
    }
}
