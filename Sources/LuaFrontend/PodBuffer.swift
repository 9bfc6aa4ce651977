// A growable buffer of plain-data elements with no ARC and no copy-on-write: the frontend's
// hot arrays (code, line info, active variables).
//
// Invariants: Element is trivial (no references; asserted), so elements are never
// deinitialized; the buffer has one owner, which calls release() exactly once; a copy of the
// struct aliases the same memory and must not outlive the owner's release().

struct PodBuffer<Element> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 16) {
        assert(_isPOD(Element.self), "PodBuffer holds plain data only")
        self.capacity = max(capacity, 1)
        base = UnsafeMutablePointer<Element>.allocate(capacity: self.capacity)
    }

    func release() { base.deallocate() }

    /// An independent copy (its own memory).
    func copy() -> PodBuffer {
        var c = PodBuffer(capacity: capacity)
        c.append(base, count: count)
        return c
    }

    var isEmpty: Bool { count == 0 }
    /// Empties the buffer, keeping its memory.
    mutating func removeAll() { count = 0 }
    var last: Element? { count > 0 ? base[count - 1] : nil }

    @inline(__always)
    subscript(i: Int) -> Element {
        get {
            assert(i >= 0 && i < count, "PodBuffer index out of range")
            return base[i]
        }
        nonmutating set {
            assert(i >= 0 && i < count, "PodBuffer index out of range")
            base[i] = newValue
        }
    }

    @inline(__always)
    mutating func append(_ x: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: x)
        count += 1
    }

    /// Appends the `n` elements at `p`.
    mutating func append(_ p: UnsafePointer<Element>, count n: Int) {
        while count + n > capacity { grow() }
        (base + count).initialize(from: p, count: n)
        count += n
    }

    /// Makes room for `extra` more elements without growing (so memory past `count` is readable).
    mutating func reserve(extra: Int) {
        while count + extra > capacity { grow() }
    }

    @discardableResult
    mutating func removeLast() -> Element {
        precondition(count > 0, "removeLast on an empty PodBuffer")
        count -= 1
        return base[count]
    }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
