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
// Roots: every coroutine stack up to its innermost frame's top (a Lua frame: its whole register
// window, or at its own allocation safe points its live registers; a native frame: the stack
// top; the rest is cleared to nil), open upvalues (through
// their stacks), the registry, globals, basic-type metatables, interned metamethod names,
// anchored LuaRefs, the error value in flight, objects awaiting their
// finalizer, the finalizer thread and the threads it interrupted (GC+Finalizers.swift).
//
// Protos are not objects of the sweep list: a live Lua closure marks its proto (its constants,
// its nested protos), and sweepProtos frees the rest.
//
// Order of a cycle (manual §2.5.3-4): mark and converge ephemerons (GC+Mark.swift); clear weak
// values; queue unreachable objects marked for finalization and resurrect them; converge again;
// clear weak keys, then weak values of tables met since; forget removed entries' dead keys; sweep.
//
// Stress mode (--gc-stress, options.gcStress): the threshold stays 0, so *every* safe point
// collects. That is what "collect at every allocation" means here: allocation sites themselves
// are not safe points (a Swift helper may hold unrooted values there), but every allocating
// instruction is followed by one, so no object survives a safe point unless it is reachable.
//
// Pacing: after a collection the next one is due when the heap reaches gcPauseFactor x live.
// collectgarbage("step") credits work instead, and collects when the credit covers the heap
// (gcStep).

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
        try runPendingFinalizers()
    }

    public func memoryError() -> VMError {
        let v = Value.string(newString("not enough memory"))
        errorValue = v
        return VMError(kind: .error, value: v)
    }

    /// A full collection. Callers must be at a safe point. Finalizers it makes due run later
    /// (runPendingFinalizers), never inside it.
    public func fullCollect() {
        var m = Marker(modeName: tmNames[Int(TM.mode.rawValue)])
        defer { m.free() }
        markRoots(&m)
        m.converge()
        // Weak values referring to objects about to be resurrected are cleared first; weak keys
        // only after resurrection (manual §2.5.4).
        Marker.clearByValues(m.weakValues, from: 0)
        Marker.clearByValues(m.allWeak, from: 0)
        let seenWeak = m.weakValues.count, seenAllWeak = m.allWeak.count
        separateUnreachedFinalizable(&m)
        m.converge()
        Marker.clearByKeys(m.ephemerons)
        Marker.clearByKeys(m.allWeak)
        Marker.clearByValues(m.weakValues, from: seenWeak)
        Marker.clearByValues(m.allWeak, from: seenAllWeak)
        Marker.clearDeadKeys(m.withDeadKeys)
        // Sweep.
        sweepProtos()
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
        // A cycle ends the credit steps gathered for it; stress collections are extra work the
        // program's pacing does not see, so steps count the same with and without them.
        if !options.gcStress { gcx.stepCredit = 0 }
        gcThreshold = options.gcStress ? 0 : max(heapBytes * Limits.gcPauseFactor, Limits.gcMinThresholdBytes)
    }

    /// collectgarbage("step", kb): the stop-the-world collector's honest equivalent of lua's
    /// incremental step. Each step credits work (kb KB, or a basic step for 0; none when negative),
    /// scaled by the step multiplier; a cycle costs the heap's size (every byte is marked or
    /// swept) and runs once the credit since the last cycle covers it. True when this step ended
    /// a cycle, as lua answers. Callers must be at a safe point and run due finalizers after.
    public func gcStep(kilobytes kb: Int64) -> Bool {
        if kb < 0 { return false }
        let bytes = kb == 0 ? Limits.gcBasicStepBytes : Int(min(kb, Int64(Int.max >> 20)) * 1024)
        let (scaled, overflow) = (bytes / 100).multipliedReportingOverflow(by: max(gcx.stepMul, 1))
        let credit = overflow ? Int.max : scaled
        gcx.stepCredit = gcx.stepCredit > Int.max - credit ? Int.max : gcx.stepCredit + credit
        if gcx.stepCredit < heapBytes { return false }
        fullCollect()
        gcx.stepCredit = 0
        return true
    }

    /// Free the protos no live closure needs; the others keep their load order (and get their
    /// new index as id).
    func sweepProtos() {
        var kept = 0
        for i in 0..<protos.count {
            let p = protos[i]
            if p.pointee.marked {
                p.pointee.marked = false
                p.pointee.id = kept
                protos[kept] = p
                protoInfo[kept] = protoInfo[i]
                kept += 1
            } else {
                heapBytes -= p.pointee.heapBytes
                if p.pointee.jitRecord >= 0 { tier?.protoFreed(p) }
                profiler?.protoFreed(p)
                freedBytecodeCounts.add(p)
                Proto.free(p)
            }
        }
        protos.removeLast(protos.count - kept)
        protoInfo.removeLast(protoInfo.count - kept)
    }

    /// Free one object and its out-of-line parts back to the VM's allocator (Allocator.swift),
    /// updating the heap accounting. Inlined into the sweep loop: -1% instructions on binary_trees.
    @inline(__always) func freeObject(_ p: UnsafeMutableRawPointer) {
        let h = p.assumingMemoryBound(to: GCHeader.self)
        heapBytes -= Int(h.pointee.size)
        switch h.pointee.kind {
        case Tag.table:
            let t = p.assumingMemoryBound(to: LTable.self)
            if let a = t.pointee.array { freeArrayPart(a, t.pointee.arraySize); heapBytes -= t.pointee.arraySize * MemoryLayout<Value>.stride }
            if let n = t.pointee.nodes { freeNodePart(n, t.pointee.nodeCapacity); heapBytes -= t.pointee.nodeCapacity * MemoryLayout<Node>.stride }
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
        small.free(p, Int(h.pointee.size))
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
        // Every table entry, removed ones included (weak-table clearing must leave no stale key).
        cur = allObjects
        while let p = cur {
            let h = p.assumingMemoryBound(to: GCHeader.self)
            if h.pointee.kind == Tag.table {
                let t = p.assumingMemoryBound(to: LTable.self)
                if let a = t.pointee.array { for i in 0..<t.pointee.arraySize { check(a[i], "an array slot") } }
                if let n = t.pointee.nodes {
                    for i in 0..<t.pointee.nodeCapacity { check(n[i].key, "a table key"); check(n[i].value, "a table value") }
                }
                if let m = t.pointee.metatable, !known.contains(UInt(bitPattern: m)) { problems.append("a metatable was freed") }
            }
            cur = h.pointee.next
        }
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
