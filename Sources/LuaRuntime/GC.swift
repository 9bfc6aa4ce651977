// The collector: precise, non-moving, stop-the-world mark-sweep with enumerated roots.
//
// THE SAFE-POINT RULE. A collection runs only at a safe point: a moment when every value the
// program still needs is in a coroutine stack slot below that stack's in-use top, or reachable
// from the roots below. The interpreter's safe points are its GC checks (after instructions that
// allocate: newTable, concat, closure; after a native call returns; collectgarbage). Native
// (Swift) code never triggers a collection by allocating; it may hold unrooted Values in Swift
// locals until it calls back into Lua (vm.call and friends), which can reach a safe point: across
// such calls a native keeps what it needs on the stack (its arguments are; push the rest).
//
// Roots: every coroutine stack up to the highest top of its frames (the rest is cleared to nil),
// open upvalues (through their stacks), the registry, globals, basic-type metatables, interned
// metamethod names, loaded protos' constants, anchored LuaRefs, the error value in flight.
//
// Stress mode (--gc-stress, options.gcStress): the threshold stays 0, so *every* safe point
// collects. That is what "collect at every allocation" means here: allocation sites themselves
// are not safe points (a Swift helper may hold unrooted values there), but every allocating
// instruction is followed by one, so no object survives a safe point unless it is reachable.
//
// Pacing: after a collection the next one is due when the heap reaches gcPauseFactor x live.

#if canImport(Glibc)
import Glibc
#endif

extension VM {
    /// The GC check at a safe point: collect if due. Throws "not enough memory" past the limit.
    @inline(__always)
    public func gcCheck() throws(VMError) {
        if heapBytes >= gcThreshold { try collectAtSafePoint() }
    }

    @inline(never)
    func collectAtSafePoint() throws(VMError) {
        guard gcRunning || options.gcStress else {
            gcThreshold = heapBytes * 2
            if heapBytes > options.heapLimitBytes { throw memoryError() }
            return
        }
        fullCollect()
        if heapBytes > options.heapLimitBytes { throw memoryError() }
    }

    public func memoryError() -> VMError {
        let v = Value.string(newString("not enough memory"))
        errorValue = v
        return VMError(kind: .error, value: v)
    }

    /// A full collection. Callers must be at a safe point.
    public func fullCollect() {
        var gray = GrayStack()
        defer { gray.free() }
        @inline(__always) func markValue(_ v: Value) {
            if v.tag >= Tag.string { markObject(v.pointer) }
        }
        @inline(__always) func markObject(_ p: UnsafeMutableRawPointer) {
            let h = p.assumingMemoryBound(to: GCHeader.self)
            if h.pointee.marked != 0 { return }
            h.pointee.marked = 1
            if h.pointee.kind != Tag.string { gray.push(p) }
        }
        // Roots.
        markObject(UnsafeMutableRawPointer(mainThread))
        markObject(UnsafeMutableRawPointer(current))
        markObject(UnsafeMutableRawPointer(registry))
        markObject(UnsafeMutableRawPointer(globals))
        for i in 0..<16 { if let m = typeMetatables[i] { markObject(UnsafeMutableRawPointer(m)) } }
        for i in 0..<TM.allCases.count { markObject(UnsafeMutableRawPointer(tmNames[i])) }
        for p in protos {
            for i in 0..<p.pointee.kCount { markValue(p.pointee.k[i]) }
        }
        for v in refs { markValue(v) }
        markValue(errorValue)
        // Propagate.
        while let p = gray.pop() {
            let h = p.assumingMemoryBound(to: GCHeader.self)
            switch h.pointee.kind {
            case Tag.table:
                let t = p.assumingMemoryBound(to: LTable.self)
                if let m = t.pointee.metatable { markObject(UnsafeMutableRawPointer(m)) }
                if let a = t.pointee.array {
                    for i in 0..<t.pointee.arraySize { markValue(a[i]) }
                }
                if let nodes = t.pointee.nodes {
                    // Keys of removed entries are marked too: `next` may still compare with them.
                    for i in 0..<t.pointee.nodeCapacity where !nodes[i].key.isNil {
                        markValue(nodes[i].key); markValue(nodes[i].value)
                    }
                }
            case Tag.luaClosure:
                let c = p.assumingMemoryBound(to: LClosure.self)
                let ups = LClosure.upvals(c)
                for i in 0..<c.pointee.upvalCount { markObject(UnsafeMutableRawPointer(ups[i])) }
            case Tag.nativeClosure:
                let c = p.assumingMemoryBound(to: NClosure.self)
                let ups = NClosure.upvals(c)
                for i in 0..<c.pointee.upvalCount { markValue(ups[i]) }
            case Tag.upvalue:
                let u = p.assumingMemoryBound(to: UpVal.self)
                // An open upvalue's value lives in a stack, marked with its thread; but the thread
                // may be unreachable while the upvalue is not (a dead coroutine's closure): mark it.
                markValue(u.pointee.v.pointee)
            case Tag.userdata:
                let u = p.assumingMemoryBound(to: LUserdata.self)
                if let m = u.pointee.metatable { markObject(UnsafeMutableRawPointer(m)) }
                markValue(u.pointee.userValue)
            case Tag.thread:
                let t = p.assumingMemoryBound(to: LThread.self)
                var top = t.pointee.top
                var ci: UnsafeMutablePointer<CallInfo>? = t.pointee.ci
                while let c = ci { top = max(top, c.pointee.topIdx); ci = c.pointee.previous }
                top = min(top, t.pointee.stackSize)
                let s = t.pointee.stack
                for i in 0..<top { markValue(s[i]) }
                // Dead slots above the in-use part may hold stale references: clear them.
                for i in top..<t.pointee.stackSize where s[i].tag != Tag.nil_ { s[i] = .nil }
                if let r = t.pointee.resumer { markObject(UnsafeMutableRawPointer(r)) }
                // Open upvalues stay in the thread's list until closed: keep them alive.
                var u = t.pointee.openUpvals
                while let up = u { markObject(UnsafeMutableRawPointer(up)); u = up.pointee.nextOpen }
                markValue(t.pointee.deathError)
            default:
                break
            }
        }
        // Sweep.
        sweepStringTable()
        var prev: UnsafeMutableRawPointer? = nil
        var cur = allObjects
        while let p = cur {
            let h = p.assumingMemoryBound(to: GCHeader.self)
            let next = h.pointee.next
            if h.pointee.marked != 0 {
                h.pointee.marked = 0
                prev = p
            } else {
                if let pr = prev { pr.assumingMemoryBound(to: GCHeader.self).pointee.next = next } else { allObjects = next }
                freeObject(p)
            }
            cur = next
        }
        collections += 1
        gcThreshold = options.gcStress ? 0 : max(heapBytes * Limits.gcPauseFactor, Limits.gcMinThresholdBytes)
    }

    /// Free one object and its out-of-line parts, updating the heap accounting.
    func freeObject(_ p: UnsafeMutableRawPointer) {
        let h = p.assumingMemoryBound(to: GCHeader.self)
        heapBytes -= Int(h.pointee.size)
        switch h.pointee.kind {
        case Tag.table:
            let t = p.assumingMemoryBound(to: LTable.self)
            if let a = t.pointee.array { a.deallocate(); heapBytes -= t.pointee.arraySize * MemoryLayout<Value>.stride }
            if let n = t.pointee.nodes { n.deallocate(); heapBytes -= t.pointee.nodeCapacity * MemoryLayout<Node>.stride }
        case Tag.thread:
            let t = p.assumingMemoryBound(to: LThread.self)
            heapBytes -= t.pointee.stackSize * MemoryLayout<Value>.stride
            VM.freeThread(t)
        case Tag.userdata:
            let u = p.assumingMemoryBound(to: LUserdata.self)
            if u.pointee.handle != 0 { releaseHandle(u.pointee.handle) }
        default:
            break
        }
        free(p)
    }

    /// Walk the heap and check its invariants; returns the problems found (empty = healthy).
    public func verifyHeap() -> [String] {
        var problems: [String] = []
        var known = Set<UInt>()
        var cur = allObjects
        while let p = cur {
            let h = p.assumingMemoryBound(to: GCHeader.self)
            if h.pointee.marked != 0 { problems.append("object \(p) left marked") }
            if h.pointee.kind < Tag.string || h.pointee.kind > Tag.upvalue { problems.append("object \(p) has bad kind \(h.pointee.kind)") }
            known.insert(UInt(bitPattern: p))
            cur = h.pointee.next
        }
        func check(_ v: Value, _ what: String) {
            if v.tag >= Tag.string && v.tag <= Tag.thread && !known.contains(UInt(v.payload)) {
                problems.append("\(what) refers to a freed object")
            }
        }
        for v in refs { check(v, "a LuaRef") }
        let g = globals!
        for i in 0..<g.pointee.nodeCapacity where !g.pointee.nodes![i].value.isNil {
            check(g.pointee.nodes![i].key, "a global key"); check(g.pointee.nodes![i].value, "a global")
        }
        let th = current!
        for i in 0..<th.pointee.top { check(th.pointee.stack[i], "stack slot \(i)") }
        for i in 0..<strBucketCount {
            var s = strBuckets[i]
            while let x = s {
                if !known.contains(UInt(bitPattern: x)) { problems.append("intern table holds a freed string") }
                if Int(x.pointee.hash) & (strBucketCount - 1) != i { problems.append("string in wrong bucket") }
                s = x.pointee.chain
            }
        }
        return problems
    }
}

/// The collector's work list: a malloc'd stack (no Swift array bookkeeping while marking).
struct GrayStack {
    var items: UnsafeMutablePointer<UnsafeMutableRawPointer>
    var count = 0
    var capacity = 1024
    init() { items = .allocate(capacity: 1024) }
    @inline(__always) mutating func push(_ p: UnsafeMutableRawPointer) {
        if count == capacity {
            let n = UnsafeMutablePointer<UnsafeMutableRawPointer>.allocate(capacity: capacity * 2)
            n.moveInitialize(from: items, count: count)
            items.deallocate()
            items = n
            capacity *= 2
        }
        items[count] = p
        count += 1
    }
    @inline(__always) mutating func pop() -> UnsafeMutableRawPointer? {
        if count == 0 { return nil }
        count -= 1
        return items[count]
    }
    func free() { items.deallocate() }
}
