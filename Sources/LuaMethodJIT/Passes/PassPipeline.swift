// The pass pipeline, in order, with the IR validator after the builder and after every pass
// (always when asked, as tests do; in debug builds otherwise).
//
// Invariant: every pass leaves valid IR; a pass that breaks it fails loudly at that pass.

public enum PassPipeline {
    public static let passes: [(name: String, run: @Sendable (inout IRFunction) -> Void)] = [
        ("fold", ConstantFold.run),
        ("redundancy", RedundancyElimination.run),
        ("hoist", LoopGuardHoisting.run),
        ("redundancy", RedundancyElimination.run),
        ("fold", ConstantFold.run),
        // After the passes that remove and hoist guards (only what remains is coalesced), before
        // dead code (unboxed values and copied instructions nothing uses).
        ("coalesce", GuardCoalescing.run),
        ("dce", DeadCode.run),
    ]

    /// Run every pass; with `validate`, check the IR before the first and after each one;
    /// `between` runs after each pass (the compiler thread's pacing).
    public static func run(_ f: inout IRFunction, validate: Bool = _isDebugAssertConfiguration(),
                           between: () -> Void = {}) throws(IRValidationError) {
        if validate { try f.validate() }
        for p in passes {
            between()
            p.run(&f)
            if validate {
                do { try f.validate() } catch {
                    throw IRValidationError(messages: ["after pass \(p.name):"] + error.messages)
                }
            }
        }
    }
}
