// CPU features beyond the x86-64 baseline (SSE2) that the assembler can emit, and the host query.
//
// Invariant: `CPUFeatures.host` is what CPUID reports on the running machine, read once; an
// instruction that needs a feature asserts it is in the assembler's `features`, so a backend
// that asks `features.contains(...)` first never emits code the CPU cannot run.
import CCPUID

public struct CPUFeatures: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// SSE4.1: `roundsd` (floor, ceil, trunc of doubles in one instruction).
    public static let sse41 = CPUFeatures(rawValue: 1 << 0)

    /// Every feature this assembler knows, for encoding tests that never run the code.
    public static let all: CPUFeatures = [.sse41]

    /// The running CPU's features, from CPUID leaf 1 (ECX bit 19 is SSE4.1).
    public static let host: CPUFeatures = fromLeaf1ECX(ccpuid_leaf1_ecx())

    /// Decodes CPUID leaf 1's ECX word (split out so it can be tested on fixed values).
    public static func fromLeaf1ECX(_ ecx: UInt32) -> CPUFeatures {
        var f: CPUFeatures = []
        if ecx & (1 << 19) != 0 { f.insert(.sse41) }
        return f
    }
}
