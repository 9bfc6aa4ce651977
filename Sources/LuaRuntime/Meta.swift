// Metamethod-aware operations: index/newindex chains, arithmetic, comparison, concat, length,
// calls from Swift into Lua, tostring. These are the slow paths behind the interpreter's fast ones.
//
// Invariants: a helper that may call Lua (a metamethod) expects the caller to have set the
// running frame's savedPC and the thread's top above every live register, so messages have
// lines and the callee's frame does not overwrite live values; values passed to a metamethod are
// pushed on the stack before any Lua code runs (GC safety).

import LuaBytecode
#if canImport(Glibc)
import Glibc
#endif

/// Where an operand came from, so an error can name it: " (local 'x')", " (global 'f')"...
public enum ErrInfo {
    case none
    case register(Int)
    case upvalue(Int)
    case constant(Int)
}

public enum ArithOp: UInt8 {
    // In the order of TM's __add...__bnot (see tm).
    case add, sub, mul, mod, pow, div, idiv, band, bor, bxor, shl, shr, unm, bnot
    /// The operator's event: TM lists the events __add...__bnot in ArithOp's order.
    var tm: TM {
        assert(TM.bnot.rawValue - TM.add.rawValue == ArithOp.bnot.rawValue, "TM and ArithOp orders differ")
        return TM(rawValue: TM.add.rawValue + rawValue)!
    }
    var isBitwise: Bool {
        switch self {
        case .band, .bor, .bxor, .shl, .shr, .bnot: return true
        default: return false
        }
    }
}

extension VM {
    // MARK: metatables

    @inline(__always)
    public func metatable(of v: Value) -> UnsafeMutablePointer<LTable>? {
        switch v.tag {
        case Tag.table: return v.tbl.pointee.metatable
        case Tag.userdata: return v.udata.pointee.metatable
        default: return typeMetatables[Int(v.tag == Tag.true_ ? Tag.false_ : (v.tag == Tag.float ? Tag.integer : (v.tag == Tag.nativeClosure || v.tag == Tag.luaClosure ? Tag.lightNative : v.tag)))]
        }
    }

    /// The metamethod `e` of metatable `mt`, using (and filling) the absent-flags cache.
    @inline(__always)
    public func fastTM(_ mt: UnsafeMutablePointer<LTable>, _ e: TM) -> Value {
        let bit: UInt32 = 1 << UInt32(e.rawValue)
        if mt.pointee.absentFlags & bit != 0 { return .nil }
        let v = LTable.getShortStr(mt, tmNames[Int(e.rawValue)])
        if v.isNil { mt.pointee.absentFlags |= bit }
        return v
    }

    public func tm(_ v: Value, _ e: TM) -> Value {
        guard let mt = metatable(of: v) else { return .nil }
        return fastTM(mt, e)
    }

    public func typeName(_ v: Value) -> String { typeNames[Int(v.tag)] }

    /// Type name honouring a string `__name` in the metatable (lua's luaT_objtypename).
    public func objTypeName(_ v: Value) -> String {
        if let mt = metatable(of: v), v.tag == Tag.table || v.tag == Tag.userdata {
            let n = LTable.getShortStr(mt, tmNames[Int(TM.name.rawValue)])
            if n.isString { return LString.swiftString(n.str) }
        }
        return typeName(v)
    }

    func describe(_ info: ErrInfo) -> String {
        guard let ci = current?.pointee.ci, ci.pointee.closure != nil else { return "" }
        switch info {
        case .none: return ""
        case .register(let r): return varInfo(ci, register: r)
        case .upvalue(let u): return varInfo(ci, upvalue: u)
        case .constant(let k): return varInfo(ci, constant: k)
        }
    }

    public func typeError(_ v: Value, _ op: String, _ info: ErrInfo = .none) -> VMError {
        runtimeError("attempt to \(op) a \(objTypeName(v)) value\(describe(info))")
    }

    // MARK: calls into Lua from Swift

    /// Call `f` with `args`; returns all results (or exactly `nResults` if >= 0).
    public func call(_ f: Value, _ args: [Value], nResults: Int = -1) throws(VMError) -> [Value] {
        let th = current!
        try ensureStack(args.count + 1)
        let funcIdx = th.pointee.top
        push(f)
        for a in args { push(a) }
        try hooks.call!(self, funcIdx, nResults)
        let th2 = current!
        var out: [Value] = []
        out.reserveCapacity(th2.pointee.top - funcIdx)
        for i in funcIdx..<th2.pointee.top { out.append(th2.pointee.stack[i]) }
        th2.pointee.top = funcIdx
        return out
    }

    /// Call with up to 3 arguments and exactly one result, without allocating arrays.
    public func call1(_ f: Value, _ a: Value, _ b: Value, _ c: Value? = nil) throws(VMError) -> Value {
        let th = current!
        try ensureStack(4)
        let funcIdx = th.pointee.top
        push(f); push(a); push(b)
        if let c = c { push(c) }
        try hooks.call!(self, funcIdx, 1)
        let th2 = current!
        let r = th2.pointee.stack[funcIdx]
        th2.pointee.top = funcIdx
        return r
    }

    // MARK: index / newindex

    /// t[k] with metamethods. `info` names `t` if it cannot be indexed.
    public func getIndex(_ t: Value, _ key: Value, _ info: ErrInfo = .none) throws(VMError) -> Value {
        var t = t
        var info = info
        for _ in 0..<Limits.maxTagLoop {
            var h: Value
            if t.tag == Tag.table {
                let v = LTable.get(t.tbl, key)
                if !v.isNil { return v }
                guard let mt = t.tbl.pointee.metatable else { return .nil }
                h = fastTM(mt, .index)
                if h.isNil { return .nil }
            } else {
                h = tm(t, .index)
                if h.isNil { throw typeError(t, "index", info) }
            }
            if h.isFunction || (h.tag != Tag.table && !tm(h, .call).isNil && h.tag != Tag.userdata && h.tag != Tag.string) {
                return try call1(h, t, key)
            }
            t = h
            info = .none
        }
        throw runtimeError("'__index' chain too long; possible loop")
    }

    /// t[k] = v with metamethods.
    public func setIndex(_ t: Value, _ key: Value, _ val: Value, _ info: ErrInfo = .none) throws(VMError) {
        var t = t
        var info = info
        for _ in 0..<Limits.maxTagLoop {
            var h: Value
            if t.tag == Tag.table {
                let tb = t.tbl
                if let mt = tb.pointee.metatable {
                    let existing = LTable.get(tb, key)
                    if !existing.isNil { try rawSet(tb, key, val); return }
                    h = fastTM(mt, .newindex)
                    if h.isNil { try rawSet(tb, key, val); return }
                } else {
                    try rawSet(tb, key, val); return
                }
            } else {
                h = tm(t, .newindex)
                if h.isNil { throw typeError(t, "index", info) }
            }
            if h.isFunction {
                _ = try call(h, [t, key, val], nResults: 0)
                return
            }
            t = h
            info = .none
        }
        throw runtimeError("'__newindex' chain too long; possible loop")
    }

    // MARK: arithmetic

    /// The arithmetic/bitwise slow path: coercions, then metamethods, then the error.
    public func arith(_ op: ArithOp, _ a: Value, _ b: Value, _ ia: ErrInfo = .none, _ ib: ErrInfo = .none) throws(VMError) -> Value {
        if op.isBitwise {
            // Bitwise operations take numbers only (strings are not coerced, like lua 5.4).
            if a.isNumber && b.isNumber, let i = toIntegerStrict(a), let j = toIntegerStrict(b) {
                return .integer(LuaNumber.bitwise(op, i, j))
            }
        } else if let x = toNumber(a), let y = toNumber(b),
                  let r = try arithNumbers(op, x, y, positioned: !(a.isString || b.isString)) {
            // With a string operand lua computes inside the string metamethod, a native: its
            // errors ("attempt to divide by zero") carry no position.
            return r
        }
        var h = tm(a, op.tm)
        if h.isNil { h = tm(b, op.tm) }
        if !h.isNil { return try call1(h, a, b) }
        // Errors, worded like lua's.
        if op.isBitwise {
            if a.isNumber && b.isNumber {
                let info = toIntegerStrict(a) == nil ? ia : ib
                throw runtimeError("number\(describe(info)) has no integer representation")
            }
            let (bad, info) = a.isNumber ? (b, ib) : (a, ia)
            throw typeError(bad, "perform bitwise operation on", info)
        }
        let (bad, info) = toNumber(a) == nil ? (a, ia) : (b, ib)
        throw typeError(bad, "perform arithmetic on", info)
    }

    func toIntegerStrict(_ v: Value) -> Int64? {
        if v.tag == Tag.integer { return v.i }
        if v.tag == Tag.float { return Value.floatToInt(v.f) }
        return nil
    }

    /// Arithmetic on two numbers (already coerced). nil only for bitwise ops (handled above).
    /// `positioned`: errors carry the running Lua code's position.
    public func arithNumbers(_ op: ArithOp, _ x: Value, _ y: Value, positioned: Bool = true) throws(VMError) -> Value? {
        func fail(_ m: String) -> VMError { positioned ? runtimeError(m) : errorWithValue(str(m)) }
        if x.tag == Tag.integer && y.tag == Tag.integer {
            let a = x.i, b = y.i
            switch op {
            case .add: return .integer(a &+ b)
            case .sub: return .integer(a &- b)
            case .mul: return .integer(a &* b)
            case .mod:
                if b == 0 { throw fail("attempt to perform 'n%0'") }
                return .integer(LuaNumber.mod(a, b))
            case .idiv:
                if b == 0 { throw fail("attempt to divide by zero") }
                return .integer(LuaNumber.floorDiv(a, b))
            case .unm: return .integer(0 &- a)
            case .pow, .div: break
            case .band, .bor, .bxor, .shl, .shr, .bnot: return .integer(LuaNumber.bitwise(op, a, b))
            }
        }
        let a = x.asDouble!, b = y.asDouble!
        switch op {
        case .add: return .number(a + b)
        case .sub: return .number(a - b)
        case .mul: return .number(a * b)
        case .div: return .number(a / b)
        case .pow: return .number(LuaArithmetic.pow(a, b))
        case .mod: return .number(LuaArithmetic.fmod(a, b))
        case .idiv: return .number(LuaArithmetic.floatFloorDiv(a, b))
        case .unm: return .number(-a)
        case .band, .bor, .bxor, .shl, .shr, .bnot: return nil
        }
    }

    // MARK: comparison

    public func equals(_ a: Value, _ b: Value) throws(VMError) -> Bool {
        if Value.rawEquals(a, b) { return true }
        if a.tag != b.tag || (a.tag != Tag.table && a.tag != Tag.userdata) { return false }
        var h = tm(a, .eq)
        if h.isNil { h = tm(b, .eq) }
        if h.isNil { return false }
        return try call1(h, a, b).isTruthy
    }

    public func lessThan(_ a: Value, _ b: Value) throws(VMError) -> Bool {
        if a.isNumber && b.isNumber { return LuaNumber.lt(a, b) }
        if a.isString && b.isString { return VM.compareStrings(a.str, b.str) < 0 }
        var h = tm(a, .lt)
        if h.isNil { h = tm(b, .lt) }
        if h.isNil { throw compareError(a, b) }
        return try call1(h, a, b).isTruthy
    }

    public func lessEqual(_ a: Value, _ b: Value) throws(VMError) -> Bool {
        if a.isNumber && b.isNumber { return LuaNumber.le(a, b) }
        if a.isString && b.isString { return VM.compareStrings(a.str, b.str) <= 0 }
        var h = tm(a, .le)
        if h.isNil { h = tm(b, .le) }
        if !h.isNil { return try call1(h, a, b).isTruthy }
        // Compat 5.3 (on in lua's default build): without __le, a <= b is not (b < a) by __lt.
        h = tm(b, .lt)
        if h.isNil { h = tm(a, .lt) }
        if h.isNil { throw compareError(a, b) }
        // The running frame is marked while __lt runs, so that an instruction finished after a
        // yield inside it negates the result too (finishInterrupted clears the mark).
        let ci = current.pointee.ci
        ci.pointee.status |= CallStatus.leq
        let r = try call1(h, b, a).isTruthy
        ci.pointee.status &= ~CallStatus.leq
        return !r
    }

    public func compareError(_ a: Value, _ b: Value) -> VMError {
        let t1 = objTypeName(a), t2 = objTypeName(b)
        if t1 == t2 { return runtimeError("attempt to compare two \(t1) values") }
        return runtimeError("attempt to compare \(t1) with \(t2)")
    }

    public static func compareStrings(_ a: UnsafeMutablePointer<LString>, _ b: UnsafeMutablePointer<LString>) -> Int {
        let la = a.pointee.length, lb = b.pointee.length
        let r = memcmp(LString.bytes(a), LString.bytes(b), min(la, lb))
        if r != 0 { return Int(r) }
        return la < lb ? -1 : (la > lb ? 1 : 0)
    }

    // MARK: length

    public func length(_ v: Value, _ info: ErrInfo = .none) throws(VMError) -> Value {
        if v.tag == Tag.string { return .integer(v.str.pointee.length) }
        if v.tag == Tag.table {
            if let mt = v.tbl.pointee.metatable {
                let h = fastTM(mt, .len)
                if !h.isNil { return try call1(h, v, v) }
            }
            return .integer(LTable.length(v.tbl))
        }
        let h = tm(v, .len)
        if h.isNil { throw typeError(v, "get length of", info) }
        return try call1(h, v, v)
    }

    // MARK: concat

    /// Concatenate stack[first ..< first+n] of the current thread into stack[first] (right
    /// associative, __concat for non-string/number pairs). Registers for messages are taken
    /// relative to the running frame's base.
    public func concat(_ first: Int, _ n: Int) throws(VMError) {
        var count = n
        while count > 1 {
            let th = current!
            let s = th.pointee.stack
            let topI = first + count - 1   // the last operand
            let a = s[topI - 1], b = s[topI]
            if (a.isString || a.isNumber) && (b.isString || b.isNumber) {
                // Join as many trailing string/number operands as possible.
                var k = 2
                while k < count && (s[topI - k].isString || s[topI - k].isNumber) { k += 1 }
                let firstI = topI - k + 1
                // Integers are written straight into the result (no temporary string object);
                // floats are converted to strings in their slots first.
                var total = 0
                for idx in firstI...topI {
                    var v = current.pointee.stack[idx]
                    if v.tag == Tag.integer { total += LuaNumber.decimalLength(v.i); continue }
                    if !v.isString { v = .string(numberToString(v)); current.pointee.stack[idx] = v }
                    total += v.str.pointee.length
                }
                let st = current.pointee.stack
                let r: UnsafeMutablePointer<LString>
                if total <= Limits.maxShortStringLength {
                    // Room for the longest integer text past any offset below maxShortStringLength.
                    r = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Limits.maxShortStringLength + 72) { b in
                        var off = 0
                        for idx in firstI...topI {
                            let v = st[idx]
                            if v.tag == Tag.integer { off += LuaNumber.format(v, into: b.baseAddress! + off); continue }
                            let p = v.str
                            let l = p.pointee.length
                            if l > 0 { memcpy(b.baseAddress! + off, LString.bytes(p), l) }
                            off += l
                        }
                        assert(off == total)
                        return newString(b.baseAddress!, total)
                    }
                } else {
                    for idx in firstI...topI where st[idx].tag == Tag.integer {
                        st[idx] = .string(numberToString(st[idx]))  // rare: long results only
                    }
                    r = allocString(total)
                    var dst = LString.bytes(r)
                    for idx in firstI...topI {
                        let p = st[idx].str
                        let l = p.pointee.length
                        memcpy(dst, LString.bytes(p), l)
                        dst += l
                    }
                }
                current.pointee.stack[firstI] = .string(r)
                count -= k - 1
            } else {
                var h = tm(a, .concat)
                if h.isNil { h = tm(b, .concat) }
                if h.isNil {
                    let bad = (a.isString || a.isNumber) ? b : a
                    let badIdx = (a.isString || a.isNumber) ? topI : topI - 1
                    let base = th.pointee.ci.pointee.baseIdx
                    throw typeError(bad, "concatenate", .register(badIdx - base))
                }
                let saveTop = th.pointee.top
                th.pointee.top = max(saveTop, topI + 1)
                let r = try call1(h, a, b)
                current.pointee.top = saveTop
                current.pointee.stack[topI - 1] = r
                count -= 1
            }
        }
    }

    public func concatStrings(_ parts: [UnsafeMutablePointer<LString>], _ total: Int) -> UnsafeMutablePointer<LString> {
        if total <= Limits.maxShortStringLength {
            var buf = [UInt8](repeating: 0, count: max(total, 1))
            var off = 0
            for p in parts { let l = p.pointee.length; for j in 0..<l { buf[off + j] = LString.bytes(p)[j] }; off += l }
            return buf.withUnsafeBufferPointer { newString($0.baseAddress, total) }
        }
        let r = allocString(total)
        var dst = LString.bytes(r)
        for p in parts {
            let l = p.pointee.length
            memcpy(dst, LString.bytes(p), l)
            dst += l
        }
        return r
    }

    // MARK: tostring

    /// lua's tostring: __tostring, __name, then the default forms.
    public func tostring(_ v: Value) throws(VMError) -> UnsafeMutablePointer<LString> {
        if let mt = metatable(of: v) {
            let h = fastTM(mt, .tostring)
            if !h.isNil {
                let r = try call1(h, v, .nil)
                if !r.isString {
                    if r.isNumber { return numberToString(r) }
                    throw error("'__tostring' must return a string")  // luaL_error: the caller's position
                }
                return r.str
            }
        }
        if v.isString { return v.str }
        if v.isNumber { return numberToString(v) }  // written in place, no Swift String
        return newString(tostringBasic(v))
    }

    /// True when `v` is a string or a number whose tostring is its plain text: no `__tostring`
    /// on the metatable of its type (print and `%s` then skip the general path).
    @inline(__always)
    public func isPlainText(_ v: Value) -> Bool {
        guard v.isString || v.isNumber else { return false }
        guard let mt = metatable(of: v) else { return true }
        return fastTM(mt, .tostring).isNil
    }

    /// The default tostring text (no metamethods, except __name for tables/userdata).
    public func tostringBasic(_ v: Value) -> String {
        switch v.tag {
        case Tag.nil_: return "nil"
        case Tag.false_: return "false"
        case Tag.true_: return "true"
        case Tag.integer, Tag.float: return LuaNumber.format(v)
        case Tag.string: return LString.swiftString(v.str)
        case Tag.lightNative: return "function: " + VM.hexAddress(UInt64(nativeAddress(v)))
        default: return objTypeName(v) + ": " + VM.hexAddress(v.payload)
        }
    }

    /// The address a builtin shows (tostring, `%p`): its box's, a real heap address, unique per
    /// builtin and stable for the VM's life, as lua shows a C function's address.
    public func nativeAddress(_ v: Value) -> UInt {
        assert(v.tag == Tag.lightNative)
        return UInt(bitPattern: nativeBoxes.base.unsafelyUnwrapped[Int(v.payload)].toOpaque())
    }

    public static func hexAddress(_ p: UInt64) -> String {
        "0x" + String(p, radix: 16)
    }
}

extension String {
    func leftPadded(to n: Int) -> String {
        count >= n ? self : String(repeating: "0", count: n - count) + self
    }
}

extension LuaNumber {
    public static func bitwise(_ op: ArithOp, _ a: Int64, _ b: Int64) -> Int64 {
        switch op {
        case .band: return a & b
        case .bor: return a | b
        case .bxor: return a ^ b
        case .shl: return shiftLeft(a, b)
        case .shr: return shiftLeft(a, 0 &- b)
        case .bnot: return ~a
        default: return 0
        }
    }

    @inlinable public static func lt(_ a: Value, _ b: Value) -> Bool {
        if a.tag == Tag.integer {
            if b.tag == Tag.integer { return a.i < b.i }
            return ltIntFloat(a.i, b.f)
        }
        if b.tag == Tag.float { return a.f < b.f }
        return ltFloatInt(a.f, b.i)
    }

    @inlinable public static func le(_ a: Value, _ b: Value) -> Bool {
        if a.tag == Tag.integer {
            if b.tag == Tag.integer { return a.i <= b.i }
            return leIntFloat(a.i, b.f)
        }
        if b.tag == Tag.float { return a.f <= b.f }
        return leFloatInt(a.f, b.i)
    }

    // i < f  <=>  i < ceil(f);  i <= f <=> i <= floor(f);  f < i <=> floor(f) < i;  f <= i <=> ceil(f) <= i
    public static func ltIntFloat(_ i: Int64, _ f: Double) -> Bool {
        if f.isNaN { return false }
        if f >= 9223372036854775808.0 { return true }
        if f <= -9223372036854775808.0 { return false }
        return i < Int64(f.rounded(.up))
    }
    public static func leIntFloat(_ i: Int64, _ f: Double) -> Bool {
        if f.isNaN { return false }
        if f >= 9223372036854775808.0 { return true }
        if f < -9223372036854775808.0 { return false }
        return i <= Int64(f.rounded(.down))
    }
    public static func ltFloatInt(_ f: Double, _ i: Int64) -> Bool {
        if f.isNaN { return false }
        if f >= 9223372036854775808.0 { return false }
        if f < -9223372036854775808.0 { return true }
        return Int64(f.rounded(.down)) < i
    }
    public static func leFloatInt(_ f: Double, _ i: Int64) -> Bool {
        if f.isNaN { return false }
        if f >= 9223372036854775808.0 { return false }
        if f <= -9223372036854775808.0 { return true }
        return Int64(f.rounded(.up)) <= i
    }
}
