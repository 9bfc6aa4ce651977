// Tables: an array part for keys 1...arraySize and an open-addressing (linear probing) hash part.
//
// Invariants: integer-valued float keys are stored as integers; nil and NaN are never keys;
// a key in 1...arraySize lives only in the array part; hash slots are empty (key nil) or hold a
// key (a key whose value became nil stays, so `next` can continue past it, until a rehash or
// until a new key needs its slot in a full part; if that key is an object the collector frees,
// it becomes Marker.deadKey, which equals no key and whose slot any new key may take);
// nodeUsed <= 3/4 nodeCapacity; `array` is nil iff arraySize == 0 and `nodes` iff nodeCapacity
// == 0, and both parts come from the VM's allocator (allocArrayPart...), freed with the same
// length they were made with; next() order is array part then hash slots, and assigning to
// existing fields never moves anything.

#if canImport(Glibc)
import Glibc
#endif

extension LTable {
    @inlinable @inline(__always) static func mix(_ x: UInt64) -> Int {
        var h = x
        h ^= h >> 33; h = h &* 0xff51afd7ed558ccd; h ^= h >> 33
        return Int(truncatingIfNeeded: h)
    }

    /// Hash of a (normalised, non-nil) key.
    @inlinable static func hashKey(_ k: Value) -> Int {
        if k.tag == Tag.string { return Int(LString.hashOf(k.str)) }
        return mix(k.payload &+ UInt64(k.tag))
    }

    @inlinable @inline(__always) static func keyEquals(_ a: Value, _ b: Value) -> Bool {
        if a.tag != b.tag { return false }
        if a.payload == b.payload { return true }
        return a.tag == Tag.string && LString.equalLong(a.str, b.str)
    }

    /// Slot index holding `key` in the hash part, or -1.
    @inlinable public static func findSlot(_ t: UnsafeMutablePointer<LTable>, _ key: Value) -> Int {
        let cap = t.pointee.nodeCapacity
        if cap == 0 { return -1 }
        let nodes = t.pointee.nodes!
        let mask = cap &- 1
        var i = hashKey(key) & mask
        while true {
            let k = nodes[i].key
            if k.tag == Tag.nil_ { return -1 }
            if keyEquals(k, key) { return i }
            i = (i &+ 1) & mask
        }
    }

    /// Short-string lookup (pointer equality): the fast path for fields and globals.
    @inlinable @inline(__always)
    public static func getShortStr(_ t: UnsafeMutablePointer<LTable>, _ s: UnsafeMutablePointer<LString>) -> Value {
        let cap = t.pointee.nodeCapacity
        if cap == 0 { return .nil }
        let nodes = t.pointee.nodes.unsafelyUnwrapped
        let mask = cap &- 1
        var i = Int(s.pointee.hash) & mask
        let bits = UInt64(UInt(bitPattern: s))
        while true {
            let k = nodes[i].key
            if k.payload == bits && k.tag == Tag.string { return nodes[i].value }
            if k.tag == Tag.nil_ { return .nil }
            i = (i &+ 1) & mask
        }
    }

    @inlinable @inline(__always)
    public static func getStr(_ t: UnsafeMutablePointer<LTable>, _ s: UnsafeMutablePointer<LString>) -> Value {
        if s.pointee.isShort { return getShortStr(t, s) }
        let i = findSlot(t, .string(s))
        return i < 0 ? .nil : t.pointee.nodes![i].value
    }

    @inlinable @inline(__always)
    public static func getInt(_ t: UnsafeMutablePointer<LTable>, _ key: Int64) -> Value {
        let idx = UInt64(bitPattern: key &- 1)
        if idx < UInt64(t.pointee.arraySize) { return t.pointee.array.unsafelyUnwrapped[Int(idx)] }
        let i = findIntSlot(t, key)
        return i < 0 ? .nil : t.pointee.nodes.unsafelyUnwrapped[i].value
    }

    /// Slot of integer key `key` in the hash part, or -1 (the integer-specialised findSlot).
    @inlinable
    public static func findIntSlot(_ t: UnsafeMutablePointer<LTable>, _ key: Int64) -> Int {
        let cap = t.pointee.nodeCapacity
        if cap == 0 { return -1 }
        let nodes = t.pointee.nodes.unsafelyUnwrapped
        let mask = cap &- 1
        let bits = UInt64(bitPattern: key)
        var i = mix(bits &+ UInt64(Tag.integer)) & mask
        while true {
            let k = nodes[i].key
            if k.payload == bits && k.tag == Tag.integer { return i }
            if k.tag == Tag.nil_ { return -1 }
            i = (i &+ 1) & mask
        }
    }

    /// Raw get with any key.
    @inlinable public static func get(_ t: UnsafeMutablePointer<LTable>, _ key: Value) -> Value {
        switch key.tag {
        case Tag.string: return getStr(t, key.str)
        case Tag.integer: return getInt(t, key.i)
        case Tag.nil_: return .nil
        case Tag.float:
            if let i = Value.floatToInt(key.f) { return getInt(t, i) }
            if key.f.isNaN { return .nil }
            fallthrough
        default:
            let i = findSlot(t, key)
            return i < 0 ? .nil : t.pointee.nodes![i].value
        }
    }

    /// The border (`#t` without __len), following the manual's rules.
    public static func length(_ t: UnsafeMutablePointer<LTable>) -> Int64 {
        let n = t.pointee.arraySize
        if n > 0 && t.pointee.array![n - 1].isNil {
            let a = t.pointee.array!
            // The hint, or one step from it, is usually still a border.
            let h = t.pointee.lenHint
            if h < n {
                if (h == 0 || !a[h - 1].isNil) && a[h].isNil { return Int64(h) }
                if !a[h].isNil && a[h + 1].isNil { t.pointee.lenHint = h + 1; return Int64(h + 1) }
                if h > 0 && a[h - 1].isNil && (h == 1 || !a[h - 2].isNil) { t.pointee.lenHint = h - 1; return Int64(h - 1) }
            }
            // Binary search for a border inside the array part: a[lo] non-nil (or lo == 0), a[hi] nil.
            var lo = 0, hi = n
            while hi - lo > 1 {
                let m = (lo + hi) / 2
                if a[m - 1].isNil { hi = m } else { lo = m }
            }
            t.pointee.lenHint = lo
            return Int64(lo)
        }
        if t.pointee.nodeCapacity == 0 { return Int64(n) }
        var j = Int64(n) + 1
        if getInt(t, j).isNil { return Int64(n) }
        var i = j
        while !getInt(t, j).isNil {
            i = j
            if j > Int64.max / 2 {
                // Pathological table: linear search like lua does.
                var k: Int64 = 1
                while !getInt(t, k).isNil { k += 1 }
                return k - 1
            }
            j *= 2
        }
        while j - i > 1 {
            let m = (i + j) / 2
            if getInt(t, m).isNil { j = m } else { i = m }
        }
        return i
    }
}

extension VM {
    public func newTable(narray: Int = 0, nhash: Int = 0) -> UnsafeMutablePointer<LTable> {
        let t = allocObject(kind: Tag.table, size: MemoryLayout<LTable>.stride).assumingMemoryBound(to: LTable.self)
        t.pointee.absentFlags = 0
        t.pointee.metatable = nil
        t.pointee.array = nil
        t.pointee.arraySize = 0
        t.pointee.nodes = nil
        t.pointee.nodeCapacity = 0
        t.pointee.nodeUsed = 0
        t.pointee.lenHint = 0
        if narray > 0 { resizeArray(t, narray) }
        if nhash > 0 { resizeHash(t, LTable.capacityFor(nhash)) }
        return t
    }

    // The parts' memory: the one place that turns a part's length into its byte size, for
    // the allocator (which needs the same size back at free) and nowhere else.
    @inline(__always) func allocArrayPart(_ n: Int) -> UnsafeMutablePointer<Value> {
        small.allocate(n * MemoryLayout<Value>.stride).bindMemory(to: Value.self, capacity: n)
    }
    @inline(__always) func freeArrayPart(_ a: UnsafeMutablePointer<Value>, _ n: Int) {
        small.free(UnsafeMutableRawPointer(a), n * MemoryLayout<Value>.stride)
    }
    @inline(__always) func allocNodePart(_ n: Int) -> UnsafeMutablePointer<Node> {
        small.allocate(n * MemoryLayout<Node>.stride).bindMemory(to: Node.self, capacity: n)
    }
    @inline(__always) func freeNodePart(_ p: UnsafeMutablePointer<Node>, _ n: Int) {
        small.free(UnsafeMutableRawPointer(p), n * MemoryLayout<Node>.stride)
    }

    func resizeArray(_ t: UnsafeMutablePointer<LTable>, _ n: Int) {
        let old = t.pointee.arraySize
        let na = n > 0 ? allocArrayPart(n) : nil  // an empty part is no part
        if let a = t.pointee.array {
            na?.moveInitialize(from: a, count: min(old, n))
            freeArrayPart(a, old)
        }
        if n > old { (na! + old).initialize(repeating: .nil, count: n - old) }
        t.pointee.array = na
        t.pointee.arraySize = n
        heapBytes += (n - old) * MemoryLayout<Value>.stride
    }

    func resizeHash(_ t: UnsafeMutablePointer<LTable>, _ cap: Int) {
        let oldNodes = t.pointee.nodes
        let oldCap = t.pointee.nodeCapacity
        if cap > 0 {
            let nn = allocNodePart(cap)
            nn.initialize(repeating: Node(key: .nil, value: .nil), count: cap)
            t.pointee.nodes = nn
        } else {
            t.pointee.nodes = nil
        }
        t.pointee.nodeCapacity = cap
        t.pointee.nodeUsed = 0
        heapBytes += (cap - oldCap) * MemoryLayout<Node>.stride
        if let on = oldNodes {
            for i in 0..<oldCap where !on[i].value.isNil {
                rawInsertNew(t, on[i].key, on[i].value)
            }
            freeNodePart(on, oldCap)
        }
    }

    /// Insert a key known to be absent, with room guaranteed (used by rehash).
    func rawInsertNew(_ t: UnsafeMutablePointer<LTable>, _ key: Value, _ val: Value) {
        if key.tag == Tag.integer {
            let idx = UInt64(bitPattern: key.i &- 1)
            if idx < UInt64(t.pointee.arraySize) { t.pointee.array![Int(idx)] = val; return }
        }
        let mask = t.pointee.nodeCapacity - 1
        let nodes = t.pointee.nodes!
        var i = LTable.hashKey(key) & mask
        while nodes[i].key.tag != Tag.nil_ { i = (i &+ 1) & mask }
        nodes[i] = Node(key: key, value: val)
        t.pointee.nodeUsed += 1
    }

    /// Raw set. Errors: nil key, NaN key (lua's messages).
    public func rawSet(_ t: UnsafeMutablePointer<LTable>, _ key: Value, _ val: Value) throws(VMError) {
        switch key.tag {
        case Tag.integer:
            rawSetInt(t, key.i, val); return
        case Tag.nil_:
            throw runtimeError("table index is nil")
        case Tag.float:
            if let i = Value.floatToInt(key.f) { rawSetInt(t, i, val); return }
            if key.f.isNaN { throw runtimeError("table index is NaN") }
        case Tag.string:
            _ = LString.hashOf(key.str)
        default: break
        }

        rawSetHash(t, key, val)
    }

    @inline(__always)
    public func rawSetInt(_ t: UnsafeMutablePointer<LTable>, _ key: Int64, _ val: Value) {
        let idx = UInt64(bitPattern: key &- 1)
        if idx < UInt64(t.pointee.arraySize) { t.pointee.array![Int(idx)] = val; return }
        rawSetHash(t, .integer(key), val)
    }

    public func rawSetStr(_ t: UnsafeMutablePointer<LTable>, _ key: UnsafeMutablePointer<LString>, _ val: Value) {
        _ = LString.hashOf(key)
        rawSetHash(t, .string(key), val)
    }

    /// Set a normalised, non-nil, non-array key in the hash part.
    func rawSetHash(_ t: UnsafeMutablePointer<LTable>, _ key: Value, _ val: Value) {
        let cap = t.pointee.nodeCapacity
        if cap > 0 {
            let nodes = t.pointee.nodes!
            let mask = cap &- 1
            var i = LTable.hashKey(key) & mask
            // Slots on the probe path a new key may take: one whose key the collector freed
            // (Marker.deadKey), else, only when the part is full, one whose key's value is nil.
            // Such a removed key stays findable while there is room, as in lua (an object's
            // field set to nil and back is overwritten in place, not added again each time).
            var dead = -1, removed = -1
            while true {
                let k = nodes[i].key
                if k.tag == Tag.nil_ { break }
                if LTable.keyEquals(k, key) { nodes[i].value = val; if !val.isNil { t.pointee.absentFlags = 0 }; return }
                if nodes[i].value.isNil {
                    if k.tag == Marker.deadKey.tag && k.payload == Marker.deadKey.payload { if dead < 0 { dead = i } }
                    else if removed < 0 { removed = i }
                }
                i = (i &+ 1) & mask
            }
            if val.isNil { return }
            t.pointee.absentFlags = 0
            if dead >= 0 { nodes[dead] = Node(key: key, value: val); return }
            if (t.pointee.nodeUsed + 1) * 4 <= cap * 3 {
                nodes[i] = Node(key: key, value: val)
                t.pointee.nodeUsed += 1
                return
            }
            if removed >= 0 { nodes[removed] = Node(key: key, value: val); return }
        } else if val.isNil {
            return
        }
        t.pointee.absentFlags = 0
        rehash(t, extraKey: key)
        // After the rehash the key may belong to the array part.
        if key.tag == Tag.integer {
            let idx = UInt64(bitPattern: key.i &- 1)
            if idx < UInt64(t.pointee.arraySize) { t.pointee.array![Int(idx)] = val; return }
        }
        rawInsertNew(t, key, val)
    }

    /// Resize both parts for the current contents plus `extraKey` (lua's "more than half used"
    /// rule for the array size).
    func rehash(_ t: UnsafeMutablePointer<LTable>, extraKey: Value) {
        // nums[b]: number of integer keys k with 2^(b-1) < k <= 2^b.
        var nums = [Int](repeating: 0, count: 65)
        var total = 0
        func countInt(_ k: Int64) {
            if k >= 1 && k <= Int64(1) << 40 {
                let b = k == 1 ? 0 : (64 - (k - 1).leadingZeroBitCount)
                nums[b] += 1
            }
        }
        if let a = t.pointee.array {
            for i in 0..<t.pointee.arraySize where !a[i].isNil { countInt(Int64(i + 1)); total += 1 }
        }
        if let nodes = t.pointee.nodes {
            for i in 0..<t.pointee.nodeCapacity where !nodes[i].value.isNil {
                if nodes[i].key.tag == Tag.integer { countInt(nodes[i].key.i) }
                total += 1
            }
        }
        if extraKey.tag == Tag.integer { countInt(extraKey.i) }
        total += 1
        // Optimal array size: the largest power of two n with more than n/2 keys in 1...n.
        var a = 0, na = 0, optimal = 0
        var twoToB = 1
        for b in 0..<65 {
            a += nums[b]
            if a > twoToB / 2 { optimal = twoToB; na = a }
            if b >= 40 { break }
            twoToB *= 2
        }
        let hashCount = total - na
        // Move array entries that no longer fit into the hash part when shrinking.
        let oldSize = t.pointee.arraySize
        var spill: [(Int64, Value)] = []
        if optimal < oldSize, let arr = t.pointee.array {
            for i in optimal..<oldSize where !arr[i].isNil { spill.append((Int64(i + 1), arr[i])) }
        }
        if optimal != oldSize {
            if optimal > oldSize { resizeArray(t, optimal) }
        }
        resizeHash(t, LTable.capacityFor(hashCount))
        if optimal < oldSize { resizeArray(t, optimal) }
        for (k, v) in spill { rawInsertNew(t, .integer(k), v) }
    }

    /// lua's `next`: the entry after `key` (nil: the first), or nil at the end.
    public func next(_ t: UnsafeMutablePointer<LTable>, _ key: Value) throws(VMError) -> (Value, Value)? {
        let p = LTable.nextPosition(t, after: key)
        if p == LTable.invalidNextKey { throw runtimeError("invalid key to 'next'") }
        return p < 0 ? nil : LTable.entry(t, at: p)
    }
}

extension LTable {
    /// nextPosition's answer for a key that is not in the table (next raises "invalid key").
    public static let invalidNextKey = -2

    /// The traversal position of the first entry after `key` (nil: the first of all) that holds
    /// a value: an array index (0..<arraySize), then arraySize + a hash slot. -1 when none is
    /// left; `invalidNextKey` when `key` is not in the table. `next` steps with it, and so does
    /// compiled code's generic for (the method JIT's tableNext, then its entry loads).
    public static func nextPosition(_ t: UnsafeMutablePointer<LTable>, after key: Value) -> Int {
        var idx = 0  // position to start scanning
        let asize = t.pointee.arraySize
        var key = key
        if key.tag == Tag.float, let i = Value.floatToInt(key.f) { key = .integer(i) }
        if key.isNil {
            idx = 0
        } else if key.tag == Tag.integer && key.i >= 1 && key.i <= Int64(asize) {
            idx = Int(key.i)
        } else {
            let s = findSlot(t, key)
            if s < 0 { return invalidNextKey }
            idx = asize + s + 1
        }
        if let a = t.pointee.array {
            while idx < asize {
                if !a[idx].isNil { return idx }
                idx += 1
            }
        }
        var s = idx - asize
        let cap = t.pointee.nodeCapacity
        if let nodes = t.pointee.nodes {
            while s < cap {
                if !nodes[s].value.isNil { return asize + s }
                s += 1
            }
        }
        return -1
    }

    /// The key and the value at a position nextPosition answered (>= 0).
    public static func entry(_ t: UnsafeMutablePointer<LTable>, at p: Int) -> (Value, Value) {
        let asize = t.pointee.arraySize
        if p < asize { return (.integer(Int64(p + 1)), t.pointee.array![p]) }
        let n = t.pointee.nodes![p - asize]
        return (n.key, n.value)
    }
}

extension LTable {
    /// Hash capacity (power of two) holding n keys at <= 3/4 load.
    static func capacityFor(_ n: Int) -> Int {
        if n == 0 { return 0 }
        var c = 4
        while c * 3 < n * 4 { c *= 2 }
        return c
    }
}

extension VM {
    /// Grow the array part to at least n slots (setList), moving hash entries that now belong
    /// to the array part.
    public func ensureArray(_ t: UnsafeMutablePointer<LTable>, _ n: Int) {
        let old = t.pointee.arraySize
        if n <= old { return }
        resizeArray(t, n)
        if let nodes = t.pointee.nodes {
            for j in 0..<t.pointee.nodeCapacity where nodes[j].key.tag == Tag.integer && !nodes[j].value.isNil {
                let key = nodes[j].key.i
                if key > Int64(old) && key <= Int64(n) {
                    t.pointee.array![Int(key - 1)] = nodes[j].value
                    nodes[j].value = .nil
                }
            }
        }
    }
}
