// The collector's mark phase: the gray stack, object traversal, and weak tables (manual §2.5.4).
//
// Invariants:
// - An object is black or gray iff its header's `marked` is non-zero; strings are never gray
//   (they have no children).
// - A table's weakness is decided when it is traversed, from its metatable's `__mode` string at
//   that moment ('k' weak keys = ephemeron table, 'v' weak values, both = all-weak).
// - Strings are values for weakness: a string key or value in a weak table is always marked
//   (while its entry is there: a removed entry marks no key, in any table).
// - A weak table's hash entry whose key dies is cleared by setting its value to nil and its key to
//   `Marker.deadKey`: a non-collectable sentinel no real key equals, so the probe chain stays
//   intact, nothing dereferences the freed key, and a later insert may reuse the slot. A dead
//   entry is never visited by `next` (its value is nil) and is dropped at the next rehash.
// - Entries are only ever cleared (value := nil), never moved, so a `next` traversal in progress
//   stays valid across a collection.

extension VM {
    /// Mark everything reachable from the roots, including the ephemeron fixpoint.
    func markRoots(_ m: inout Marker) {
        m.markObject(UnsafeMutableRawPointer(mainThread))
        m.markObject(UnsafeMutableRawPointer(current))
        m.markObject(UnsafeMutableRawPointer(registry))
        m.markObject(UnsafeMutableRawPointer(globals))
        for i in 0..<16 { if let t = typeMetatables[i] { m.markObject(UnsafeMutableRawPointer(t)) } }
        for i in 0..<TM.allCases.count { m.markObject(UnsafeMutableRawPointer(tmNames[i])) }
        for v in refs { m.markValue(v) }
        m.markValue(errorValue)
        markFinalizerRoots(&m)
        if let t = tier { for p in t.protosCodeNeeds { m.markProto(p) } }
    }
}

/// Mark-phase state: the gray stack and the weak tables met while traversing.
struct Marker {
    var gray = GrayStack()
    /// Tables with weak values only, with weak keys only (ephemerons), and with both.
    var weakValues: [UnsafeMutablePointer<LTable>] = []
    var ephemerons: [UnsafeMutablePointer<LTable>] = []
    var allWeak: [UnsafeMutablePointer<LTable>] = []
    /// Tables with removed entries (nil value) whose keys are collectable (strings too): such keys are not marked
    /// (a removed entry keeps nothing alive, as in lua); dead ones become `deadKey` after marking.
    var withDeadKeys: [UnsafeMutablePointer<LTable>] = []
    /// The interned "__mode" string.
    let modeName: UnsafeMutablePointer<LString>

    /// The key left in a hash slot whose key object died (see the file header).
    @inline(__always) static var deadKey: Value { Value(payload: UInt64.max, tag: Tag.lightNative) }

    init(modeName: UnsafeMutablePointer<LString>) { self.modeName = modeName }
    func free() { gray.free() }

    @inline(__always) static func isMarked(_ p: UnsafeMutableRawPointer) -> Bool {
        p.assumingMemoryBound(to: GCHeader.self).pointee.marked != 0
    }

    /// Whether a weak reference to `v` is cleared: a collectable, non-string, unmarked object.
    @inline(__always) static func isDead(_ v: Value) -> Bool {
        v.tag > Tag.string && !isMarked(v.pointer)
    }

    @inline(__always) mutating func markValue(_ v: Value) {
        if v.tag >= Tag.string { markObject(v.pointer) }
    }

    @inline(__always) mutating func markObject(_ p: UnsafeMutableRawPointer) {
        let h = p.assumingMemoryBound(to: GCHeader.self)
        if h.pointee.marked != 0 { return }
        h.pointee.marked = 1
        if h.pointee.kind != Tag.string { gray.push(p) }
    }

    /// Traverse gray objects until none is left.
    mutating func propagate() {
        while let p = gray.pop() { traverse(p) }
    }

    /// A live closure's proto stays, with its constants and the protos nested in it (closures of
    /// those can still be made).
    mutating func markProto(_ p: UnsafeMutablePointer<Proto>) {
        if p.pointee.marked { return }
        p.pointee.marked = true
        for i in 0..<p.pointee.kCount { markValue(p.pointee.k[i]) }
        for i in 0..<p.pointee.childCount { markProto(p.pointee.children[i]) }
    }

    mutating func traverse(_ p: UnsafeMutableRawPointer) {
        let h = p.assumingMemoryBound(to: GCHeader.self)
        switch h.pointee.kind {
        case Tag.table:
            traverseTable(p.assumingMemoryBound(to: LTable.self))
        case Tag.luaClosure:
            let c = p.assumingMemoryBound(to: LClosure.self)
            let ups = LClosure.upvals(c)
            for i in 0..<c.pointee.upvalCount { markObject(UnsafeMutableRawPointer(ups[i])) }
            markProto(c.pointee.proto)
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
            // Live slots: everything below the innermost frame's top. A frame's values all sit
            // below the function slot of the frame it calls, so the register windows of outer
            // frames above that point hold only dead temporaries (as in lua, whose collector
            // marks up to the stack top): marking them would keep garbage alive.
            var top = t.pointee.top
            let inner = t.pointee.ci
            // An innermost Lua frame keeps its whole window, unless its safe point said which of
            // its registers are live (CallStatus.liveTop: the thread's top).
            if inner.pointee.status & (CallStatus.lua | CallStatus.liveTop) == CallStatus.lua {
                top = max(top, inner.pointee.topIdx)
            }
            // Pending to-be-closed variables are live, also those of frames an error unwound
            // (waiting for the pcall or coroutine.close that closes them).
            if t.pointee.tbcCount > 0 { top = max(top, t.pointee.tbc![t.pointee.tbcCount - 1] + 1) }
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

    /// The weakness of table `t` now: (weak keys, weak values).
    func weakness(_ t: UnsafeMutablePointer<LTable>) -> (Bool, Bool) {
        guard let mt = t.pointee.metatable else { return (false, false) }
        let mode = LTable.getShortStr(mt, modeName)
        if mode.tag != Tag.string { return (false, false) }
        var k = false, v = false
        for b in LString.buffer(mode.str) {
            if b == UInt8(ascii: "k") { k = true } else if b == UInt8(ascii: "v") { v = true }
        }
        return (k, v)
    }

    mutating func traverseTable(_ t: UnsafeMutablePointer<LTable>) {
        if let m = t.pointee.metatable { markObject(UnsafeMutableRawPointer(m)) }
        let (wk, wv) = weakness(t)
        var removedObjectKeys = false
        defer { if removedObjectKeys { withDeadKeys.append(t) } }
        if !wk && !wv {
            if let a = t.pointee.array {
                for i in 0..<t.pointee.arraySize { markValue(a[i]) }
            }
            if let nodes = t.pointee.nodes {
                for i in 0..<t.pointee.nodeCapacity where !nodes[i].key.isNil {
                    let k = nodes[i].key
                    if nodes[i].value.isNil {
                        // A removed entry: its key is not marked, only remembered (a `next` in
                        // progress holds it; otherwise clearDeadKeys turns it into deadKey).
                        if k.tag >= Tag.string { removedObjectKeys = true }
                        continue
                    }
                    markValue(k); markValue(nodes[i].value)
                }
            }
            return
        }
        // Array part: integer keys are never collected, so only weak values matter.
        if let a = t.pointee.array {
            for i in 0..<t.pointee.arraySize {
                let v = a[i]
                if !wv || v.tag == Tag.string { markValue(v) }
            }
        }
        if let nodes = t.pointee.nodes {
            for i in 0..<t.pointee.nodeCapacity {
                let k = nodes[i].key, v = nodes[i].value
                if k.isNil { continue }
                if v.isNil {
                    if k.tag >= Tag.string { removedObjectKeys = true }
                    continue
                }
                if !wk || k.tag == Tag.string { markValue(k) }
                if v.tag == Tag.string { markValue(v); continue }
                // Ephemeron: the value is strong only while its key is alive.
                if !wv && (!wk || !Marker.isDead(k)) { markValue(v) }
            }
        }
        if wk && wv { allWeak.append(t) } else if wk { ephemerons.append(t) } else { weakValues.append(t) }
    }

    /// Propagate, then mark ephemeron values whose keys became reachable, until nothing changes.
    mutating func converge() {
        propagate()
        var changed = true
        while changed {
            changed = false
            var i = 0
            while i < ephemerons.count {
                let t = ephemerons[i]
                i += 1
                guard let nodes = t.pointee.nodes else { continue }
                for j in 0..<t.pointee.nodeCapacity {
                    let v = nodes[j].value
                    if v.tag >= Tag.string && !Marker.isMarked(v.pointer) && !Marker.isDead(nodes[j].key) {
                        markObject(v.pointer)
                        changed = true
                    }
                }
                propagate()
            }
        }
    }

    /// Clear entries of `tables[from...]` whose values died (array and hash parts).
    static func clearByValues(_ tables: [UnsafeMutablePointer<LTable>], from: Int) {
        var i = from
        while i < tables.count {
            let t = tables[i]
            i += 1
            if let a = t.pointee.array {
                for j in 0..<t.pointee.arraySize where isDead(a[j]) { a[j] = .nil }
            }
            if let nodes = t.pointee.nodes {
                for j in 0..<t.pointee.nodeCapacity where isDead(nodes[j].value) {
                    nodes[j].value = .nil
                    if isDead(nodes[j].key) { nodes[j].key = deadKey }
                }
            }
        }
    }

    /// Turn the dead keys of removed entries into `deadKey` (before the sweep frees them).
    static func clearDeadKeys(_ tables: [UnsafeMutablePointer<LTable>]) {
        for t in tables {
            guard let nodes = t.pointee.nodes else { continue }
            // Strings included: a removed entry must not keep its key string alive (lua frees
            // it too), and no lookup may compare against a freed string's bytes.
            for j in 0..<t.pointee.nodeCapacity
            where nodes[j].value.isNil && nodes[j].key.tag >= Tag.string && !isMarked(nodes[j].key.pointer) {
                nodes[j].key = deadKey
            }
        }
    }

    /// Clear entries of `tables` whose keys died.
    static func clearByKeys(_ tables: [UnsafeMutablePointer<LTable>]) {
        for t in tables {
            guard let nodes = t.pointee.nodes else { continue }
            for j in 0..<t.pointee.nodeCapacity where isDead(nodes[j].key) {
                nodes[j].value = .nil
                nodes[j].key = deadKey
            }
        }
    }
}
