// SortAlgorithm: table.sort's in-place quicksort over abstract element access.
//
// Invariants:
//  - Elements are read and written only at indices in [1, n]; an inconsistent comparator can
//    never move a scan outside the range under partition: when a scan reaches the pivot's
//    sentinel slot while the comparator still says "keep going", the sort raises "invalid
//    order function for sorting" instead of reading out of bounds or looping.
//  - Recursion goes into the smaller part and loops on the larger, so native depth is
//    O(log n); every partition step counts towards the interrupt hook.

public struct SortAccess<V> {
    /// Read element `index`; `slot` (0..<8) names the holder the caller must keep it alive in.
    public var get: (_ index: Int, _ slot: Int) throws -> V
    public var set: (Int, V) throws -> Void
    public var less: (V, V) throws -> Bool
    public var interrupt: () throws -> Void
    public init(get: @escaping (Int, Int) throws -> V, set: @escaping (Int, V) throws -> Void,
                less: @escaping (V, V) throws -> Bool, interrupt: @escaping () throws -> Void) {
        self.get = get; self.set = set; self.less = less; self.interrupt = interrupt
    }
}

public enum SortAlgorithm {
    public static func sort<V>(_ n: Int, _ a: SortAccess<V>) throws {
        var steps = 0
        try quicksort(1, n, a, &steps)
    }

    static func swapAt<V>(_ a: SortAccess<V>, _ i: Int, _ j: Int, _ vi: V, _ vj: V) throws {
        try a.set(i, vj)
        try a.set(j, vi)
    }

    static func quicksort<V>(_ lo: Int, _ hi: Int, _ a: SortAccess<V>, _ steps: inout Int) throws {
        var lo = lo, hi = hi
        while lo < hi {
            // Order a[lo] <= a[hi].
            var vlo = try a.get(lo, 3), vhi = try a.get(hi, 4)
            if try a.less(vhi, vlo) {
                try swapAt(a, lo, hi, vlo, vhi)
                swap(&vlo, &vhi)
            }
            if hi - lo == 1 { return }
            // Median of three into the middle.
            let mid = lo + (hi - lo) / 2
            var vmid = try a.get(mid, 5)
            if try a.less(vmid, vlo) {
                try swapAt(a, mid, lo, vmid, vlo)
                vmid = vlo
            } else if try a.less(vhi, vmid) {
                try swapAt(a, mid, hi, vmid, vhi)
                vmid = vhi
            }
            if hi - lo == 2 { return }
            // Pivot into hi-1; a[lo] <= P and a[hi] >= P are sentinels for the scans.
            let pivot = vmid
            let vprev = try a.get(hi - 1, 6)
            try swapAt(a, mid, hi - 1, pivot, vprev)
            var i = lo, j = hi - 1
            while true {
                i += 1
                var vi = try a.get(i, 1)
                while try a.less(vi, pivot) {
                    if i >= hi - 1 { throw LibraryError("invalid order function for sorting") }
                    i += 1
                    vi = try a.get(i, 1)
                }
                j -= 1
                var vj = try a.get(j, 2)
                while try a.less(pivot, vj) {
                    if j <= lo || j < i { throw LibraryError("invalid order function for sorting") }
                    j -= 1
                    vj = try a.get(j, 2)
                }
                if j < i { break }
                try swapAt(a, i, j, vi, vj)
                steps += 1
                if steps >= StdlibLimits.tableStepsPerInterruptCheck {
                    steps = 0
                    try a.interrupt()
                }
            }
            // Pivot to its final place.
            let vfinal = try a.get(i, 7)
            try swapAt(a, hi - 1, i, pivot, vfinal)
            if i - lo < hi - i {
                try quicksort(lo, i - 1, a, &steps)
                lo = i + 1
            } else {
                try quicksort(i + 1, hi, a, &steps)
                hi = i - 1
            }
        }
    }
}
