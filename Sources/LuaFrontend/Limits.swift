// Every limit and knob of the frontend, each with the reason for its value.
//
// The limits mirror those lua5.4 enforces, so that programs that lua accepts compile here and
// programs it rejects fail with the same message; the last entries are speed knobs.

enum FrontendLimits {
    /// Nesting depth of syntactic constructs (blocks, expressions, calls). Recursion in the
    /// parser is bounded by this, so deeply nested input is an error, never a native stack
    /// overflow. lua uses 200 (LUAI_MAXCCALLS).
    static let maxSyntaxLevels = 200
    /// Registers per function: the A/B/C fields are 8 bits wide and lua reserves 255.
    static let maxRegisters = 255
    /// Active local variables per function (lua's MAXVARS).
    static let maxLocals = 200
    /// Upvalues per function: lua's MAXUPVAL (the B field of getUpval).
    static let maxUpvalues = 255
    /// Table constructor items flushed per setList (lua's LFIELDS_PER_FLUSH).
    static let fieldsPerFlush = 50
    /// Constants addressable by the 8-bit C/B fields of the *K and field instructions.
    static let maxIndexRK = 255
    /// Longest string constant usable as a getField/setField/self key (lua: short strings).
    static let maxShortString = 40
    /// Constant tables up to this size are searched linearly (no hash index to allocate):
    /// most functions have a few constants, and scanning 8 plain entries beats hashing.
    static let linearConstants = 8
}
