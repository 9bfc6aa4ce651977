// String creation and interning: short strings (<= 40 bytes) are unique per content.
//
// Invariants: every short string is in the intern table exactly once until the collector frees
// it (the sweep unlinks dead ones first); a string's bytes are followed by a NUL; strings are
// immutable once created.

#if canImport(Glibc)
import Glibc
#endif

extension VM {
    /// Make a string from bytes (interned when short).
    public func newString(_ p: UnsafePointer<UInt8>?, _ n: Int) -> UnsafeMutablePointer<LString> {
        if n <= Limits.maxShortStringLength { return intern(p, n) }
        let s = allocString(n)
        if n > 0 { memcpy(LString.bytes(s), p!, n) }
        LString.bytes(s)[n] = 0
        return s
    }

    public func newString(_ bytes: [UInt8]) -> UnsafeMutablePointer<LString> {
        bytes.withUnsafeBufferPointer { newString($0.baseAddress, $0.count) }
    }

    public func newString(_ s: String) -> UnsafeMutablePointer<LString> {
        var s = s
        return s.withUTF8 { newString($0.baseAddress, $0.count) }
    }

    public func internString(_ bytes: [UInt8]) -> UnsafeMutablePointer<LString> {
        bytes.withUnsafeBufferPointer { intern($0.baseAddress, $0.count) }
    }

    /// A long string of `n` bytes whose contents the caller fills in (then must not change).
    /// Use for n > maxShortStringLength only; for any length use `newString`.
    public func allocString(_ n: Int) -> UnsafeMutablePointer<LString> {
        let size = MemoryLayout<LString>.stride + n + 1
        let s = allocObject(kind: Tag.string, size: size).assumingMemoryBound(to: LString.self)
        s.pointee.length = n
        s.pointee.hash = 0
        s.pointee.isShort = false
        s.pointee.hasHash = false
        s.pointee.chain = nil
        LString.bytes(s)[n] = 0
        return s
    }

    func intern(_ p: UnsafePointer<UInt8>?, _ n: Int) -> UnsafeMutablePointer<LString> {
        let empty: UInt8 = 0
        return withUnsafePointer(to: empty) { ep in
            let src = p ?? ep
            let h = LString.hashBytes(src, n)
            var cur = strBuckets[Int(h) & (strBucketCount - 1)]
            while let s = cur {
                if s.pointee.hash == h && s.pointee.length == n && memcmp(LString.bytes(s), src, n) == 0 {
                    // A string the collector found dead but has not swept yet is resurrected by
                    // marking it (only possible between mark and sweep, which never interleave
                    // with user code here; kept for safety).
                    return s
                }
                cur = s.pointee.chain
            }
            let size = MemoryLayout<LString>.stride + n + 1
            let s = allocObject(kind: Tag.string, size: size).assumingMemoryBound(to: LString.self)
            s.pointee.length = n
            s.pointee.hash = h
            s.pointee.isShort = true
            s.pointee.hasHash = true
            if n > 0 { memcpy(LString.bytes(s), src, n) }
            LString.bytes(s)[n] = 0
            let b = Int(h) & (strBucketCount - 1)
            s.pointee.chain = strBuckets[b]
            strBuckets[b] = s
            strCount += 1
            if strCount > strBucketCount { resizeStringTable(strBucketCount * 2) }
            return s
        }
    }

    func resizeStringTable(_ newCount: Int) {
        let nb = UnsafeMutablePointer<UnsafeMutablePointer<LString>?>.allocate(capacity: newCount)
        nb.initialize(repeating: nil, count: newCount)
        for i in 0..<strBucketCount {
            var cur = strBuckets[i]
            while let s = cur {
                cur = s.pointee.chain
                let b = Int(s.pointee.hash) & (newCount - 1)
                s.pointee.chain = nb[b]
                nb[b] = s
            }
        }
        strBuckets.deallocate()
        strBuckets = nb
        strBucketCount = newCount
    }

    /// Remove strings the collector did not mark from the intern table (before the sweep).
    func sweepStringTable() {
        for i in 0..<strBucketCount {
            var prev: UnsafeMutablePointer<LString>? = nil
            var cur = strBuckets[i]
            while let s = cur {
                let next = s.pointee.chain
                if s.pointee.header.marked == 0 {
                    if let p = prev { p.pointee.chain = next } else { strBuckets[i] = next }
                    strCount -= 1
                } else {
                    prev = s
                }
                cur = next
            }
        }
    }

    /// A string value from a Swift string.
    public func str(_ s: String) -> Value { .string(newString(s)) }
    public func str(_ b: [UInt8]) -> Value { .string(newString(b)) }
}

extension LString {
    /// The hash, computed on first use for long strings.
    @inlinable public static func hashOf(_ s: UnsafeMutablePointer<LString>) -> UInt32 {
        if !s.pointee.hasHash {
            s.pointee.hash = hashBytes(bytes(s), s.pointee.length)
            s.pointee.hasHash = true
        }
        return s.pointee.hash
    }
}

/// Metamethod events. The first 32 are cached as "absent" bits in LTable.absentFlags.
public enum TM: UInt8, CaseIterable {
    case index, newindex, gc, mode, len, eq, add, sub, mul, mod, pow, div, idiv,
         band, bor, bxor, shl, shr, unm, bnot, lt, le, concat, call, close,
         tostring, name, pairs, metatable
    /// The metamethod's key ("__index"); a table, not String(describing:), so start-up stays cheap.
    public var name: String { TM.names[Int(rawValue)] }
    static let names = ["__index", "__newindex", "__gc", "__mode", "__len", "__eq", "__add", "__sub",
                        "__mul", "__mod", "__pow", "__div", "__idiv", "__band", "__bor", "__bxor", "__shl",
                        "__shr", "__unm", "__bnot", "__lt", "__le", "__concat", "__call", "__close",
                        "__tostring", "__name", "__pairs", "__metatable"]
}
