// Every limit and knob of the interactive session, each with its reason.
//
// Invariants: all values are positive; nothing else in LuaREPL hard-codes a size or a delay.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif
enum REPLLimits {
    /// History entries kept (in the file and in memory): weeks of sessions, still loads instantly.
    static let historySize = 1000
    /// A second Ctrl-C whose request the VM has not served after this long means the code is stuck
    /// where no stack check runs (a system call that does not return): the process exits.
    static let watchdogGraceNanoseconds: UInt64 = 1_000_000_000
    /// How often the watchdog looks: a small fraction of the grace period, cheap enough to ignore.
    static let watchdogPollMicroseconds: UInt32 = 50_000
    /// At the prompt, how long one wait for a key lasts before the pending Ctrl-C bit is looked at
    /// again: bounds the delay when SIGINT lands between two reads (rare), costs ~10 wakeups/s idle.
    static let promptInterruptPollMilliseconds: Int32 = 100
    /// Up/Down move between the lines of an input only up to this size: libedit's readline layer
    /// exposes the line in a conversion buffer first sized 1 KiB, which a longer line may move.
    static let lineMovesMaxBytes = 1000
    /// After an ESC (or a UTF-8 lead byte), how long to wait for the rest of the sequence: a
    /// terminal sends a key's bytes together, so this only bounds a lone ESC typed by hand.
    static let escapeSequenceWaitMilliseconds: Int32 = 50
    /// A bracketed paste whose end marker has not come after this much silence is taken as ended
    /// (a terminal that lost it must not leave the prompt swallowing keys).
    static let pasteQuietMilliseconds: Int32 = 1000
    /// `:pp` stops descending here: deeper structure is almost never read on a terminal.
    static let prettyMaxDepth = 8
    /// `:pp` shows at most this many entries of one table, then says how many it left out.
    static let prettyMaxEntries = 200
    /// `:pp` renders at most this many values in all: shared subtables are shown again each time
    /// they are reached, and this bounds the output of heavily shared structures.
    static let prettyMaxNodes = 5000
    /// `:pp` puts a table on one line when it fits in this many columns.
    static let prettyLineWidth = 72
    /// A table result is shown this deep, then `{...}`: a glance at a value, not a dump (typing
    /// `_G` shows the libraries' names, not every function in them); `:pp` goes deeper.
    static let resultMaxDepth = 4
    /// A table result shows this many entries of one table, then counts the rest: a screenful.
    static let resultMaxEntries = 100
    /// The line width for table results when stdout is not a terminal (a pipe under `-i`).
    static let resultWidthOffTerminal = 80
    /// `:locals` at the `paused>` prompt shows a table value this deep and this many entries of
    /// one table (an upvalue `_ENV` is the whole global table): one line per variable.
    static let pausedValueDepth = 1
    static let pausedValueEntries = 8
    /// An expression at the `paused>` prompt sees the paused frame's locals and upvalues when they
    /// are at most this many (each is a local of the expression's chunk; Lua allows 200).
    static let pausedVisibleNames = 150
    /// Exit status after SIGINT, as shells report a process killed by it (128 + 2).
    static let interruptedExitStatus: Int32 = 130
}
