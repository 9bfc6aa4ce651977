// SplitMix64: the seeded generator every fuzz and stress test draws from, so that a failing case
// is named by its seed and replays exactly.
//
// Invariants: the sequence depends on the seed alone (no global randomness); `below(n)` is in
// 0..<n for n > 0 and is 0 for n <= 0 (an empty range has nothing else to give).

public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// In 0..<n (slightly biased towards small values; fine for fuzzing).
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }

    /// True with the given probability in percent.
    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    /// A uniformly chosen element of a non-empty array.
    public mutating func pick<T>(_ a: [T]) -> T {
        precondition(!a.isEmpty, "pick from an empty array")
        return a[below(a.count)]
    }
}
