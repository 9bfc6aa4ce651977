// StdlibLimits: every limit and knob of the standard library, each with its reason.
//
// Invariant: library code reads these constants and never repeats the numbers inline.

public enum StdlibLimits {
    /// Deepest recursion of the pattern matcher before "pattern too complex". Each pattern item
    /// that may backtrack (`?`, captures, expansions) costs one level of native stack; 200 keeps
    /// the worst case far below a thread's stack and is the depth lua5.4 allows, so the same
    /// patterns are accepted and refused.
    public static let patternMaxDepth = 200
    /// Most captures one pattern may open ("too many captures"), as in lua5.4.
    public static let patternMaxCaptures = 32
    /// Matching steps between two calls of the interrupt hook: small enough that Ctrl-C stops a
    /// pathological match within microseconds, large enough to cost nothing measurable.
    public static let patternStepsPerInterruptCheck = 1 << 12
    /// Longest conversion specification accepted by string.format (flags, width, precision and
    /// the conversion letter), as lua5.4 ("invalid format (too long)").
    public static let formatMaxSpec = 22
    /// Widest width or precision in string.format: two decimal digits, as in lua5.4.
    public static let formatMaxDigits = 2
    /// Largest integer size string.pack accepts for `i[n]`/`I[n]`/`s[n]` and alignment `![n]`.
    public static let packMaxIntSize = 16
    /// Largest result string.pack/string.rep build (bytes). Past this they raise
    /// "resulting string too large" instead of exhausting memory.
    public static let maxStringSize = Int(Int32.max)
    /// Elements between two interrupt checks in table.sort, table.concat and similar loops.
    public static let tableStepsPerInterruptCheck = 1 << 10
    /// table.sort of this many integers or strings at most, without a comparator, sorts a copy
    /// in one uninterruptible step (TableLib+Sort `sortUniform`): about 3 ms at this size.
    public static let uniformSortMaxElements = 1 << 16
    /// What debug.setcstacklimit answers (a 5.4.0-5.4.2 function that later versions keep
    /// as a no-op): lua 5.4.8's fixed C-call limit, 200, whatever the argument.
    public static let cStackLimitAnswer: Int64 = 200
}
