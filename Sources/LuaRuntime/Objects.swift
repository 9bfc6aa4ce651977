// The heap object layouts: every GC object is a struct in VM-owned memory (Allocator.swift) whose first field is a GCHeader.
//
// Invariants: `header` is the first stored property of every object struct, so any object
// pointer can be read as a GCHeader; objects never move (the collector is non-moving), so
// their addresses are stable identities; no Swift references are stored in any object.

#if canImport(Glibc)
import Glibc
#endif

@frozen public struct GCHeader {
    /// Next object in the VM's list of all objects (the sweep list).
    public var next: UnsafeMutableRawPointer?
    /// The object's kind, a Tag value (Tag.string ... Tag.upvalue).
    public var kind: UInt8
    /// Mark bit for the current collection (0 = white).
    public var marked: UInt8
    /// Bytes allocated for this object (header included), for heap accounting.
    public var size: UInt32
}

/// A Lua string: immutable bytes (followed by a NUL) stored right after the struct.
@frozen public struct LString {
    public var header: GCHeader
    public var length: Int
    public var hash: UInt32
    /// Short strings are interned: equal contents <=> same object.
    public var isShort: Bool
    /// Long strings hash lazily (when first used as a table key).
    public var hasHash: Bool
    /// Chain link in the VM's intern table (short strings only).
    public var chain: UnsafeMutablePointer<LString>?

    @inlinable @inline(__always)
    public static func bytes(_ s: UnsafeMutablePointer<LString>) -> UnsafeMutablePointer<UInt8> {
        (UnsafeMutableRawPointer(s) + MemoryLayout<LString>.stride).assumingMemoryBound(to: UInt8.self)
    }
    @inlinable @inline(__always)
    public static func buffer(_ s: UnsafeMutablePointer<LString>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: bytes(s), count: s.pointee.length)
    }

    /// Equality of two distinct string objects: short strings are interned, so two distinct
    /// short strings differ; long strings compare bytes.
    @inlinable public static func equalLong(_ a: UnsafeMutablePointer<LString>, _ b: UnsafeMutablePointer<LString>) -> Bool {
        if a == b { return true }
        if a.pointee.isShort || b.pointee.isShort { return false }
        let n = a.pointee.length
        if n != b.pointee.length { return false }
        return memcmp(bytes(a), bytes(b), n) == 0
    }

    /// The string's contents as a Swift String (invalid UTF-8 repaired): for messages only.
    public static func swiftString(_ s: UnsafeMutablePointer<LString>) -> String {
        String(decoding: buffer(s), as: UTF8.self)
    }
    public static func byteArray(_ s: UnsafeMutablePointer<LString>) -> [UInt8] {
        Array(buffer(s))
    }

    /// The hash of a byte sequence. Up to 64 bytes: every byte, 8 at a time (multiply-xorshift
    /// mixing, overlapping unaligned loads for the tail, so no byte is read twice into one word
    /// and nothing past `n` is read). Longer strings hash a sample of ~32 bytes (like lua's step),
    /// keeping hashing O(1). Deterministic (no per-run seed): table order is stable across runs.
    @inlinable public static func hashBytes(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32 {
        let m: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ (UInt64(truncatingIfNeeded: n) &* m)
        if n <= 64 {
            let r = UnsafeRawPointer(p)
            if n >= 8 {
                var i = 0
                while i + 8 <= n {
                    h = (h ^ r.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* m
                    h ^= h >> 29
                    i += 8
                }
                if i < n {  // the last 8 bytes, overlapping what came before
                    h = (h ^ r.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)) &* m
                    h ^= h >> 29
                }
            } else if n >= 4 {
                let a = UInt64(r.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
                let b = UInt64(r.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
                h = (h ^ (a << 32 | b)) &* m
            } else if n > 0 {
                let w = UInt64(p[0]) << 16 | UInt64(p[n >> 1]) << 8 | UInt64(p[n - 1])
                h = (h ^ w) &* m
            }
        } else {
            let step = n / 32
            var i = 0
            while i < n {
                h = (h ^ UInt64(p[i])) &* 0x100_0000_01B3
                i += step
            }
        }
        h ^= h >> 32; h = h &* m; h ^= h >> 29
        return UInt32(truncatingIfNeeded: h)
    }
}

@frozen public struct Node {
    public var key: Value
    public var value: Value
}

/// A Lua table: an array part for keys 1...arraySize and an open-addressing hash part.
///
/// The hash part's counts and the length hint are stored in 32 bits and read as Int through
/// accessors: a table is 64 bytes, not 80 (every table pays it; binary_trees allocates millions).
/// 32 bits are enough: the heap limit (Limits.defaultHeapLimitBytes, 4 GiB) stops a part long
/// before 2^32 entries. `arraySize`, read by the dispatch loop's fast paths, stays a full Int.
@frozen public struct LTable {
    public var header: GCHeader
    /// Bit e set: metamethod event e is known absent from this table (when used as a metatable).
    /// Cleared whenever a key is added to the hash part. Only events < 32 are cached.
    public var absentFlags: UInt32
    /// The absentFlags bit of __newindex.
    public static let newindexAbsentBit: UInt32 = 1 << UInt32(TM.newindex.rawValue)
    @usableFromInline var nodeUsed32: UInt32
    public var metatable: UnsafeMutablePointer<LTable>?
    /// Values of keys 1...arraySize (nil slots are absent keys).
    public var array: UnsafeMutablePointer<Value>?
    public var arraySize: Int
    /// Hash part: capacity is 0 or a power of two; `nodeUsed` counts slots with a key (including
    /// keys whose value became nil: they stay so `next` can continue past them).
    public var nodes: UnsafeMutablePointer<Node>?
    @usableFromInline var nodeCapacity32: UInt32
    @usableFromInline var lenHint32: UInt32

    /// Where the hash part's capacity (a UInt32: 0 or a power of two) sits in the table, for
    /// compiled code that probes the hash part itself.
    public static let nodeCapacityOffset = MemoryLayout<LTable>.offset(of: \LTable.nodeCapacity32)!

    @inlinable public var nodeCapacity: Int {
        get { Int(nodeCapacity32) }
        set { nodeCapacity32 = UInt32(truncatingIfNeeded: newValue) }
    }
    @inlinable public var nodeUsed: Int {
        get { Int(nodeUsed32) }
        set { nodeUsed32 = UInt32(truncatingIfNeeded: newValue) }
    }
    /// The last border found in the array part (makes `#t` O(1) for append/remove patterns).
    @inlinable public var lenHint: Int {
        get { Int(lenHint32) }
        set { lenHint32 = UInt32(truncatingIfNeeded: newValue) }
    }
}

/// A compiled function, loaded from a FunctionPrototype. The VM lists every proto in
/// `vm.protos` (load order); the collector keeps a proto while a closure of it, or of a proto
/// nested in it, is reachable, marks its constants then, and frees the others (GC+Mark.swift).
public struct Proto {
    public var code: UnsafeMutablePointer<UInt32>
    public var codeCount: Int
    public var k: UnsafeMutablePointer<Value>
    public var kCount: Int
    public var children: UnsafeMutablePointer<UnsafeMutablePointer<Proto>>
    public var childCount: Int
    public var numParams: Int
    public var isVararg: Bool
    public var maxStack: Int
    /// Upvalue descriptors: in-stack flag and index, one byte each.
    public var upvalInStack: UnsafeMutablePointer<UInt8>
    public var upvalIndex: UnsafeMutablePointer<UInt8>
    public var upvalCount: Int
    /// Tiering counters (ARCHITECTURE.md §6): calls, back-edges taken per pc, type feedback per pc.
    /// `backEdges` is one profile word per pc: the back-edge count at a loop header, the callee
    /// seen last at a CALL (`CallProfile`; a CALL is never a loop's first instruction, which
    /// loads what it calls), the native iterator its TFORCALL called last at a TFORLOOP (never a
    /// jump's target); the other words stay 0.
    public var callCount: Int
    public var backEdges: UnsafeMutablePointer<UInt32>
    public var feedback: UnsafeMutablePointer<UInt16>
    /// Index of this proto in vm.protos (and of its debug description in vm.protoInfo).
    public var id: Int
    /// Cached line info (same count as code).
    public var lines: UnsafeMutablePointer<Int32>
    /// Reached by the current collection's mark phase.
    public var marked: Bool
    /// Tier 1 (Tiering.swift): the whole-function compiled code to enter (nil: interpret); the
    /// call count at which a call asks the compiling tier (`Proto.neverTierUp`: never; 0 when
    /// compiled, so every call enters the code); the back-edge count at which a loop header asks
    /// for an OSR entry (`Proto.neverOSR`: never); the tier's own record of this proto (-1: none).
    public var jitEntry: UnsafeRawPointer? = nil
    public var tierUpAt: Int = Proto.neverTierUp
    public var osrAt: UInt32 = Proto.neverOSR
    public var jitRecord: Int32 = -1
    /// With instruction counting on (`VM.countsBytecodes`): the instructions of this proto run by
    /// the interpreter, and by compiled code (Tiering.swift `BytecodeCounts`).
    public var ranInterpreted: Int = 0
    public var ranCompiled: Int = 0

    /// Bytes this proto holds, for the heap accounting.
    var heapBytes: Int {
        MemoryLayout<Proto>.stride + codeCount * (4 + 4 + 4 + 2) + kCount * MemoryLayout<Value>.stride
            + childCount * 8 + upvalCount * 2
    }
}

/// The callee a CALL saw last, in its profile word (Proto.backEdges[pc]), for the JIT to inline
/// or replace by an intrinsic; likewise the native iterator a TFORCALL called last, in the word
/// of the TFORLOOP after it (TFORCALL's own word is a loop header's counter when the body is
/// empty; nothing jumps to a TFORLOOP). One store on the interpreter's call path, no branch; the JIT
/// speculates on it behind a guard of the callee's identity, so a stale or colliding word only
/// costs a deopt. 0: no call seen (or the counters were reset).
public enum CallProfile {
    /// A native function: its index in the VM's table of natives, with the top bit set.
    public static let nativeBit: UInt32 = 1 << 31
    @inlinable @inline(__always) public static func native(_ index: Int) -> UInt32 {
        nativeBit | UInt32(truncatingIfNeeded: index)
    }
    /// A Lua function: bits 4...34 of its proto's address (a proto is 16-byte aligned), with the
    /// top bit clear. The JIT matches it against the live protos.
    @inlinable @inline(__always) public static func lua(_ p: UnsafeMutablePointer<Proto>) -> UInt32 {
        UInt32(truncatingIfNeeded: UInt(bitPattern: p) &>> 4) & ~nativeBit
    }
}

/// Type-feedback bits OR-ed into Proto.feedback[pc]: bit `tag` for each operand type seen
/// (one shift, no branch, on the fast path).
public enum Feedback {
    @inlinable @inline(__always) public static func bits(_ v: Value) -> UInt16 {
        UInt16(1) &<< UInt16(v.tag & 15)
    }
    public static let intBit: UInt16 = 1 << 3    // 1 << Tag.integer
    public static let floatBit: UInt16 = 1 << 4  // 1 << Tag.float
    public static let stringBit: UInt16 = 1 << 7  // 1 << Tag.string
    /// GETTABLE/SETTABLE: an integer key was looked up outside the array part (0-based arrays,
    /// sparse tables). Bit 15 is no tag's.
    public static let outsideArrayBit: UInt16 = 1 << 15
    /// GETFIELD/SETFIELD/GETTABUP/SETTABUP/SELF (whose key is a constant, so they record no key
    /// type): the fast path missed and the slow path ran (an absent field, a metatable that
    /// answered, a receiver that is not a table). The same bit as outsideArrayBit.
    public static let slowPathBit: UInt16 = 1 << 15
    /// SETFIELD/SETTABUP: the store gave a table without a metatable a field it lacked (the fast
    /// path overwrites only). Bit 14 is the tag of no Lua value (Tag.upvalue is internal).
    public static let addedFieldBit: UInt16 = 1 << 14
    /// SETFIELD/SETTABUP record no tag: their two low bits count the fields they added (up to 3).
    public static let addedFieldsMask: UInt16 = 3
    public static func addedFields(_ bits: UInt16) -> Int { Int(bits & addedFieldsMask) }
    public static func describe(_ bits: UInt16) -> String {
        var parts: [String] = []
        // A store's two low bits are its count of fields added, not tags.
        let tags = bits & addedFieldBit != 0 ? bits & ~addedFieldsMask : bits
        for tag in 0..<14 where tags & (UInt16(1) << UInt16(tag)) != 0 {
            switch UInt8(tag) {
            case Tag.integer: parts.append("int")
            case Tag.float: parts.append("float")
            case Tag.string: parts.append("string")
            case Tag.table: parts.append("table")
            case Tag.nil_: parts.append("nil")
            case Tag.false_, Tag.true_: if !parts.contains("boolean") { parts.append("boolean") }
            default: if !parts.contains("other") { parts.append("other") }
            }
        }
        if bits & addedFieldBit != 0 {
            let n = addedFields(bits)
            parts.append(n >= 3 ? "fields added 3+ times" : "field added \(n == 1 ? "once" : "twice")")
        }
        if bits & outsideArrayBit != 0 { parts.append("slow path") }
        return parts.joined(separator: "|")
    }
}

/// A Lua closure: a proto and its upvalues (pointers follow the struct).
@frozen public struct LClosure {
    public var header: GCHeader
    public var proto: UnsafeMutablePointer<Proto>
    public var upvalCount: Int
    @inlinable @inline(__always)
    public static func upvals(_ c: UnsafeMutablePointer<LClosure>) -> UnsafeMutablePointer<UnsafeMutablePointer<UpVal>> {
        (UnsafeMutableRawPointer(c) + MemoryLayout<LClosure>.stride).assumingMemoryBound(to: UnsafeMutablePointer<UpVal>.self)
    }
}

/// An upvalue: open (points into a coroutine stack) or closed (points at its own `closed`).
@frozen public struct UpVal {
    public var header: GCHeader
    public var v: UnsafeMutablePointer<Value>
    public var closed: Value
    /// Open upvalues: the stack index they refer to, and the next open upvalue (lower index).
    public var stackIndex: Int
    public var nextOpen: UnsafeMutablePointer<UpVal>?
    public var isOpen: Bool
}

/// A native closure with upvalues (Values follow the struct).
@frozen public struct NClosure {
    public var header: GCHeader
    public var fnIndex: Int
    public var upvalCount: Int
    @inlinable @inline(__always)
    public static func upvals(_ c: UnsafeMutablePointer<NClosure>) -> UnsafeMutablePointer<Value> {
        (UnsafeMutableRawPointer(c) + MemoryLayout<NClosure>.stride).assumingMemoryBound(to: Value.self)
    }
}

/// Full userdata: a metatable, a user value, an optional Swift object handle (index into
/// vm.handles; 0 = none), and `size` raw payload bytes after the struct.
/// Invariant: `userValueCount` is 0 or 1; with 0 (io files, as in lua) `userValue` stays nil and
/// debug.get/setuservalue fail.
@frozen public struct LUserdata {
    public var header: GCHeader
    public var metatable: UnsafeMutablePointer<LTable>?
    public var userValue: Value
    public var handle: Int
    public var size: Int
    public var userValueCount: Int
    @inlinable @inline(__always)
    public static func payload(_ u: UnsafeMutablePointer<LUserdata>) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(u) + MemoryLayout<LUserdata>.stride
    }
}
