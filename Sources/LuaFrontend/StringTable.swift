// The strings of one compilation (names and string literals), interned: equal bytes, equal id.
//
// The lexer interns every name and literal straight from the source bytes, so the parser and
// code generator compare and hash small integers, never Swift Strings or byte arrays; a Swift
// String or byte array is made once per distinct string, and only where the output needs one.
// Invariants: ids are dense from 0 in order of first appearance; ids 0..<TokenKind.reservedCount
// are the reserved words (so a name's id tells whether it is one) and the next ones are the
// `Fixed` names; id i spans arena[offsets[i]..<offsets[i+1]]; `slots` has a power-of-two size,
// is at most half full, and holds id+1 (0: empty); the arena has 8 zeroed spare bytes. All storage is plain memory owned by the
// lexer, freed by release() (so copying the struct costs nothing and aliases the table).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

typealias StringID = Int32

struct StringTable {
    // No default values: each init allocates these exactly once (a default would leak).
    private var arena: PodBuffer<UInt8>
    private var offsets: PodBuffer<Int>
    private var hashes: PodBuffer<UInt64>
    private var slots: UnsafeMutablePointer<Int32>
    private var slotCount: Int

    /// Names the frontend itself uses, interned right after the reserved words.
    enum Fixed {
        static var env: StringID { StringID(TokenKind.reservedCount) }
        static var forState: StringID { env + 1 }
        static var selfName: StringID { env + 2 }
        static var const: StringID { env + 3 }
        static var close: StringID { env + 4 }
        /// The pending label of a `break` (never a goto's: `break` is a reserved word).
        static var breakLabel: StringID { 1 }
        static let spellings = ["_ENV", "(for state)", "self", "const", "close"]
    }

    /// A table holding the reserved words and fixed names: a copy of one built once.
    init() {
        let t = StringTable.initial
        arena = t.arena.copy()
        offsets = t.offsets.copy()
        hashes = t.hashes.copy()
        slotCount = t.slotCount
        slots = UnsafeMutablePointer<Int32>.allocate(capacity: slotCount)
        slots.initialize(from: t.slots, count: slotCount)
    }

    /// The initial contents, built once per process and never released; nonisolated(unsafe) is
    /// sound because it is only read (copied) after its thread-safe lazy initialisation.
    nonisolated(unsafe) private static let initial = StringTable(building: ())

    private init(building: ()) {
        arena = PodBuffer(capacity: 4096)
        offsets = PodBuffer(capacity: 256)
        hashes = PodBuffer(capacity: 256)
        slotCount = 256
        slots = UnsafeMutablePointer<Int32>.allocate(capacity: slotCount)
        slots.initialize(repeating: 0, count: slotCount)
        offsets.append(0)
        for k in 0..<TokenKind.reservedCount {
            let s = Array(TokenKind.reservedKind(StringID(k)).text.utf8)
            let id = intern(s)
            assert(id == StringID(k), "reserved words must get ids 0..<reservedCount")
        }
        for (i, s) in Fixed.spellings.enumerated() {
            let id = intern(Array(s.utf8))
            assert(id == Fixed.env + StringID(i), "fixed names follow the reserved words")
        }
        assert(Fixed.breakLabel == TokenKind.reservedID("break"))
    }

    /// Frees the table's memory; it is not used afterwards.
    func release() {
        arena.release(); offsets.release(); hashes.release(); slots.deallocate()
    }

    var count: Int { hashes.count }

    @inline(__always)
    private static func seed(_ n: Int) -> UInt64 { 0x9E37_79B9_7F4A_7C15 &* UInt64(truncatingIfNeeded: n &+ 1) }

    @inline(__always)
    private static func mix(_ h: UInt64, _ w: UInt64) -> UInt64 {
        let m = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
        return m ^ (m >> 29)
    }

    /// The hash of `n` bytes: a mix of their 8-byte little-endian words, the last one
    /// zero-extended (internPadded computes the same value with one masked load).
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        let raw = UnsafeRawPointer(p)
        var h = seed(n)
        var i = 0
        while i &+ 8 <= n {
            h = mix(h, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i &+= 8
        }
        if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                w |= UInt64(p[i]) << shift
                shift &+= 8
                i &+= 1
            }
            h = mix(h, w)
        }
        return h ^ (h >> 32)
    }

    /// intern() for 1...8 bytes followed by at least 8 readable bytes (the lexer pads its
    /// source copy, and the arena keeps 8 spare bytes): one load and a mask, no memcmp.
    @inline(__always)
    mutating func internPadded(_ p: UnsafePointer<UInt8>, _ n: Int) -> StringID {
        if n == 0 || n > 8 { return intern(p, n) }
        let mask: UInt64 = n == 8 ? ~0 : (1 &<< UInt64(8 &* n)) &- 1
        let w = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self) & mask
        var h = StringTable.mix(StringTable.seed(n), w)
        h ^= h >> 32
        assert(h == StringTable.hash(p, n))
        return find(p, n, h) { q in UnsafeRawPointer(q).loadUnaligned(as: UInt64.self) & mask == w }
    }

    /// The id of the `n` bytes at `p`, adding them when new.
    mutating func intern(_ p: UnsafePointer<UInt8>, _ n: Int) -> StringID {
        find(p, n, StringTable.hash(p, n)) { q in n == 0 || memcmp(q, p, n) == 0 }
    }

    /// The probe both interning forms share: the string of hash `h` and length `n` whose bytes
    /// (in the arena) `same` accepts, else a new one added at the free slot found.
    @inline(__always)
    private mutating func find(_ p: UnsafePointer<UInt8>, _ n: Int, _ h: UInt64,
                               _ same: (UnsafePointer<UInt8>) -> Bool) -> StringID {
        let mask = slotCount &- 1
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[i]
            if s == 0 { break }
            let id = Int(s &- 1)
            let start = offsets[id]
            if hashes[id] == h && offsets[id &+ 1] &- start == n && same(arena.base + start) { return StringID(id) }
            i = (i &+ 1) & mask
        }
        return add(p, n, h, slot: i)
    }

    /// Adds a new string whose hash is `h` and whose probe ended at the free slot `slot`.
    private mutating func add(_ p: UnsafePointer<UInt8>, _ n: Int, _ h: UInt64, slot i: Int) -> StringID {
        let id = StringID(hashes.count)
        arena.append(p, count: n)
        arena.reserve(extra: 8)
        (arena.base + arena.count).initialize(repeating: 0, count: 8)
        offsets.append(arena.count)
        hashes.append(h)
        if hashes.count * 2 > slotCount {
            rehash(slotCount * 2)
        } else {
            slots[i] = id + 1
        }
        return id
    }

    mutating func intern(_ bytes: [UInt8]) -> StringID {
        if bytes.isEmpty {
            var zero: UInt8 = 0
            return intern(&zero, 0)
        }
        return bytes.withUnsafeBufferPointer { intern($0.baseAddress!, $0.count) }
    }

    private mutating func rehash(_ size: Int) {
        slots.deallocate()
        slots = UnsafeMutablePointer<Int32>.allocate(capacity: size)
        slots.initialize(repeating: 0, count: size)
        slotCount = size
        for id in 0..<hashes.count {
            var i = Int(truncatingIfNeeded: hashes[id]) & (size - 1)
            while slots[i] != 0 { i = (i + 1) & (size - 1) }
            slots[i] = StringID(id) + 1
        }
    }

    /// The length in bytes of string `id`.
    func length(_ id: StringID) -> Int { offsets[Int(id) + 1] - offsets[Int(id)] }

    /// The bytes of string `id`.
    func bytes(_ id: StringID) -> [UInt8] {
        Array(UnsafeBufferPointer(start: arena.base + offsets[Int(id)], count: length(id)))
    }

    /// String `id` as a Swift String.
    func string(_ id: StringID) -> String {
        String(decoding: UnsafeBufferPointer(start: arena.base + offsets[Int(id)], count: length(id)),
               as: UTF8.self)
    }
}
