// Why compiled code leaves for the interpreter: one exhaustive enum (a new reason breaks every
// switch that must handle it), each case with a short stable name for logs, `:tier`, exit counts
// and golden listings.
//
// Invariants: names are unique, lower camel case, and never change once listed in a golden or a
// log format; every guard and every exit in the IR carries exactly one reason.

public enum DeoptReason: UInt8, Hashable, Sendable, CaseIterable {
    /// A value speculated to be an integer was not.
    case notInteger
    /// A value speculated to be a float was not.
    case notFloat
    /// A value speculated to be a number (integer or float) was not.
    case notNumber
    /// A value speculated to be a table was not.
    case notTable
    /// A value speculated to be a string was not.
    case notString
    /// An array-part index was outside 1...arraySize.
    case arrayBounds
    /// A raw read found nil where a metatable could answer (__index) instead.
    case nilNeedsMetatable
    /// A raw write would have to consult a metatable (__newindex) or create a key.
    case storeNeedsSlowPath
    /// Integer `//` or `%` by zero: the interpreter raises the error.
    case divisionByZero
    /// A numeric for loop did not have the shape compiled (types, or step not > 0).
    case forLoopShape
    /// A branch the feedback said was never taken was taken.
    case untakenBranch
    /// The stack-limit check failed: an interrupt request or a real stack overflow.
    case stackLimit
    /// A runtime helper returned a non-ok status (raise, yield, metamethod to run).
    case helperStatus
    /// The instruction has no compiled form yet: the interpreter runs it.
    case notCompiled
    /// An OSR compilation covers its loop and what follows; a jump back to an earlier loop leaves it.
    case leftOSRRegion
    /// The instruction never ran before the code was made, so there was no type feedback to
    /// speculate on (V8's "insufficient type feedback"): the code is dropped at once and made
    /// again once the interpreter has run it.
    case noFeedback
    /// A call site compiled for one callee (an inlined function, an intrinsic) met another.
    case callTarget
    /// A generic for's `next` met a key that is not in the table (the interpreter raises
    /// "invalid key to 'next'").
    case nextKeyMissing

    /// The stable name printed in listings and logs.
    public var name: String {
        switch self {
        case .notInteger: return "notInteger"
        case .notFloat: return "notFloat"
        case .notNumber: return "notNumber"
        case .notTable: return "notTable"
        case .notString: return "notString"
        case .arrayBounds: return "arrayBounds"
        case .nilNeedsMetatable: return "nilNeedsMetatable"
        case .storeNeedsSlowPath: return "storeNeedsSlowPath"
        case .divisionByZero: return "divisionByZero"
        case .forLoopShape: return "forLoopShape"
        case .untakenBranch: return "untakenBranch"
        case .stackLimit: return "stackLimit"
        case .helperStatus: return "helperStatus"
        case .notCompiled: return "notCompiled"
        case .leftOSRRegion: return "leftOSRRegion"
        case .noFeedback: return "noFeedback"
        case .callTarget: return "callTarget"
        case .nextKeyMissing: return "nextKeyMissing"
        }
    }
}
