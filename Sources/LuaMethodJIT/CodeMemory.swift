// Code memory: one reserved region of address space that holds every compiled function of a VM,
// within a byte budget, under W^X (pages are never writable and executable at once).
//
// Invariants:
// - Every page of the region is PROT_NONE (never written), PROT_READ|PROT_EXEC, or, only inside
//   `install`, PROT_READ|PROT_WRITE. `install` flips the pages a function covers to RW, copies
//   the bytes and flips them back to RX: two mprotect calls per compiled function, none per
//   patch. A page shared with a neighbouring function is briefly not executable, so no compiled
//   code may run on another thread during an install (the VM runs Lua on one thread and installs
//   between its instructions; a compiled caller suspended in a helper is not running).
// - A function's code is one contiguous block starting on a `JITLimits.codeAlignment` boundary;
//   the block's padding is int3. x86 keeps instruction fetch coherent with data writes, so no
//   cache flush is needed after the copy.
// - The region never moves: its size is the budget, reserved once, so any two addresses in it
//   are within rel32 reach. An allocation that does not fit fails with `budgetExhausted`; the
//   caller's answer is `discardAll()` (drop every compiled function, tier up again later).
// - `discardAll()` starts a new epoch: blocks and reservations of an older epoch are dead; freeing
//   one is a no-op (a proto collected after a discard), installing into one is a caller error.
// - Each reservation has a serial number, which its block keeps: a reservation is installed or
//   abandoned once, and a block is freed once (a second free, even after its space was reused,
//   is caught by the serial, not taken for the new owner's).
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

public enum CodeMemoryError: Error, Equatable, CustomStringConvertible {
    /// No hole and not the untouched rest of the region can hold `requested` bytes.
    case budgetExhausted(requested: Int, largestFree: Int, budget: Int)
    /// The kernel refused to reserve the region (errno).
    case reservationFailed(errno: Int32)

    public var description: String {
        switch self {
        case .budgetExhausted(let requested, let largestFree, let budget):
            return "JIT code budget exhausted: \(requested) bytes requested, largest free block "
                + "\(largestFree) of a \(budget)-byte budget (discard all compiled code)"
        case .reservationFailed(let e):
            return "cannot reserve JIT code memory (errno \(e))"
        }
    }
}

/// Space handed out for one function before its code is written: its address is final, so the
/// assembler can encode rel32 calls from it (`Assembler(origin: reservation.address)`).
public struct CodeReservation: Sendable {
    public let address: UInt64
    public let capacity: Int
    let offset: Int
    let epoch: Int
    let serial: Int
}

/// One installed function: `size` bytes of code at `address`, executable.
public struct CodeBlock: Sendable, Equatable {
    public let address: UInt64
    public let size: Int
    let offset: Int
    let epoch: Int
    let serial: Int
    public var entry: UnsafeRawPointer { UnsafeRawPointer(bitPattern: UInt(address))! }
}

public final class CodeMemory {
    /// The region's size: the byte budget rounded up to whole pages.
    public let budget: Int
    public let base: UnsafeMutableRawPointer
    public let pageSize: Int
    /// When set, every install writes a line naming the function (Linux perf's JIT map).
    public var perfMap: PerfMap?
    /// Bumped by `discardAll`; blocks of an older epoch are dead.
    public private(set) var epoch = 0
    public private(set) var stats = Stats()
    private var space: CodeSpace
    /// Serial of the reservation or block at each live offset; open = reserved, not installed.
    private var owners: [Int: Int] = [:]
    private var open: Set<Int> = []
    private var nextSerial = 0

    public struct Stats: Sendable {
        public var installs = 0
        public var frees = 0
        public var discards = 0
        /// mprotect calls made: two per install, nothing else.
        public var protectionChanges = 0
        public var peakLiveBytes = 0
    }

    /// Reserves `budget` bytes (rounded up to pages) of address space, PROT_NONE, with no memory
    /// committed. `near` is a placement hint (nil: just below this executable's code, 0: none);
    /// the kernel may place the region elsewhere.
    public init(budget: Int = JITLimits.defaultCodeBudgetBytes, near hint: UInt? = nil) throws(CodeMemoryError) {
        pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        precondition(budget > 0 && budget <= JITLimits.maxCodeBudgetBytes, "code budget out of range")
        let size = (budget + pageSize - 1) / pageSize * pageSize
        let at = UnsafeMutableRawPointer(bitPattern: hint ?? CodeMemory.hintBelowExecutable(size: size))
        let p = mmap(at, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let p, p != MAP_FAILED else { throw .reservationFailed(errno: errno) }
        self.budget = size
        base = p
        space = CodeSpace(capacity: size, granule: JITLimits.codeAlignment)
    }

    deinit { munmap(base, budget) }

    /// A 2 MiB-aligned address at which a region of `size` bytes ends
    /// `codeRegionGapBelowExecutable` below the code of this module (0 if there is no room).
    static func hintBelowExecutable(size: Int) -> UInt {
        let anchor: @convention(c) () -> Void = {}
        let text = UInt(bitPattern: unsafeBitCast(anchor, to: UnsafeRawPointer.self))
        let gap = UInt(JITLimits.codeRegionGapBelowExecutable + size)
        return text > gap + (1 << 32) ? (text - gap) & ~UInt(0x1F_FFFF) : 0
    }

    public var address: UInt64 { UInt64(UInt(bitPattern: base)) }
    public var liveBytes: Int { space.liveBytes }
    public var freeBytes: Int { space.freeBytes }
    /// Bytes above every live block and hole: not handed out since the last discard, or given
    /// back from the top (those pages may still hold old code, RX).
    public var untouchedBytes: Int { budget - space.frontier }
    public var largestFree: Int { space.largestFree }

    /// Whether `address` lies in the region.
    public func contains(_ address: UInt64) -> Bool {
        address >= self.address && address < self.address + UInt64(budget)
    }

    /// Space for a function of at most `capacity` bytes, aligned; give back what it does not
    /// use at `install`, or all of it with `abandon`.
    public func reserve(capacity: Int) throws(CodeMemoryError) -> CodeReservation {
        guard let offset = space.allocate(capacity) else {
            throw .budgetExhausted(requested: space.rounded(capacity), largestFree: space.largestFree,
                                   budget: budget)
        }
        stats.peakLiveBytes = max(stats.peakLiveBytes, space.liveBytes)
        nextSerial += 1
        owners[offset] = nextSerial
        open.insert(nextSerial)
        return CodeReservation(address: address + UInt64(offset), capacity: space.size(at: offset)!,
                               offset: offset, epoch: epoch, serial: nextSerial)
    }

    /// Gives back a reservation that will not be installed (the compile gave up).
    public func abandon(_ r: CodeReservation) {
        guard r.epoch == epoch else { return }
        precondition(open.remove(r.serial) != nil, "abandon of a reservation already installed or abandoned")
        owners[r.offset] = nil
        space.release(at: r.offset)
    }

    /// Writes `code` into the reservation (made for this code's address), trims the unused tail
    /// and makes it executable: one RW flip and one RX flip of the pages it covers.
    public func install(_ code: [UInt8], in r: CodeReservation, name: String) -> CodeBlock {
        precondition(r.epoch == epoch, "install into a reservation made before discardAll()")
        precondition(code.count <= r.capacity, "code (\(code.count) bytes) overflows its reservation (\(r.capacity))")
        precondition(open.remove(r.serial) != nil, "install into a reservation already installed or abandoned")
        space.shrink(at: r.offset, to: code.count)
        let blockSize = space.size(at: r.offset)!
        let first = r.offset / pageSize * pageSize
        let last = (r.offset + blockSize + pageSize - 1) / pageSize * pageSize
        protect(first, last - first, PROT_READ | PROT_WRITE)
        let at = base + r.offset
        if !code.isEmpty { code.withUnsafeBytes { at.copyMemory(from: $0.baseAddress!, byteCount: code.count) } }
        (at + code.count).initializeMemory(as: UInt8.self, repeating: 0xCC, count: blockSize - code.count)
        protect(first, last - first, PROT_READ | PROT_EXEC)
        stats.installs += 1
        let block = CodeBlock(address: r.address, size: code.count, offset: r.offset, epoch: epoch, serial: r.serial)
        perfMap?.record(start: block.address, size: block.size, name: name)
        return block
    }

    /// Reserves exactly enough for position-independent `code` and installs it.
    public func install(_ code: [UInt8], name: String) throws(CodeMemoryError) -> CodeBlock {
        install(code, in: try reserve(capacity: code.count), name: name)
    }

    /// Returns a function's space for reuse (its proto was collected). The bytes stay RX until
    /// another install overwrites them. A block from before the last `discardAll` is ignored.
    public func free(_ block: CodeBlock) {
        guard block.epoch == epoch else { return }
        precondition(owners[block.offset] == block.serial && !open.contains(block.serial),
                     "free of code that is not live (double free?)")
        owners[block.offset] = nil
        space.release(at: block.offset)
        stats.frees += 1
    }

    /// Drops every compiled function: the region is mapped afresh PROT_NONE (its memory goes
    /// back to the kernel, and a stale jump into old code faults instead of running garbage).
    public func discardAll() {
        let p = mmap(base, budget, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0)
        precondition(p == base, "cannot remap the JIT code region (errno \(errno))")
        space.reset()
        owners.removeAll()
        open.removeAll()
        epoch += 1
        stats.discards += 1
    }

    private func protect(_ offset: Int, _ length: Int, _ prot: Int32) {
        stats.protectionChanges += 1
        guard mprotect(base + offset, length, prot) == 0 else {
            fatalError("mprotect of JIT code pages failed (errno \(errno))")
        }
    }
}
