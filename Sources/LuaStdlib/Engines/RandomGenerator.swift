// RandomGenerator: math.random's xoshiro256** generator with lua 5.4's seeding and projection,
// so a seeded sequence equals lua5.4's.
//
// Invariants: the state is never all zero (seeding puts 0xff in the second word); floats take
// the top 53 bits of an output; integers in [lo, up] are drawn without bias by masking to the
// smallest 2^b-1 covering the range and retrying outputs that fall outside.

public struct RandomGenerator {
    var s: (UInt64, UInt64, UInt64, UInt64) = (0, 0xff, 0, 0)

    public init(seed1: UInt64, seed2: UInt64) { seed(seed1, seed2) }

    @inline(__always) static func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 { (x << n) | (x >> (64 - n)) }

    /// One xoshiro256** step.
    public mutating func next() -> UInt64 {
        let result = RandomGenerator.rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = RandomGenerator.rotl(s.3, 45)
        return result
    }

    /// math.randomseed(n1, n2): the state (n1, 0xff, n2, 0), then 16 discarded outputs.
    public mutating func seed(_ n1: UInt64, _ n2: UInt64) {
        s = (n1, 0xff, n2, 0)
        for _ in 0..<16 { _ = next() }
    }

    /// A float in [0, 1).
    public mutating func nextFloat() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// An integer in [lo, up] (lo <= up).
    public mutating func nextInteger(_ lo: Int64, _ up: Int64) -> Int64 {
        assert(lo <= up)
        let n = UInt64(bitPattern: up) &- UInt64(bitPattern: lo)
        var r = next()
        if n & (n &+ 1) == 0 {
            r &= n
        } else {
            var lim = n
            lim |= lim >> 1
            lim |= lim >> 2
            lim |= lim >> 4
            lim |= lim >> 8
            lim |= lim >> 16
            lim |= lim >> 32
            r &= lim
            while r > n { r = next() & lim }
        }
        return Int64(bitPattern: r &+ UInt64(bitPattern: lo))
    }
}
