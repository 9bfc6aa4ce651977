// The reference evaluator's instruction loop and calls (see ReferenceEvaluator.swift).
//
// Invariant: `regs` has maxStackSize boxes plus room for open results ("top"); every
// instruction is interpreted exactly as Opcode.swift documents it.
import Foundation
import LuaBytecode

extension ReferenceEvaluator {
    func call(_ f: RValue, _ args: [RValue]) throws -> [RValue] {
        depth += 1
        defer { depth -= 1 }
        if depth > 180 { throw err("stack overflow") }
        switch f {
        case .closure(let c): return try execute(c, args)
        case .native(let n): return try n.fn(args)
        default:
            let h = metamethod(f, "__call")
            if case .nil = h { throw err("attempt to call a \(f.typeName) value") }
            return try call(h, [f] + args)
        }
    }

    func execute(_ cl: RClosure, _ args: [RValue]) throws -> [RValue] {
        let p = cl.proto
        var regs: [RBox] = (0..<max(p.maxStackSize, 1)).map { _ in RBox(.nil) }
        for i in 0..<p.numParams { regs[i].v = i < args.count ? args[i] : .nil }
        let varargs = args.count > p.numParams ? Array(args[p.numParams...]) : []
        var top = 0          // after an open-result instruction: one past the last value
        var tbc: [Int] = []  // registers of to-be-closed variables
        var pc = 0
        let code = p.code
        let k = p.constants

        func K(_ i: Int) -> RValue {
            switch k[i] {
            case .nil: return .nil
            case .boolean(let b): return .bool(b)
            case .integer(let n): return .int(n)
            case .float: return .float(k[i].floatValue!)
            case .string(let s): return .str(s)
            }
        }
        func R(_ i: Int) -> RValue {
            while i >= regs.count { regs.append(RBox(.nil)) }
            return regs[i].v
        }
        func set(_ i: Int, _ v: RValue) {
            while i >= regs.count { regs.append(RBox(.nil)) }
            regs[i].v = v
        }
        func RK(_ ins: Instruction) -> RValue { ins.k ? K(ins.c) : R(ins.c) }
        func closeFrom(_ level: Int) throws {
            for i in level..<regs.count { regs[i] = RBox(regs[i].v) }
            while let last = tbc.last, last >= level {
                tbc.removeLast()
                let v = R(last)
                let h = metamethod(v, "__close")
                if case .nil = h { continue }
                _ = try call(h, [v, .nil])
            }
        }
        func results(_ a: Int, _ b: Int) -> [RValue] {
            let n = b == 0 ? top - a : b - 1
            return (0..<max(n, 0)).map { R(a + $0) }
        }
        func place(_ a: Int, _ vals: [RValue], _ c: Int) {
            if c == 0 {
                for (j, v) in vals.enumerated() { set(a + j, v) }
                top = a + vals.count
            } else {
                for j in 0..<(c - 1) { set(a + j, j < vals.count ? vals[j] : .nil) }
            }
        }

        while true {
          do {
            let i = code[pc]
            pc += 1
            let a = i.a
            switch i.opcode {
            case .move: set(a, R(i.b))
            case .loadI: set(a, .int(Int64(i.sBx)))
            case .loadF: set(a, .float(Double(i.sBx)))
            case .loadK: set(a, K(i.bx))
            case .loadKX: set(a, K(code[pc].ax)); pc += 1
            case .loadFalse: set(a, .bool(false))
            case .lFalseSkip: set(a, .bool(false)); pc += 1
            case .loadTrue: set(a, .bool(true))
            case .loadNil: for j in 0...i.b { set(a + j, .nil) }
            case .getUpval: set(a, cl.upvals[i.b].v)
            case .setUpval: cl.upvals[i.b].v = R(a)
            case .getTabUp: set(a, try index(cl.upvals[i.b].v, K(i.c)))
            case .getTable: set(a, try index(R(i.b), R(i.c)))
            case .getI: set(a, try index(R(i.b), .int(Int64(i.c))))
            case .getField: set(a, try index(R(i.b), K(i.c)))
            case .setTabUp: try setIndex(cl.upvals[a].v, K(i.b), RK(i))
            case .setTable: try setIndex(R(a), R(i.b), RK(i))
            case .setI: try setIndex(R(a), .int(Int64(i.b)), RK(i))
            case .setField: try setIndex(R(a), K(i.b), RK(i))
            case .newTable:
                let t = RTable()
                t.arraySize = i.c + (i.k ? Int(code[pc].ax) * 256 : 0)
                pc += 1
                set(a, .table(t))
            case .self:
                let o = R(i.b)
                set(a + 1, o)
                set(a, try index(o, RK(i)))
            case .addI: set(a, try arith(.addI, R(i.b), .int(Int64(i.sC))))
            case .addK, .subK, .mulK, .modK, .powK, .divK, .idivK, .bandK, .borK, .bxorK:
                set(a, try arith(i.opcode, R(i.b), K(i.c)))
            case .shrI: set(a, try arith(.shrI, R(i.b), .int(Int64(i.sC))))
            case .shlI: set(a, try arith(.shlI, .int(Int64(i.sC)), R(i.b)))
            case .add, .sub, .mul, .mod, .pow, .div, .idiv, .band, .bor, .bxor, .shl, .shr:
                set(a, try arith(i.opcode, R(i.b), R(i.c)))
            case .unm: set(a, try arith(.unm, R(i.b), R(i.b)))
            case .bnot: set(a, try arith(.bnot, R(i.b), R(i.b)))
            case .not: set(a, .bool(!R(i.b).truthy))
            case .len: set(a, try length(R(i.b)))
            case .concat:
                var acc = R(a + i.b - 1)
                var j = a + i.b - 2
                while j >= a { acc = try concat(R(j), acc); j -= 1 }
                set(a, acc)
            case .close: try closeFrom(a)
            case .tbc:
                let v = R(a)
                if v.truthy, case .nil = metamethod(v, "__close") {
                    throw err("variable got a non-closable value")
                }
                tbc.append(a)
            case .jmp: pc += i.sJ
            case .eq: if try equals(R(a), R(i.b)) != i.k { pc += 1 }
            case .lt: if try less(R(a), R(i.b), orEqual: false) != i.k { pc += 1 }
            case .le: if try less(R(a), R(i.b), orEqual: true) != i.k { pc += 1 }
            case .eqK: if rawEquals(R(a), K(i.b)) != i.k { pc += 1 }
            case .eqI: if rawEquals(R(a), .int(Int64(i.sB))) != i.k { pc += 1 }
            case .ltI: if try less(R(a), imm(i), orEqual: false) != i.k { pc += 1 }
            case .leI: if try less(R(a), imm(i), orEqual: true) != i.k { pc += 1 }
            case .gtI: if try less(imm(i), R(a), orEqual: false) != i.k { pc += 1 }
            case .geI: if try less(imm(i), R(a), orEqual: true) != i.k { pc += 1 }
            case .test: if (!R(a).truthy) == i.k { pc += 1 }
            case .testSet:
                if (!R(i.b).truthy) == i.k { pc += 1 } else { set(a, R(i.b)) }
            case .call:
                let args = results(a + 1, i.b)
                let r = try call(R(a), args)
                place(a, r, i.c)
            case .tailCall:
                let args = results(a + 1, i.b)
                if i.k { try closeFrom(0) }
                return try call(R(a), args)
            case .return:
                let r = results(a, i.b)
                if i.k { try closeFrom(0) }
                return r
            case .return0: return []
            case .return1: return [R(a)]
            case .forLoop:
                if case .int(let step) = R(a + 2) {
                    guard case .int(let count) = R(a + 1), count > 0 else { break }
                    set(a + 1, .int(count - 1))
                    guard case .int(let idx) = R(a) else { break }
                    set(a, .int(idx &+ step)); set(a + 3, .int(idx &+ step))
                    pc -= i.bx
                } else {
                    let step = toDouble(R(a + 2))!, limit = toDouble(R(a + 1))!
                    let idx = toDouble(R(a))! + step
                    if step > 0 ? idx <= limit : idx >= limit {
                        set(a, .float(idx)); set(a + 3, .float(idx))
                        pc -= i.bx
                    }
                }
            case .forPrep:
                if try forPrep(a, R, set) { pc += i.bx + 1 }
            case .tForPrep:
                if R(a + 3).truthy { tbc.append(a + 3) }
                pc += i.bx
            case .tForCall:
                let r = try call(R(a), [R(a + 1), R(a + 2)])
                for j in 0..<i.c { set(a + 4 + j, j < r.count ? r[j] : .nil) }
            case .tForLoop:
                if case .nil = R(a + 4) {} else { set(a + 2, R(a + 4)); pc -= i.bx }
            case .setList:
                let n = i.b == 0 ? top - a - 1 : i.b
                var c = i.c
                if i.k { c += code[pc].ax * 256; pc += 1 }
                guard case .table(let t) = R(a) else { throw err("setList on non-table") }
                if n > 0 { for j in 1...n { try rawSet(t, .int(Int64(c + j)), R(a + j)) } }
                t.arraySize = max(t.arraySize, c + n)
            case .closure:
                let child = p.children[i.bx]
                let ups = child.upvalues.map { u in u.inStack ? regs[u.index] : cl.upvals[u.index] }
                set(a, .closure(RClosure(child, ups)))
            case .varArg:
                place(a, varargs, i.c)
            case .varArgPrep, .extraArg:
                break
            }
          } catch var e as RError where e.needsPosition {
            e.needsPosition = false
            if case .str(let m) = e.value {
                let src = p.source.hasPrefix("@") ? String(p.source.dropFirst()) : p.source
                e.value = .str(Array("\(src):\(p.lineInfo[pc - 1]): ".utf8) + m)
            }
            throw e
          }
        }
    }

    private func imm(_ i: Instruction) -> RValue {
        i.c != 0 ? .float(Double(i.sB)) : .int(Int64(i.sB))
    }

    /// Returns true when the loop must be skipped.
    private func forPrep(_ a: Int, _ R: (Int) -> RValue, _ set: (Int, RValue) -> Void) throws -> Bool {
        let initV = R(a), limitV = R(a + 1), stepV = R(a + 2)
        if case .int(let i0) = initV, case .int(let step) = stepV {
            if step == 0 { throw err("'for' step is zero") }
            var limit: Int64
            switch limitV {
            case .int(let l): limit = l
            case .float(let d):
                if d.isNaN { return true }
                if step > 0 { limit = d >= 9.2233720368547758e18 ? .max : (d < -9.2233720368547758e18 ? .min : Int64(d.rounded(.down))) }
                else { limit = d < -9.2233720368547758e18 ? .min : (d >= 9.2233720368547758e18 ? .max : Int64(d.rounded(.up))) }
            default: throw err("'for' limit must be a number")
            }
            if step > 0 ? i0 > limit : i0 < limit { return true }
            let count = step > 0 ? (UInt64(bitPattern: limit &- i0)) / UInt64(step)
                                 : (UInt64(bitPattern: i0 &- limit)) / (UInt64(bitPattern: -(step + 1)) + 1)
            set(a + 1, .int(Int64(bitPattern: min(count, UInt64(Int64.max)))))
            set(a + 3, .int(i0))
            return false
        }
        guard let i0 = toDouble(initV), let l = toDouble(limitV), let st = toDouble(stepV) else {
            throw err("'for' initial value must be a number")
        }
        if st == 0 { throw err("'for' step is zero") }
        if st > 0 ? !(i0 <= l) : !(i0 >= l) { return true }
        set(a, .float(i0)); set(a + 1, .float(l)); set(a + 2, .float(st)); set(a + 3, .float(i0))
        return false
    }
}
