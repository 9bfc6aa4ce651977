// The VM's small-object allocator: segregated free lists by 16-byte size class, carved from big blocks.
//
// How it works. A request of n <= Limits.smallObjectMaxBytes bytes is rounded up to its size
// class, a multiple of 16 (class c holds chunks of c * 16 bytes). Each class has a free list:
// a freed chunk is pushed on it, its first word holding the next free chunk. An allocation pops
// from its class's list; when the list is empty it bumps a cursor through the current block (a
// Limits.allocatorBlockBytes region from malloc), taking a fresh block when the current one has
// too little room left (the leftover tail goes on the free list of the class it fits exactly).
// Bigger requests go straight to malloc/free. Every block is released when the VM deinits.
// Under --gc-stress every freed chunk is first filled with junk (0xA5 bytes), so that a stale
// pointer to a freed object fails fast instead of reading its old contents.
//
// Invariants:
// - The caller gives `free` the same byte count it gave `allocate` (objects keep it in their
//   GCHeader; table parts derive it from arraySize / nodeCapacity), so free finds the class.
// - A chunk is either handed out or on exactly one free list, never both; every chunk of every
//   class lies inside one block; chunks and blocks are 16-byte aligned (malloc's alignment on
//   64-bit Linux and macOS, asserted), so any Value-holding struct fits.
// - Nothing is freed twice. A wrong size or a double free would silently corrupt a list, so
//   each kind of caller computes its size in exactly one place (allocObject/freeObject, the
//   table part helpers in Table.swift).
//
// What it does not do, and why that is acceptable:
// - It never returns an empty block to the system before the VM goes away, and memory on one
//   class's list is not reused for another class. A program's small-object footprint therefore
//   stays at its peak, per class. The collector's pacing (next collection at gcPauseFactor x live)
//   keeps that peak near the program's own working set, memory is reused within a class at
//   once, and big objects (long strings, big table parts) still go back to malloc at once. Doing
//   better needs per-block live counts and an unlinking of a block's chunks from the lists,
//   i.e. a sweep per block, which is what a later allocator-aware sweep could add.
// - It does no thread safety: a VM runs on one thread at a time.
// - It keeps no per-chunk header: the size lives with the owner, so a 32-byte array part
//   really costs 32 bytes (malloc adds 8 and rounds to 16).

#if canImport(Glibc)
import Glibc
#endif

extension VM {
    /// Bytes the small-object allocator holds from the system: live and free chunks and the
    /// unused rest of the current block (heapBytes counts live bytes, big objects and stacks too).
    public var allocatorBlockBytes: Int { small.blockBytes }
}

/// libc's free (inside SmallAllocator the name `free` is the allocator's own).
@inline(__always) private func systemFree(_ p: UnsafeMutableRawPointer) { free(p) }

struct SmallAllocator {
    static let granule = 16
    static let classCount = Limits.smallObjectMaxBytes / granule

    /// Free-list heads, indexed by class 1...classCount (slot 0 unused).
    let heads: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    /// Bump region of the current block: [cursor, end).
    var cursor: UnsafeMutableRawPointer? = nil
    var end: UnsafeMutableRawPointer? = nil
    /// Every block taken from the system, linked through each block's first word.
    var blocks: UnsafeMutableRawPointer? = nil
    /// Bytes held in blocks (for statistics; blocks are not counted in vm.heapBytes).
    private(set) var blockBytes = 0
    /// Fill every freed chunk with a junk pattern first (set under --gc-stress): a stale pointer
    /// to a freed object then reads garbage at once instead of plausible old contents.
    var poisonFreed = false

    init() {
        assert(Limits.smallObjectMaxBytes % SmallAllocator.granule == 0)
        heads = .allocate(capacity: SmallAllocator.classCount + 1)
        heads.initialize(repeating: nil, count: SmallAllocator.classCount + 1)
    }

    /// `n` (> 0) bytes, 16-byte aligned, uninitialised. Never fails (out of system memory traps).
    @inline(__always)
    mutating func allocate(_ n: Int) -> UnsafeMutableRawPointer {
        assert(n > 0, "zero-byte chunks would alias their neighbours")
        if n > Limits.smallObjectMaxBytes { return malloc(n)! }
        let c = (n &+ 15) &>> 4
        if let p = heads[c] {
            heads[c] = p.load(as: UnsafeMutableRawPointer?.self)
            return p
        }
        return carve(c)
    }

    /// Give back a chunk from `allocate(n)`.
    @inline(__always)
    func free(_ p: UnsafeMutableRawPointer, _ n: Int) {
        assert(n > 0)
        if poisonFreed { memset(p, 0xA5, n) }
        if n > Limits.smallObjectMaxBytes { systemFree(p); return }
        assert(UInt(bitPattern: p) & 15 == 0, "not a small-allocator chunk")
        let c = (n &+ 15) &>> 4
        p.storeBytes(of: heads[c], as: UnsafeMutableRawPointer?.self)
        heads[c] = p
    }

    /// The slow path: a chunk of class `c` from the bump region, taking a new block if needed.
    @inline(never)
    mutating func carve(_ c: Int) -> UnsafeMutableRawPointer {
        let bytes = c &* SmallAllocator.granule
        if let cur = cursor, end! - cur >= bytes {
            cursor = cur + bytes
            return cur
        }
        // Not enough room: the tail (a multiple of 16 below `bytes`) becomes one free chunk.
        if let cur = cursor, end! - cur >= SmallAllocator.granule {
            free(cur, end! - cur)
        }
        let b = malloc(Limits.allocatorBlockBytes)!
        assert(UInt(bitPattern: b) & 15 == 0, "malloc gave an unaligned block")
        b.storeBytes(of: blocks, as: UnsafeMutableRawPointer?.self)
        blocks = b
        blockBytes += Limits.allocatorBlockBytes
        // The first granule holds the block link.
        cursor = b + SmallAllocator.granule + bytes
        end = b + Limits.allocatorBlockBytes
        return b + SmallAllocator.granule
    }

    /// Release every block (and so every small chunk) to the system. The allocator is unusable after.
    mutating func releaseAll() {
        var b = blocks
        while let p = b {
            b = p.load(as: UnsafeMutableRawPointer?.self)
            systemFree(p)
        }
        blocks = nil
        cursor = nil
        end = nil
        heads.deallocate()
    }
}
