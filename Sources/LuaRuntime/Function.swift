// Protos, closures and upvalues: loading a FunctionPrototype, creating closures, closing upvalues.
//
// Invariants: a thread's open upvalues are sorted by stack index (highest first) and at most one
// exists per slot; an open upvalue's `v` points at stack[stackIndex] of its thread (fixed up when
// the stack moves); a closed upvalue's `v` points at its own `closed` field.

import LuaBytecode
#if canImport(Glibc)
import Glibc
#endif

extension Proto {
    static func free(_ p: UnsafeMutablePointer<Proto>) {
        p.pointee.code.deallocate(); p.pointee.k.deallocate(); p.pointee.children.deallocate()
        p.pointee.upvalInStack.deallocate(); p.pointee.upvalIndex.deallocate()
        p.pointee.backEdges.deallocate(); p.pointee.feedback.deallocate(); p.pointee.lines.deallocate()
        p.deallocate()
    }

    /// Zero the back-edge counts of every loop, keeping the callees the CALLs and TFORCALLs saw
    /// (the other profile words of `backEdges`: the next compilation still takes those calls in).
    public static func resetBackEdgeCounts(_ p: UnsafeMutablePointer<Proto>) {
        for i in 0..<p.pointee.codeCount {
            let op = Instruction(raw: p.pointee.code[i]).opcode
            if op != .call && op != .tForLoop { p.pointee.backEdges[i] = 0 }
        }
    }
}

extension VM {
    /// Turn a compiled FunctionPrototype (and its children) into VM protos. Equal long string
    /// constants anywhere in the chunk become one string object, as in lua (whose scanner keeps
    /// one string per content for the whole chunk): `%p` and identity tell.
    public func loadProto(_ fp: FunctionPrototype) -> UnsafeMutablePointer<Proto> {
        var longStrings: [[UInt8]: UnsafeMutablePointer<LString>] = [:]
        return loadProto(fp, &longStrings)
    }

    private func loadProto(_ fp: FunctionPrototype,
                           _ longStrings: inout [[UInt8]: UnsafeMutablePointer<LString>]) -> UnsafeMutablePointer<Proto> {
        let p = UnsafeMutablePointer<Proto>.allocate(capacity: 1)
        let n = fp.code.count
        let code = UnsafeMutablePointer<UInt32>.allocate(capacity: max(n, 1))
        for (i, ins) in fp.code.enumerated() { code[i] = ins.raw }
        let lines = UnsafeMutablePointer<Int32>.allocate(capacity: max(n, 1))
        for i in 0..<n { lines[i] = i < fp.lineInfo.count ? fp.lineInfo[i] : 0 }
        let k = UnsafeMutablePointer<Value>.allocate(capacity: max(fp.constants.count, 1))
        for (i, c) in fp.constants.enumerated() {
            switch c {
            case .nil: k[i] = .nil
            case .boolean(let b): k[i] = .bool(b)
            case .integer(let v): k[i] = .integer(v)
            case .float(let bits): k[i] = Value(payload: bits, tag: Tag.float)
            case .string(let bytes) where bytes.count > Limits.maxShortStringLength:
                if let same = longStrings[bytes] { k[i] = .string(same); break }
                let str = newString(bytes)
                longStrings[bytes] = str
                k[i] = .string(str)
            case .string(let bytes): k[i] = .string(newString(bytes))
            }
        }
        let children = UnsafeMutablePointer<UnsafeMutablePointer<Proto>>.allocate(capacity: max(fp.children.count, 1))
        let nu = fp.upvalues.count
        let inStack = UnsafeMutablePointer<UInt8>.allocate(capacity: max(nu, 1))
        let index = UnsafeMutablePointer<UInt8>.allocate(capacity: max(nu, 1))
        for (i, u) in fp.upvalues.enumerated() { inStack[i] = u.inStack ? 1 : 0; index[i] = UInt8(truncatingIfNeeded: u.index) }
        let backEdges = UnsafeMutablePointer<UInt32>.allocate(capacity: max(n, 1))
        backEdges.initialize(repeating: 0, count: max(n, 1))
        let feedback = UnsafeMutablePointer<UInt16>.allocate(capacity: max(n, 1))
        feedback.initialize(repeating: 0, count: max(n, 1))
        p.initialize(to: Proto(code: code, codeCount: n, k: k, kCount: fp.constants.count,
                               children: children, childCount: fp.children.count,
                               numParams: fp.numParams, isVararg: fp.isVararg,
                               maxStack: max(fp.maxStackSize, 2), upvalInStack: inStack, upvalIndex: index,
                               upvalCount: nu, callCount: 0, backEdges: backEdges, feedback: feedback,
                               id: protos.count, lines: lines, marked: false))
        if tier != nil {
            // A count of 0 would never be reached (the counters are incremented first).
            p.pointee.tierUpAt = max(options.hotCallThreshold, 1)
            p.pointee.osrAt = UInt32(clamping: max(options.hotLoopThreshold, 1))
        }
        heapBytes += p.pointee.heapBytes
        protos.append(p)
        protoInfo.append(fp)
        for (i, c) in fp.children.enumerated() { children[i] = loadProto(c, &longStrings) }
        return p
    }

    /// A closure over `proto` with fresh (closed, nil) upvalues: for main chunks.
    public func newLuaClosure(_ proto: UnsafeMutablePointer<Proto>) -> UnsafeMutablePointer<LClosure> {
        let c = allocLuaClosure(proto)
        let ups = LClosure.upvals(c)
        for i in 0..<proto.pointee.upvalCount { ups[i] = newClosedUpval(.nil) }
        return c
    }

    /// Load a compiled main chunk and close it with `env` (the globals by default) as its _ENV,
    /// the first upvalue when the chunk has one: what load, the embedding API and the library run.
    public func newMainClosure(_ fp: FunctionPrototype, env: Value? = nil) -> Value {
        let p = loadProto(fp)
        let cl = newLuaClosure(p)
        if p.pointee.upvalCount > 0 { LClosure.upvals(cl)[0].pointee.v.pointee = env ?? .table(globals) }
        return .object(UnsafeMutableRawPointer(cl), Tag.luaClosure)
    }

    /// A closure whose upvalue pointers the caller fills in immediately (the `closure` instruction).
    public func allocLuaClosure(_ proto: UnsafeMutablePointer<Proto>) -> UnsafeMutablePointer<LClosure> {
        let n = proto.pointee.upvalCount
        let size = MemoryLayout<LClosure>.stride + n * MemoryLayout<UnsafeMutablePointer<UpVal>>.stride
        let c = allocObject(kind: Tag.luaClosure, size: size).assumingMemoryBound(to: LClosure.self)
        c.pointee.proto = proto
        c.pointee.upvalCount = n
        return c
    }

    public func newClosedUpval(_ v: Value) -> UnsafeMutablePointer<UpVal> {
        let u = allocObject(kind: Tag.upvalue, size: MemoryLayout<UpVal>.stride).assumingMemoryBound(to: UpVal.self)
        u.pointee.closed = v
        u.pointee.v = UnsafeMutableRawPointer(u).advanced(by: MemoryLayout<UpVal>.offset(of: \UpVal.closed)!).assumingMemoryBound(to: Value.self)
        u.pointee.stackIndex = -1
        u.pointee.nextOpen = nil
        u.pointee.isOpen = false
        return u
    }

    /// The open upvalue for stack slot `idx` of the current thread (created if needed).
    public func findUpval(_ idx: Int) -> UnsafeMutablePointer<UpVal> {
        let th = current!
        var prev: UnsafeMutablePointer<UpVal>? = nil
        var cur = th.pointee.openUpvals
        while let u = cur, u.pointee.stackIndex >= idx {
            if u.pointee.stackIndex == idx { return u }
            prev = u
            cur = u.pointee.nextOpen
        }
        let u = allocObject(kind: Tag.upvalue, size: MemoryLayout<UpVal>.stride).assumingMemoryBound(to: UpVal.self)
        u.pointee.closed = .nil
        u.pointee.v = th.pointee.stack + idx
        u.pointee.stackIndex = idx
        u.pointee.isOpen = true
        u.pointee.nextOpen = cur
        if let p = prev { p.pointee.nextOpen = u } else { th.pointee.openUpvals = u }
        return u
    }

    /// Close every open upvalue of thread `th` at stack index >= level.
    @inline(__always)
    public func closeUpvals(_ th: UnsafeMutablePointer<LThread>, _ level: Int) {
        while let u = th.pointee.openUpvals, u.pointee.stackIndex >= level {
            th.pointee.openUpvals = u.pointee.nextOpen
            u.pointee.closed = u.pointee.v.pointee
            u.pointee.v = UnsafeMutableRawPointer(u).advanced(by: MemoryLayout<UpVal>.offset(of: \UpVal.closed)!).assumingMemoryBound(to: Value.self)
            u.pointee.isOpen = false
            u.pointee.nextOpen = nil
        }
    }

    /// A native closure with `n` upvalues (initialised to nil).
    public func newNativeClosure(_ fnIndex: Int, upvalues: [Value]) -> UnsafeMutablePointer<NClosure> {
        let n = upvalues.count
        let size = MemoryLayout<NClosure>.stride + n * MemoryLayout<Value>.stride
        let c = allocObject(kind: Tag.nativeClosure, size: size).assumingMemoryBound(to: NClosure.self)
        c.pointee.fnIndex = fnIndex
        c.pointee.upvalCount = n
        let ups = NClosure.upvals(c)
        for i in 0..<n { ups[i] = upvalues[i] }
        return c
    }

    /// A full userdata with `userValues` (0 or 1) user value slots (lua_newuserdatauv).
    public func newUserdata(size: Int, metatable: UnsafeMutablePointer<LTable>? = nil, handle: Int = 0,
                            userValues: Int = 1) -> UnsafeMutablePointer<LUserdata> {
        assert(userValues == 0 || userValues == 1)
        let u = allocObject(kind: Tag.userdata, size: MemoryLayout<LUserdata>.stride + size).assumingMemoryBound(to: LUserdata.self)
        u.pointee.metatable = metatable
        u.pointee.userValue = .nil
        u.pointee.userValueCount = userValues
        u.pointee.handle = handle
        u.pointee.size = size
        if size > 0 { memset(LUserdata.payload(u), 0, size) }
        checkFinalizer(.object(UnsafeMutableRawPointer(u), Tag.userdata), metatable)
        return u
    }
}
