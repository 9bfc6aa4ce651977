// StringLib+Patterns: string.find, match, gmatch and gsub on top of PatternSearch.
//
// Invariants: the subject and pattern are arguments (rooted) for the whole call, so byte
// pointers into them stay valid across the Lua calls a gsub replacement function makes;
// gmatch keeps its subject, pattern and position in the iterator's upvalues.

import LuaRuntime

extension StringLib {
    static func push(_ vm: VM, _ c: CaptureValue, _ s: UnsafeBufferPointer<UInt8>) {
        switch c {
        case .substring(let a, let b): vm.push(vm.substring(s, a, b))
        case .position(let p): vm.push(.integer(p))
        }
    }

    static func value(_ vm: VM, _ c: CaptureValue, _ s: UnsafeBufferPointer<UInt8>) -> Value {
        switch c {
        case .substring(let a, let b): return vm.substring(s, a, b)
        case .position(let p): return .integer(p)
        }
    }

    /// Push the captures of a match (the whole match when there are none and `whole` is set).
    @inline(__always)
    static func pushCaptures(_ vm: VM, _ m: borrowing PatternMatcher, _ s: UnsafeBufferPointer<UInt8>,
                             _ start: Int, _ end: Int, whole: Bool) throws -> Int {
        let n = m.level == 0 && whole ? 1 : m.level
        if n > 0 { try vm.ensureStack(n) }
        for i in 0..<n { push(vm, try PatternSearch.capture(m, i, start: start, end: end), s) }
        return n
    }

    static func findAux(_ a: Args, find: Bool) throws(VMError) -> Int {
        let s = try a.checkBytes(1)
        let p = try a.checkBytes(2)
        let vm = a.vm
        let initPos = startPosition(try a.optInteger(3, 1), s.count)
        if initPos > s.count + 1 { return a.ret(.nil) }
        if find && (a.toBool(4) || PatternSearch.isPlain(p)) {
            guard let at = PatternSearch.plainFind(s, p, from: initPos - 1) else { return a.ret(.nil) }
            return a.ret(.integer(at + 1), .integer(at + p.count))
        }
        let hook = interruptHook(vm)
        return try bridged(a) {
            try PatternMatcher.with(subject: s, pattern: p, interrupt: hook) { m in
                guard let r = try PatternSearch.search(&m, from: initPos - 1) else { return a.ret(.nil) }
                var n = 0
                if find {
                    vm.push(.integer(r.start + 1))
                    vm.push(.integer(r.end))
                    n = 2
                }
                return n + (try pushCaptures(vm, m, s, r.start, r.end, whole: !find))
            }
        }
    }

    static func find(_ a: Args) throws(VMError) -> Int { try findAux(a, find: true) }
    static func match(_ a: Args) throws(VMError) -> Int { try findAux(a, find: false) }

    static func gmatch(_ a: Args) throws(VMError) -> Int {
        let s = try a.checkBytes(1)
        _ = try a.checkBytes(2)
        var start = startPosition(try a.optInteger(3, 1), s.count) - 1
        if start > s.count { start = s.count + 1 }
        let vm = a.vm
        let c = vm.newNativeClosure(StdlibState.of(vm).gmatchStep, upvalues: [a[1], a[2], .integer(start), .nil])
        return a.ret(.object(UnsafeMutableRawPointer(c), Tag.nativeClosure))
    }

    /// The iterator: upvalues are subject, pattern, next position, end of the last match.
    static func gmatchStep(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        let s = LString.buffer(a.upvalue(1).str)
        let p = LString.buffer(a.upvalue(2).str)
        let last = a.upvalue(4)
        var state = GmatchState(from: Int(a.upvalue(3).i))
        state.lastMatch = last.isNil ? nil : Int(last.i)
        let hook = interruptHook(vm)
        return try bridged(a) {
            try PatternMatcher.with(subject: s, pattern: p, interrupt: hook) { m in
                guard let r = try state.next(&m) else {
                    a.setUpvalue(3, .integer(state.position))
                    return 0
                }
                a.setUpvalue(3, .integer(state.position))
                a.setUpvalue(4, .integer(r.end))
                return try pushCaptures(vm, m, s, r.start, r.end, whole: true)
            }
        }
    }

    static func gsub(_ a: Args) throws(VMError) -> Int {
        let s = try a.checkBytes(1)
        let p = try a.checkBytes(2)
        let vm = a.vm
        let r = a[3]
        let maxN = try a.optInteger(4, Int64(s.count) + 1)
        let replacement: GsubReplacement
        switch r.tag {
        case Tag.string, Tag.integer, Tag.float:
            replacement = .template(try a.checkBytes(3))
        case Tag.table:
            replacement = .compute { m, start, end, out in
                let key = value(vm, try PatternSearch.capture(m, 0, start: start, end: end), s)
                let v = r.tbl.pointee.metatable == nil ? vm.rawGet(r.tbl, key) : try vm.getIndex(r, key)
                return try appendReplacement(vm, v, &out)
            }
        case Tag.luaClosure, Tag.nativeClosure, Tag.lightNative:
            replacement = .compute { m, start, end, out in
                // Call r(captures...) with the arguments on the stack (GC-safe), one result.
                let th = vm.current!
                try vm.ensureStack(StdlibLimits.patternMaxCaptures + 2)
                let funcIdx = th.pointee.top
                vm.push(r)
                _ = try pushCaptures(vm, m, s, start, end, whole: true)
                try vm.hooks.call!(vm, funcIdx, 1)
                let th2 = vm.current!
                let v = th2.pointee.stack[funcIdx]
                let appended = try appendReplacement(vm, v, &out)
                th2.pointee.top = funcIdx
                return appended
            }
        default:
            throw a.typeError(3, "string/function/table")
        }
        let hook = interruptHook(vm)
        let limit = maxN > Int64(Int.max) ? Int.max : Int(maxN)
        let (result, n) = try bridged(a) { () throws -> (Value?, Int) in
            var out = ByteBuffer(capacity: s.count)
            let (n, changed) = try PatternSearch.gsubChanged(s, p, replacement, maxReplacements: limit,
                                                             interrupt: hook, into: &out)
            // Nothing replaced: the subject itself (a number subject becomes its string, as in lua).
            if !changed && a[1].isString { return (nil, n) }
            return (.string(vm.newString(out.base, out.count)), n)
        }
        return a.ret(result ?? a[1], .integer(n))
    }

    /// Append a replacement value: false/nil keep the match (false result), strings and numbers
    /// are used, anything else is an error.
    static func appendReplacement(_ vm: VM, _ v: Value, _ out: inout ByteBuffer) throws -> Bool {
        if v.isFalsy { return false }
        if v.isString { out.append(LString.buffer(v.str)); return true }
        if v.isNumber { out.append(LString.buffer(vm.numberToString(v))); return true }
        throw LibraryError("invalid replacement value (a \(vm.basicTypeName(v)))")
    }
}
