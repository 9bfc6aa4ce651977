// The code buffer: a growable byte array with little-endian emitters, labels and their fix-ups.
//
// Invariants: a label is bound at most once, to the offset current at `bind`; a fix-up is a
// signed displacement field (1 or 4 bytes) at `field`, measured from `end` (the end of its
// instruction), patched when its label is bound, or at once when the label already is. A rel8
// field that cannot reach is a caller error (a precondition, not a silent wrong jump).
// `finish()` asserts no fix-up is pending, i.e. every label used is bound.

/// A position in one code buffer, usable before it is known (forward) or after (backward).
public struct Label: Hashable, Sendable {
    public let id: Int
}

public struct CodeBuffer: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// The bound offset of each label by id, or -1 while unbound.
    private var labelOffsets: [Int] = []
    /// The fix-ups waiting for each label by id.
    private var pending: [[Fixup]] = []
    private var pendingCount = 0

    struct Fixup: Sendable {
        var field: Int
        var end: Int
        var width: Int   // 1 or 4
    }

    public init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    /// The offset the next byte is emitted at.
    @inline(__always) public var offset: Int { bytes.count }

    @inline(__always) public mutating func emit8(_ v: UInt8) { bytes.append(v) }
    @inline(__always) public mutating func emit16(_ v: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: v)); bytes.append(UInt8(truncatingIfNeeded: v >> 8))
    }
    @inline(__always) public mutating func emit32(_ v: UInt32) {
        for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) }
    }
    @inline(__always) public mutating func emit64(_ v: UInt64) {
        for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
    }
    public mutating func emit(_ bs: [UInt8]) { bytes.append(contentsOf: bs) }

    /// Overwrites 4 bytes at `at` (little-endian).
    public mutating func patch32(at: Int, _ v: UInt32) {
        precondition(at >= 0 && at + 4 <= bytes.count, "patch out of the buffer")
        for i in 0..<4 { bytes[at + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(i))) }
    }

    // MARK: Labels

    public mutating func newLabel() -> Label {
        labelOffsets.append(-1)
        pending.append([])
        return Label(id: labelOffsets.count - 1)
    }

    /// The label's offset, or nil while it is unbound.
    public func offset(of label: Label) -> Int? {
        let o = labelOffsets[label.id]
        return o < 0 ? nil : o
    }

    /// Binds `label` here and patches every fix-up waiting for it.
    public mutating func bind(_ label: Label) {
        precondition(labelOffsets[label.id] < 0, "label L\(label.id) bound twice")
        labelOffsets[label.id] = offset
        for f in pending[label.id] { resolve(f, target: offset) }
        pendingCount -= pending[label.id].count
        pending[label.id] = []
    }

    /// Records a displacement field of `width` bytes at `field`, relative to `end`, that must
    /// reach `label` (already bound or not). The field's bytes must already be emitted; their
    /// present value is an addend (used by `[rip + label + disp]`).
    mutating func addFixup(_ label: Label, field: Int, end: Int, width: Int) {
        let f = Fixup(field: field, end: end, width: width)
        if let target = offset(of: label) {
            resolve(f, target: target)
        } else {
            pending[label.id].append(f)
            pendingCount += 1
        }
    }

    private mutating func resolve(_ f: Fixup, target: Int) {
        if f.width == 1 {
            let addend = Int(Int8(bitPattern: bytes[f.field]))
            let rel = target - f.end + addend
            precondition(rel >= -128 && rel <= 127,
                         "short jump cannot reach its label (\(rel) bytes): use a near jump")
            bytes[f.field] = UInt8(bitPattern: Int8(rel))
        } else {
            let addend = Int(Int32(bitPattern: UInt32(bytes[f.field]) | UInt32(bytes[f.field + 1]) << 8
                                   | UInt32(bytes[f.field + 2]) << 16 | UInt32(bytes[f.field + 3]) << 24))
            let rel = target - f.end + addend
            precondition(rel >= Int(Int32.min) && rel <= Int(Int32.max), "displacement beyond 2 GiB")
            patch32(at: f.field, UInt32(bitPattern: Int32(rel)))
        }
    }

    /// Whether some used label is still unbound.
    public var hasPendingFixups: Bool { pendingCount > 0 }

    /// The finished code. Every label that was used must be bound.
    public func finish() -> [UInt8] {
        precondition(pendingCount == 0, "\(pendingCount) fix-up(s) wait for labels never bound: "
                     + pending.indices.filter { !pending[$0].isEmpty }.map { "L\($0)" }.joined(separator: ", "))
        return bytes
    }
}
