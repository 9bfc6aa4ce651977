// FormatBuffer: string.format's output bytes, in stack storage until they outgrow it, then in
// malloc'd memory; appends are a bounds check and a store, not an Array's generic machinery.
//
// Invariants:
//  - Only `FormatBuffer.with` makes one: it owns the storage for the duration of its body and
//    frees the heap part when the body returns or throws. A FormatBuffer never escapes the body.
//  - bytes[0..<count] are the output so far; count <= capacity; after `reserve(n)`, n more
//    bytes fit without moving (pointers from `end` stay valid until the next reserve or append).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct FormatBuffer {
    public private(set) var base: UnsafeMutablePointer<UInt8>
    public var count = 0
    public private(set) var capacity: Int
    /// The stack storage `with` started from: base is heap memory once it differs.
    let stack: UnsafeMutablePointer<UInt8>

    /// Stack storage for typical results (a report line); longer ones move to the heap once.
    static let stackBytes = 256

    /// Runs `body` on an empty buffer and returns its result; frees what the buffer took.
    public static func with<R>(_ body: (inout FormatBuffer) throws -> R) rethrows -> R {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: stackBytes) { storage in
            var b = FormatBuffer(base: storage.baseAddress!, capacity: stackBytes, stack: storage.baseAddress!)
            defer { if b.base != b.stack { free(b.base) } }
            return try body(&b)
        }
    }

    private init(base: UnsafeMutablePointer<UInt8>, capacity: Int, stack: UnsafeMutablePointer<UInt8>) {
        self.base = base
        self.capacity = capacity
        self.stack = stack
    }

    /// The output so far.
    public var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// Where the next byte goes.
    public var end: UnsafeMutablePointer<UInt8> { base + count }

    /// Room for `n` more bytes.
    @inline(__always)
    public mutating func reserve(_ n: Int) {
        if capacity - count < n { grow(n) }
    }

    @inline(never)
    mutating func grow(_ n: Int) {
        let want = max(capacity * 2, count + n)
        let heap = malloc(want)!.assumingMemoryBound(to: UInt8.self)
        memcpy(heap, base, count)
        if base != stack { free(base) }
        base = heap
        capacity = want
    }

    @inline(__always)
    public mutating func append(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    @inline(__always)
    public mutating func append(_ p: UnsafeBufferPointer<UInt8>) {
        let n = p.count
        if n == 0 { return }
        reserve(n)
        memcpy(base + count, p.baseAddress!, n)
        count += n
    }

    public mutating func append(_ a: [UInt8]) {
        a.withUnsafeBufferPointer { append($0) }
    }

    @inline(__always)
    public mutating func append(repeating b: UInt8, count n: Int) {
        if n <= 0 { return }
        reserve(n)
        memset(base + count, Int32(b), n)
        count += n
    }

    /// Moves bytes[from..<count] n places right and fills the gap with `b`: padding put in front
    /// of text already written.
    @inline(__always)
    public mutating func insert(repeating b: UInt8, count n: Int, at from: Int) {
        if n <= 0 { return }
        reserve(n)
        memmove(base + from + n, base + from, count - from)
        memset(base + from, Int32(b), n)
        count += n
    }
}
