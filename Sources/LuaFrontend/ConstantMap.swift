// The constant-table index of one function: a constant's kind and 64-bit payload to its index.
//
// A small open-addressing hash table on plain integers (no Hasher, no Constant hashing, no
// byte-array payloads): strings are keyed by their StringTable id, numbers by their bits.
// Invariants: `entries` is empty or has a power-of-two size and is at most half full; an
// entry with index < 0 is free.

struct ConstantMap {
    enum Tag: UInt32 { case `nil`, boolean, integer, float, string }
    /// A constant as the frontend keeps it: strings by StringTable id, others by their bits.
    struct Key {
        var tag: Tag
        var bits: UInt64
    }

    private struct Entry {
        var key: UInt64
        var tag: UInt32
        var index: Int32
    }
    private var entries: [Entry] = []
    private var count = 0

    @inline(__always)
    private static func slot(_ tag: Tag, _ key: UInt64, _ mask: Int) -> Int {
        let h = (key ^ (UInt64(tag.rawValue) << 59)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: h >> 32) & mask
    }

    func find(_ tag: Tag, _ key: UInt64) -> Int? {
        if entries.isEmpty { return nil }
        return entries.withUnsafeBufferPointer { e in
            let mask = e.count - 1
            var i = ConstantMap.slot(tag, key, mask)
            while true {
                let x = e[i]
                if x.index < 0 { return nil }
                if x.key == key && x.tag == tag.rawValue { return Int(x.index) }
                i = (i + 1) & mask
            }
        }
    }

    /// Records a constant that `find` did not find.
    mutating func insert(_ tag: Tag, _ key: UInt64, _ index: Int) {
        assert(find(tag, key) == nil)
        if (count + 1) * 2 > entries.count { grow() }
        place(Entry(key: key, tag: tag.rawValue, index: Int32(index)))
        count += 1
    }

    private mutating func place(_ x: Entry) {
        let mask = entries.count - 1
        var i = ConstantMap.slot(Tag(rawValue: x.tag)!, x.key, mask)
        while entries[i].index >= 0 { i = (i + 1) & mask }
        entries[i] = x
    }

    private mutating func grow() {
        let old = entries
        entries = Array(repeating: Entry(key: 0, tag: 0, index: -1), count: max(16, old.count * 2))
        for x in old where x.index >= 0 { place(x) }
    }
}
