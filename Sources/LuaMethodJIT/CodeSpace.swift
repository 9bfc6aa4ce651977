// The bookkeeping of a code region: which byte ranges hold live code, which are free, and the
// frontier above which nothing was ever handed out. Pure arithmetic on offsets; no memory here.
//
// Invariants: every offset and size is a multiple of `granule`, sizes are never 0; free blocks
// are sorted by offset and merged at once, so no two are adjacent and none touches the frontier;
// live blocks overlap neither each other nor a free block; nothing lies at or above `frontier`;
// liveBytes + freeBytes == frontier <= capacity.
//
// Policy: address-ordered first fit with immediate coalescing. Compiled functions range from a
// 16-byte stub to ~100 KiB, three orders of magnitude, so size classes would either waste much
// of each block or need a general path for large blocks anyway; and an allocation happens once
// per compiled function (a compile costs far more than scanning a list of holes), frees once per
// collected proto. First fit keeps code packed at low addresses, so fewer pages are touched.

struct CodeSpace {
    let capacity: Int
    let granule: Int
    private(set) var frontier = 0
    private(set) var freeBlocks: [(offset: Int, size: Int)] = []
    private(set) var live: [Int: Int] = [:]   // offset -> size
    private(set) var liveBytes = 0

    init(capacity: Int, granule: Int) {
        precondition(granule > 0 && granule & (granule - 1) == 0, "granule must be a power of 2")
        precondition(capacity >= 0 && capacity % granule == 0)
        self.capacity = capacity
        self.granule = granule
    }

    var freeBytes: Int { frontier - liveBytes }
    /// The largest request that would succeed now.
    var largestFree: Int { max(capacity - frontier, freeBlocks.map(\.size).max() ?? 0) }

    func rounded(_ size: Int) -> Int { max(granule, (size + granule - 1) & ~(granule - 1)) }

    /// The offset of a new live block of at least `size` bytes (rounded up to the granule), or
    /// nil when no hole and not the space above the frontier can hold it.
    mutating func allocate(_ size: Int) -> Int? {
        let size = rounded(size)
        if let i = freeBlocks.firstIndex(where: { $0.size >= size }) {
            let offset = freeBlocks[i].offset
            if freeBlocks[i].size == size {
                freeBlocks.remove(at: i)
            } else {
                freeBlocks[i] = (offset + size, freeBlocks[i].size - size)
            }
            return markLive(offset, size)
        }
        guard capacity - frontier >= size else { return nil }
        let offset = frontier
        frontier += size
        return markLive(offset, size)
    }

    private mutating func markLive(_ offset: Int, _ size: Int) -> Int {
        live[offset] = size
        liveBytes += size
        return offset
    }

    /// The size of the live block at `offset` (nil if there is none).
    func size(at offset: Int) -> Int? { live[offset] }

    /// Gives back the tail of the live block at `offset` beyond `newSize` (rounded up).
    mutating func shrink(at offset: Int, to newSize: Int) {
        guard let old = live[offset] else { preconditionFailure("shrink of a block that is not live") }
        let size = rounded(newSize)
        precondition(size <= old, "shrink cannot grow a block")
        guard size < old else { return }
        live[offset] = size
        liveBytes -= old - size
        insertFree(offset + size, old - size)
    }

    /// Frees the live block at `offset`; returns its size.
    @discardableResult
    mutating func release(at offset: Int) -> Int {
        guard let size = live.removeValue(forKey: offset) else {
            preconditionFailure("free of a block that is not live (double free?) at offset \(offset)")
        }
        liveBytes -= size
        insertFree(offset, size)
        return size
    }

    /// Forgets every block: the whole capacity is untouched again.
    mutating func reset() {
        frontier = 0
        freeBlocks.removeAll()
        live.removeAll()
        liveBytes = 0
    }

    /// Adds a free range, merging it with its neighbours and with the frontier.
    private mutating func insertFree(_ offset: Int, _ size: Int) {
        var lo = 0, hi = freeBlocks.count          // first block above `offset`
        while lo < hi {
            let mid = (lo + hi) / 2
            if freeBlocks[mid].offset < offset { lo = mid + 1 } else { hi = mid }
        }
        var start = offset, end = offset + size, at = lo
        if at > 0 && freeBlocks[at - 1].offset + freeBlocks[at - 1].size == start {
            at -= 1
            start = freeBlocks[at].offset
            freeBlocks.remove(at: at)
        }
        if at < freeBlocks.count && freeBlocks[at].offset == end {
            end += freeBlocks[at].size
            freeBlocks.remove(at: at)
        }
        if end == frontier {
            frontier = start
        } else {
            assert(end < frontier)
            freeBlocks.insert((start, end - start), at: at)
        }
    }
}
