// ByteBuffer: a growable byte buffer for building a result piece by piece (gsub), without
// Array's uniqueness and capacity checks per append or its call to memcpy for a few bytes.
//
// Invariants: `base` holds `capacity` bytes, of which the first `count` are the contents; the
// buffer owns its memory (noncopyable; freed once, on deinit).

public struct ByteBuffer: ~Copyable {
    public private(set) var base: UnsafeMutablePointer<UInt8>
    public private(set) var count = 0
    private var capacity: Int

    public init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    public var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    @inline(__always) public mutating func append(_ c: UInt8) {
        if count == capacity { grow(1) }
        base[count] = c
        count += 1
    }

    /// Append `n` bytes from `src` (which may be nil when n is 0).
    @inline(__always) public mutating func append(_ src: UnsafePointer<UInt8>?, _ n: Int) {
        if n == 0 { return }
        if n > capacity - count { grow(n) }
        let d = base + count
        let src = src.unsafelyUnwrapped
        // Replacement pieces are mostly a few bytes: a loop beats a call to memcpy there.
        if n <= 16 {
            for k in 0..<n { d[k] = src[k] }
        } else {
            d.update(from: src, count: n)
        }
        count += n
    }

    public mutating func append(_ b: UnsafeBufferPointer<UInt8>) { append(b.baseAddress, b.count) }

    /// Append an integer in decimal (a position capture in a replacement).
    public mutating func appendDecimal(_ v: Int) {
        var digits: [UInt8] = []
        var x = v.magnitude
        repeat {
            digits.append(UInt8(48 + x % 10))
            x /= 10
        } while x > 0
        if v < 0 { append(UInt8(ascii: "-")) }
        for d in digits.reversed() { append(d) }
    }

    private mutating func grow(_ extra: Int) {
        let newCapacity = max(capacity * 2, count + extra)
        let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        nb.update(from: base, count: count)
        base.deallocate()
        base = nb
        capacity = newCapacity
    }
}
