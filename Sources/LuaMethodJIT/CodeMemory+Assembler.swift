// Assembling straight into code memory: reserve, assemble for the final address, install.
//
// Invariant: the assembler's origin is the reservation's address, so rel32 calls and jumps to
// absolute targets are encoded for where the code will run.
import X64Assembler

extension CodeMemory {
    /// Assembles with `build` at the address of a fresh reservation of `capacity` bytes and
    /// installs the result. Code longer than `capacity` is a caller error; a tight bound lets the
    /// reservation fit a hole left by freed code (it is placed before it is trimmed).
    public func assemble(name: String, capacity: Int = 4096, features: CPUFeatures = .host,
                         _ build: (inout Assembler) -> Void) throws(CodeMemoryError) -> CodeBlock {
        let r = try reserve(capacity: capacity)
        var a = Assembler(features: features, origin: r.address, capacity: capacity)
        build(&a)
        return install(a.finish(), in: r, name: name)
    }
}
