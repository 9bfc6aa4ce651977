// PatternMatcher: the Lua pattern engine (manual §6.4.1) over raw bytes, with no VM inside.
//
// Invariants:
//  - Subject and pattern are byte ranges that outlive the matcher; positions are 0-based offsets
//    into the subject. A capture is (start, length); length is `PatternMatcher.position` for a
//    position capture `()` and `PatternMatcher.unfinished` while its `)` is not yet matched.
//  - Recursion happens only where a match may backtrack (`?`, `*`, `+`, `-` that match at least
//    once); plain items, and `?`/`*`/`-` items that match nothing, loop. A capture's `(` or `)`,
//    where lua's matcher calls itself for the rest, runs the rest in the same activation but
//    holds the level of depth that call would hold. Depth is bounded by
//    StdlibLimits.patternMaxDepth ("pattern too complex"), so a pattern can never overflow the
//    native stack, and the limit falls where lua5.4's falls.
//  - A matcher is a few words: PatternText (one pointer to subject, pattern, class tables and
//    interrupt hook) and pointers to capture storage, all on the stack of PatternMatcher.with,
//    which it never outlives; passing it or calling its helpers copies nothing large.
//  - Shortcuts never change a result, an error, or where "pattern too complex" is raised. A
//    recursive `match` is left out only when its outcome is known without running it: the rest of
//    the pattern is empty (it would return its position at once), or the rest starts with a
//    well-formed single-character item that must match once and the byte there fails it (it
//    would return nil at once). Either way the depth check the call would have made is made
//    (`matchRest`, and the checks at the top of `maxExpand` and `minExpand`, whose loops all
//    call `match` at least once at the same depth).
//  - The interrupt hook runs every StdlibLimits.patternStepsPerInterruptCheck steps: a call of
//    `match` is a step, and so is every 2^bytesPerStepShift bytes a loop tests without calling
//    it (`charge`, after the loop or before its next call); loops that may be long also run it
//    every `scanChunk` bytes. It may throw (Ctrl-C), which abandons the match.
//  - Character classes follow the C locale (ASCII), as lua5.4 does by default: PatternClasses'
//    tables, whose base pointer the matcher keeps (`classes`).

#if canImport(Glibc)
import Glibc
#endif

/// An error raised by library code with lua's wording (library code raises it as a Lua error
/// with position information, like luaL_error).
public struct LibraryError: Error, Equatable {
    /// The message's bytes: it may quote a byte of the input that is not UTF-8.
    public let bytes: [UInt8]
    public init(_ message: String) { bytes = Array(message.utf8) }
    public init(bytes: [UInt8]) { self.bytes = bytes }
    public var message: String { String(decoding: bytes, as: UTF8.self) }
}
public typealias PatternError = LibraryError

/// A single-character class (`x`, `.`, `%a`, `[set]`) decoded once, for loops that test many
/// subject bytes against the same item.
enum ByteTest {
    case literal(UInt8)
    case any
    /// A class letter's entry in PatternClasses.table (classes, and the complement bit).
    case named(UInt16)
    /// A set: its '[' and its closing ']' in the pattern.
    case bracket(Int, Int)
}

/// What any match attempt needs of the byte where it starts, so drivers can skip to the
/// positions where an attempt may succeed (see `startFilter`).
public enum StartFilter {
    /// Every position must be tried.
    case none
    case literal(UInt8)
    /// A class letter's entry in PatternClasses.table.
    case named(UInt16)
    case set(ByteSet)
}

public struct PatternMatcher {
    public static let position = -2
    public static let unfinished = -1
    /// Bytes a loop may scan between two interrupt checks when it makes no recursive call.
    static let scanChunk = 1 << 16

    /// What the matcher reads: subject, pattern, class tables, interrupt hook (one pointer).
    public let t: PatternText
    var depth = StdlibLimits.patternMaxDepth
    var steps = StdlibLimits.patternStepsPerInterruptCheck
    /// Number of captures opened so far (finished or not).
    public var level = 0
    /// Capture i's start is capStart[i] and its length capLen[i], for i < level; entries past
    /// `level` are never read, so the storage starts uninitialized (see `with`).
    let capStart: UnsafeMutablePointer<Int>
    let capLen: UnsafeMutablePointer<Int>

    /// Words of capture storage a matcher needs.
    public static let captureWords = 2 * StdlibLimits.patternMaxCaptures

    /// `text` and `captures` (captureWords Ints, initialized or not) must stay valid while the
    /// matcher is used; the matcher does not own them.
    init(text: UnsafePointer<PatternTextFields>, captures: UnsafeMutablePointer<Int>) {
        t = PatternText(f: text)
        capStart = captures
        capLen = captures + StdlibLimits.patternMaxCaptures
    }

    /// Run `body` with a matcher over `subject` and `pattern` whose capture storage lives on the
    /// stack for the call: the matcher must not escape `body`. The matcher is a few words that
    /// point at everything else, so passing it around never copies capture arrays.
    @inline(__always)
    public static func with<R>(subject: UnsafeBufferPointer<UInt8>, pattern: UnsafeBufferPointer<UInt8>,
                               interrupt: InterruptCheck = .none,
                               _ body: (inout PatternMatcher) throws -> R) throws -> R {
        try withUnsafeTemporaryAllocation(of: PatternTextFields.self, capacity: 1) { text in
            text.initialize(repeating: PatternTextFields(subject: subject, pattern: pattern, interrupt: interrupt))
            return try withUnsafeTemporaryAllocation(of: Int.self, capacity: captureWords) { caps in
                var m = PatternMatcher(text: text.baseAddress!, captures: caps.baseAddress!)
                return try body(&m)
            }
        }
    }

    static var tooComplex: PatternError { PatternError("pattern too complex") }

    // The text's fields under their short names (loads of one field, never a copy of `t`).
    @inline(__always) var s: UnsafePointer<UInt8> { t.s }
    @inline(__always) var sEnd: Int { t.sEnd }
    @inline(__always) var p: UnsafePointer<UInt8> { t.p }
    @inline(__always) var pEnd: Int { t.pEnd }
    @inline(__always) var interrupt: InterruptCheck { t.interrupt }

    /// Forget the captures and the depth used by a previous attempt.
    @inline(__always) public mutating func reset() {
        level = 0
        depth = StdlibLimits.patternMaxDepth
    }

    /// Capture `i` as (start, length); length is `position` for a position capture.
    public func capture(_ i: Int) -> (start: Int, length: Int) {
        assert(i < level)
        return (capStart[i], capLen[i])
    }

    @inline(__always) mutating func tick() throws {
        steps -= 1
        if steps <= 0 {
            steps = StdlibLimits.patternStepsPerInterruptCheck
            try interrupt()
        }
    }

    /// Count `bytes` subject bytes that a loop tested without calling `match` against the same
    /// budget, one step per 2^bytesPerStepShift bytes: a scan costs about as much as a call per
    /// that many bytes, so many scans between calls keep Ctrl-C as prompt as many calls do.
    @inline(__always) public mutating func charge(_ bytes: Int) throws {
        let cost = bytes &>> PatternMatcher.bytesPerStepShift
        if cost == 0 { return }  // most scans: a word, a number
        steps &-= cost
        if steps <= 0 {
            steps = StdlibLimits.patternStepsPerInterruptCheck
            try interrupt()
        }
    }

    static let bytesPerStepShift = 4

    // MARK: Matching

    /// Try to match the pattern from `pi` against the subject at `si`; returns the end offset of
    /// the match, or nil. One call is one level of depth, as one call of lua's matcher is.
    ///
    /// A capture's `(` or `)` is where lua's matcher calls itself for the rest of the pattern and
    /// returns that call's result as its own; here the rest runs in the same activation, which
    /// takes the level of depth that call would hold (`held`, given back on return) and records
    /// the captures it closed (`closed`, bit l for capture l), so that when the rest fails it
    /// undoes them as those calls would: the captures opened here go, the ones closed here are
    /// unfinished again.
    public mutating func match(_ si: Int, _ pi: Int) throws -> Int? {
        if depth == 0 { throw PatternMatcher.tooComplex }
        depth &-= 1
        try tick()
        var held = 0
        var closed: UInt32 = 0
        let entryLevel = level
        defer { depth &+= 1 &+ held }
        var si = si
        var pi = pi
        var result: Int? = nil
        items: while true {
            if pi >= pEnd {
                result = si
                break
            }
            let pc = p[pi]
            // The single-character class of a plain item spans [pi, ep).
            var ep = pi &+ 1
            switch pc {
            case UInt8(ascii: "("):
                if level >= StdlibLimits.patternMaxCaptures { throw PatternError("too many captures") }
                let isPosition = pi &+ 1 < pEnd && p[pi &+ 1] == UInt8(ascii: ")")
                capStart[level] = si
                capLen[level] = isPosition ? PatternMatcher.position : PatternMatcher.unfinished
                level &+= 1
                pi &+= isPosition ? 2 : 1
                try holdLevel(&held)
                continue
            case UInt8(ascii: ")"):
                var l = level &- 1
                while l >= 0 && capLen[l] != PatternMatcher.unfinished { l &-= 1 }
                if l < 0 { throw PatternError("invalid pattern capture") }
                capLen[l] = si &- capStart[l]
                closed |= 1 &<< UInt32(l)
                pi &+= 1
                try holdLevel(&held)
                continue
            case UInt8(ascii: "$") where pi &+ 1 == pEnd:
                result = si == sEnd ? si : nil
                break items
            case UInt8(ascii: "%"):
                guard pi &+ 1 < pEnd else { throw PatternError("malformed pattern (ends with '%')") }
                let d = p[pi &+ 1]
                if d == UInt8(ascii: "b") {
                    guard let e = try matchBalance(si, pi &+ 2) else { result = nil; break items }
                    si = e
                    pi &+= 4
                    continue
                }
                if d == UInt8(ascii: "f") {
                    pi &+= 2
                    guard pi < pEnd && p[pi] == UInt8(ascii: "[") else {
                        throw PatternError("missing '[' after '%f' in pattern")
                    }
                    let e = try t.setEnd(pi)
                    let before: UInt8 = si == 0 ? 0 : s[si &- 1]
                    let here: UInt8 = si < sEnd ? s[si] : 0
                    if !t.matchBracket(before, pi, e &- 1) && t.matchBracket(here, pi, e &- 1) {
                        pi = e
                        continue
                    }
                    result = nil
                    break items
                }
                if isDigit(d) {
                    guard let e = try matchBackReference(si, d) else { result = nil; break items }
                    si = e
                    pi &+= 2
                    continue
                }
                ep = pi &+ 2
            case UInt8(ascii: "["):
                ep = try t.setEnd(pi)
            default:
                break
            }
            let one = si < sEnd && t.singleMatch(s[si], pi, ep)
            let q: UInt8 = ep < pEnd ? p[ep] : 0
            if !one {
                // An item that may match empty and does not match here is skipped in this
                // activation (no recursion, no depth), as lua does: `("a*"):rep(400)` matches.
                if q == UInt8(ascii: "*") || q == UInt8(ascii: "?") || q == UInt8(ascii: "-") {
                    pi = ep &+ 1
                    continue
                }
                result = nil
                break items
            }
            switch q {
            case UInt8(ascii: "?"):
                if let e = try matchRest(si &+ 1, ep &+ 1) { result = e; break items }
                pi = ep &+ 1
            case UInt8(ascii: "*"), UInt8(ascii: "+"):
                // `+` has its one match; `*` may still give it back.
                result = try maxExpand(q == UInt8(ascii: "+") ? si &+ 1 : si, pi, ep)
                break items
            case UInt8(ascii: "-"):
                result = try minExpand(si, pi, ep)
                break items
            default:
                si &+= 1
                pi = ep
            }
        }
        if result == nil {
            level = entryLevel
            while closed != 0 {
                capLen[closed.trailingZeroBitCount] = PatternMatcher.unfinished
                closed &= closed &- 1
            }
        }
        return result
    }

    /// Take the level of depth a recursive `match` would take (raising where it would raise).
    @inline(__always) mutating func holdLevel(_ held: inout Int) throws {
        if depth == 0 { throw PatternMatcher.tooComplex }
        depth &-= 1
        held &+= 1
    }

    /// `match(si, pi)`, without the call when the rest of the pattern is empty: that call would
    /// return `si` at once, after the depth check made here.
    @inline(__always) mutating func matchRest(_ si: Int, _ pi: Int) throws -> Int? {
        if pi == pEnd {
            if depth == 0 { throw PatternMatcher.tooComplex }
            return si
        }
        return try match(si, pi)
    }

    /// Greedy `*` and `+` over the item [pi, ep): take as many single matches from `base` as
    /// possible, then give back one at a time (down to `base`) until the rest matches.
    @inline(__always)
    mutating func maxExpand(_ base: Int, _ pi: Int, _ ep: Int) throws -> Int? {
        // Every way through below calls match at least once at this depth: at 0 that call raises.
        if depth == 0 { throw PatternMatcher.tooComplex }
        let item = t.decode(pi, ep)
        var n: Int
        if case .named(let k) = item, k & PatternClasses.complement == 0 {
            // The usual item (`%a+`, `%d*`) counted here: countRun is a call.
            let table = t.classes
            n = try t.scan(from: base) { table[Int($0)] & k != 0 } &- base
        } else {
            n = try t.countRun(base, item)
        }
        // For the count and for the loop giving the run back, which tests no more bytes.
        try charge(n)
        let r = ep &+ 1
        if r == pEnd { return base &+ n }
        if let next = t.mustConsume(r) {
            // The rest fails at once where its first item fails: call match only where it holds.
            if case .literal(let c) = next {
                while n >= 0 {
                    let at = base &+ n
                    if at < sEnd && s[at] == c, let e = try match(at, r) { return e }
                    n &-= 1
                    if n > 0 && n & 0xFFFF == 0 { try interrupt() }
                }
                return nil
            }
            while n >= 0 {
                let at = base &+ n
                if at < sEnd && t.test(next, s[at]), let e = try match(at, r) { return e }
                n &-= 1
                if n > 0 && n & 0xFFFF == 0 { try interrupt() }
            }
            return nil
        }
        while n >= 0 {
            if let e = try match(base &+ n, r) { return e }
            n &-= 1
        }
        return nil
    }

    /// Lazy `-`: try the rest of the pattern first, then take one more single match.
    mutating func minExpand(_ si: Int, _ pi: Int, _ ep: Int) throws -> Int? {
        // The first try below calls match at this depth: at 0 that call raises.
        if depth == 0 { throw PatternMatcher.tooComplex }
        let r = ep &+ 1
        if r == pEnd { return si }
        let item = t.decode(pi, ep)
        var i = si
        if let next = t.mustConsume(r) {
            var charged = si
            while true {
                if i < sEnd && t.test(next, s[i]) {
                    try charge(i &- charged)
                    charged = i
                    if let e = try match(i, r) { return e }
                }
                if i >= sEnd || !t.test(item, s[i]) {
                    try charge(i &- charged)
                    return nil
                }
                i &+= 1
                if i & 0xFFFF == 0 { try interrupt() }
            }
        }
        while true {
            if let e = try match(i, r) { return e }
            if i >= sEnd || !t.test(item, s[i]) { return nil }
            i &+= 1
        }
    }

    /// `%bxy` with `pi` at x.
    mutating func matchBalance(_ si: Int, _ pi: Int) throws -> Int? {
        if pi + 1 >= pEnd { throw PatternError("malformed pattern (missing arguments to '%b')") }
        let open = p[pi], close = p[pi + 1]
        guard si < sEnd && s[si] == open else { return nil }
        var nesting = 1
        var i = si + 1
        while i < sEnd {
            let c = s[i]
            if c == close {
                nesting -= 1
                if nesting == 0 {
                    try charge(i &- si)
                    return i + 1
                }
            } else if c == open {
                nesting += 1
            }
            i += 1
            if i & 0xFFFF == 0 { try interrupt() }
        }
        try charge(i &- si)
        return nil
    }

    mutating func matchBackReference(_ si: Int, _ digit: UInt8) throws -> Int? {
        let l = Int(digit) - Int(UInt8(ascii: "1"))
        if l < 0 || l >= level || capLen[l] == PatternMatcher.unfinished {
            throw PatternError("invalid capture index %\(l + 1)")
        }
        // A back-reference to a position capture never matches (lua5.4 compares its length as
        // an unsigned size, which no subject is long enough for).
        let len = capLen[l]
        guard len >= 0, sEnd - si >= len else { return nil }
        let start = capStart[l]
        try charge(len)
        for k in 0..<len where s[start + k] != s[si + k] { return nil }
        return si + len
    }
}

/// The fields of a PatternText, in memory that outlives the matcher's use (see PatternMatcher.with).
struct PatternTextFields {
    let s: UnsafePointer<UInt8>
    let sEnd: Int
    let p: UnsafePointer<UInt8>
    let pEnd: Int
    let classes: UnsafePointer<UInt16>
    let interrupt: InterruptCheck

    /// Empty buffers may have a nil base address; they are replaced by a pointer that is never read.
    init(subject: UnsafeBufferPointer<UInt8>, pattern: UnsafeBufferPointer<UInt8>, interrupt: InterruptCheck) {
        s = subject.baseAddress ?? PatternTextFields.emptyBytes
        sEnd = subject.count
        p = pattern.baseAddress ?? PatternTextFields.emptyBytes
        pEnd = pattern.count
        classes = PatternClasses.table
        self.interrupt = interrupt
    }

    nonisolated(unsafe) static let emptyBytes: UnsafePointer<UInt8> = {
        let b = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        b.initialize(to: 0)
        return UnsafePointer(b)
    }()
}

/// The subject, the pattern, the class tables and the interrupt hook: everything matching reads
/// and never changes, and the helpers that only read it. It is one pointer to its fields, so a
/// call of a helper from the matcher passes a register: a struct of several words would be
/// copied to the stack for each call (a non-mutating call from a mutating method copies `self`).
public struct PatternText {
    let f: UnsafePointer<PatternTextFields>

    @inline(__always) var s: UnsafePointer<UInt8> { f.pointee.s }
    @inline(__always) var sEnd: Int { f.pointee.sEnd }
    @inline(__always) var p: UnsafePointer<UInt8> { f.pointee.p }
    @inline(__always) var pEnd: Int { f.pointee.pEnd }
    @inline(__always) var classes: UnsafePointer<UInt16> { f.pointee.classes }
    @inline(__always) var interrupt: InterruptCheck { f.pointee.interrupt }

    /// True when the pattern starts with '^' (find, match and gsub anchor there; gmatch does not).
    public var anchored: Bool { pEnd > 0 && p[0] == UInt8(ascii: "^") }

    // MARK: Single-character classes

    /// Offset just past the set whose '[' is at `pi`, or nil when its ']' is missing.
    func setEndIfClosed(_ pi: Int) -> Int? {
        var i = pi + 1
        if i < pEnd && p[i] == UInt8(ascii: "^") { i += 1 }
        // The first member is taken literally even when it is ']'.
        repeat {
            if i >= pEnd { return nil }
            let m = p[i]
            i += 1
            if m == UInt8(ascii: "%") && i < pEnd { i += 1 }
        } while i >= pEnd || p[i] != UInt8(ascii: "]")
        return i + 1
    }

    func setEnd(_ pi: Int) throws -> Int {
        guard let e = setEndIfClosed(pi) else { throw PatternError("malformed pattern (missing ']')") }
        return e
    }

    /// Does byte `c` match the class spanning [pi, ep)?
    @inline(__always) func singleMatch(_ c: UInt8, _ pi: Int, _ ep: Int) -> Bool {
        let pc = p[pi]
        switch pc {
        case UInt8(ascii: "."): return true
        case UInt8(ascii: "%"): return matchClass(c, p[pi + 1])
        case UInt8(ascii: "["): return matchBracket(c, pi, ep - 1)
        default: return pc == c
        }
    }

    /// The class spanning [pi, ep) as a ByteTest.
    @inline(__always) func decode(_ pi: Int, _ ep: Int) -> ByteTest {
        switch p[pi] {
        case UInt8(ascii: "."): return .any
        case UInt8(ascii: "%"):
            let l = p[pi + 1]
            let k = classes[256 + Int(l)]
            return k == 0 ? .literal(l) : .named(k)
        case UInt8(ascii: "["): return .bracket(pi, ep - 1)
        case let c: return .literal(c)
        }
    }

    @inline(__always) func test(_ t: ByteTest, _ c: UInt8) -> Bool {
        switch t {
        case .literal(let l): return c == l
        case .any: return true
        case .named(let k): return namedMatch(c, k)
        case .bracket(let pi, let ec): return matchBracket(c, pi, ec)
        }
    }

    /// The item at `r` decoded, when it is a well-formed single-character item with no `*`, `?`
    /// or `-` suffix: then `match(i, r)` returns nil at once, raising nothing, wherever byte i
    /// fails the test (or i is the end of the subject). Nil for any other item.
    @inline(__always) func mustConsume(_ r: Int) -> ByteTest? {
        if r >= pEnd { return nil }
        // The common items without a call: a plain byte or a `%` escape.
        let c = p[r]
        switch c {
        case UInt8(ascii: "("), UInt8(ascii: ")"):
            return nil
        case UInt8(ascii: "%"):
            guard r &+ 1 < pEnd && consumesOnce(r &+ 2) else { return nil }
            let d = p[r &+ 1]
            let k = classes[256 &+ Int(d)]
            if k != 0 { return .named(k) }
            if d == UInt8(ascii: "b") || d == UInt8(ascii: "f") || isDigit(d) { return nil }
            return .literal(d)
        case UInt8(ascii: "["), UInt8(ascii: "."), UInt8(ascii: "$"):
            return mustConsumeItem(r)
        default:
            return consumesOnce(r &+ 1) ? .literal(c) : nil
        }
    }

    /// Whether the suffix at `ep` (if any) makes its item match exactly once before going on:
    /// none, or `+`.
    @inline(__always) func consumesOnce(_ ep: Int) -> Bool {
        if ep >= pEnd { return true }
        let q = p[ep]
        return q != UInt8(ascii: "*") && q != UInt8(ascii: "?") && q != UInt8(ascii: "-")
    }

    /// mustConsume in full (its inline part takes the common items).
    func mustConsumeItem(_ r: Int) -> ByteTest? {
        let ep: Int
        switch p[r] {
        case UInt8(ascii: "("), UInt8(ascii: ")"):
            return nil
        case UInt8(ascii: "$") where r + 1 == pEnd:
            return nil
        case UInt8(ascii: "%"):
            if r + 1 >= pEnd { return nil }
            let d = p[r + 1]
            if d == UInt8(ascii: "b") || d == UInt8(ascii: "f") || isDigit(d) { return nil }
            ep = r + 2
        case UInt8(ascii: "["):
            guard let e = setEndIfClosed(r) else { return nil }
            ep = e
        default:
            ep = r + 1
        }
        if ep < pEnd {
            let q = p[ep]
            if q == UInt8(ascii: "*") || q == UInt8(ascii: "?") || q == UInt8(ascii: "-") { return nil }
        }
        return decode(r, ep)
    }

    /// How many bytes from `si` on match `t` (stops at the end of the subject).
    @inline(__always)
    func countRun(_ si: Int, _ t: ByteTest) throws -> Int {
        switch t {
        case .any:
            return sEnd &- si
        case .literal(let c):
            return try scan(from: si) { $0 == c } - si
        case .named(let k):
            let table = classes
            if k & PatternClasses.complement != 0 {
                return try scan(from: si) { table[Int($0)] & k == 0 } - si
            }
            return try scan(from: si) { table[Int($0)] & k != 0 } - si
        case .bracket(let pi, let ec):
            // Short runs test the set directly; a long one pays once for a bit set.
            var i = si
            let quick = min(sEnd, si &+ 8)
            while i < quick && matchBracket(s[i], pi, ec) { i &+= 1 }
            if i < quick || i >= sEnd { return i &- si }
            return try byteSet(pi, ec).withWords { w in try scan(from: i) { ByteSet.contains(w, $0) } } - si
        }
    }

    /// The first offset at or after `i` whose byte fails `pred` (or the end of the subject),
    /// with an interrupt check every scanChunk bytes.
    @inline(__always)
    func scan(from i: Int, _ pred: (UInt8) -> Bool) throws -> Int {
        var i = i
        while true {
            let stop = min(sEnd, i &+ PatternMatcher.scanChunk)
            while i < stop && pred(s[i]) { i &+= 1 }
            if i < stop || i >= sEnd { return i }
            try interrupt()
        }
    }

    @inline(__always) func namedMatch(_ c: UInt8, _ k: UInt16) -> Bool {
        (classes[Int(c)] & k != 0) != (k & PatternClasses.complement != 0)
    }

    /// `%x` classes; an upper-case class letter is the complement; any other byte is itself.
    @inline(__always) func matchClass(_ c: UInt8, _ cl: UInt8) -> Bool {
        let k = classes[256 + Int(cl)]
        return k == 0 ? c == cl : namedMatch(c, k)
    }

    /// Set membership; `pi` at '[', `ec` at the closing ']'.
    func matchBracket(_ c: UInt8, _ pi: Int, _ ec: Int) -> Bool {
        var i = pi + 1
        var found = true
        if p[i] == UInt8(ascii: "^") {
            found = false
            i += 1
        }
        while i < ec {
            let m = p[i]
            if m == UInt8(ascii: "%") {
                i += 1
                if matchClass(c, p[i]) { return found }
                i += 1
            } else if i + 2 < ec && p[i + 1] == UInt8(ascii: "-") {
                if m <= c && c <= p[i + 2] { return found }
                i += 3
            } else {
                if m == c { return found }
                i += 1
            }
        }
        return !found
    }

    /// The set with '[' at `pi` and ']' at `ec` as a ByteSet: the same members matchBracket
    /// reads, in the same way.
    func byteSet(_ pi: Int, _ ec: Int) -> ByteSet {
        var set = ByteSet()
        var i = pi + 1
        let negated = p[i] == UInt8(ascii: "^")
        if negated { i += 1 }
        while i < ec {
            let m = p[i]
            if m == UInt8(ascii: "%") {
                set.formUnion(classSet(p[i + 1]))
                i += 2
            } else if i + 2 < ec && p[i + 1] == UInt8(ascii: "-") {
                set.insertRange(m, p[i + 2])
                i += 3
            } else {
                set.insert(m)
                i += 1
            }
        }
        if negated { set.complement() }
        return set
    }

    /// The bytes `%l` matches, as a ByteSet.
    func classSet(_ l: UInt8) -> ByteSet {
        let k = classes[256 + Int(l)]
        var set = ByteSet()
        if k == 0 {
            set.insert(l)
            return set
        }
        set = PatternClasses.sets[Int(l & 31)]
        if k & PatternClasses.complement != 0 { set.complement() }
        return set
    }

    // MARK: Start positions

    /// What every attempt `match(si, p0)` needs of byte si to get anywhere. When the pattern from
    /// p0 is captures opening (at most 32: more raise "too many captures" wherever they are
    /// tried) then a single-character item that must match once, or a `%b` with both its bytes,
    /// an attempt where byte si fails that item (or is not the `%b`'s opening byte), or at the
    /// end of the subject, returns nil and raises nothing; drivers skip those positions
    /// (`nextStart`). Any other pattern gives `.none`.
    public func startFilter(_ p0: Int) -> StartFilter {
        var pi = p0
        var opened = 0
        while pi < pEnd && p[pi] == UInt8(ascii: "(") {
            pi += pi + 1 < pEnd && p[pi + 1] == UInt8(ascii: ")") ? 2 : 1
            opened += 1
        }
        if opened > StdlibLimits.patternMaxCaptures { return .none }
        // `%bxy` (with both bytes) fails at once, raising nothing, where the byte is not x.
        if pi &+ 3 < pEnd && p[pi] == UInt8(ascii: "%") && p[pi &+ 1] == UInt8(ascii: "b") {
            return .literal(p[pi &+ 2])
        }
        guard let t = mustConsume(pi) else { return .none }
        switch t {
        case .any: return .none
        case .literal(let c): return .literal(c)
        case .named(let k): return .named(k)
        case .bracket(let a, let ec): return .set(byteSet(a, ec))
        }
    }

    /// The first offset at or after `si` where an attempt may match under filter `f`; nil when
    /// none may, up to and including the end of the subject. With `.none`, `si` itself.
    @inline(__always)
    public func nextStart(_ si: Int, _ f: StartFilter) throws -> Int? {
        let i: Int
        switch f {
        case .none:
            return si
        case .literal(let c):
            #if canImport(Glibc)
            var from = si
            while from < sEnd {
                let n = min(sEnd &- from, PatternMatcher.scanChunk)
                if let q = memchr(s + from, Int32(c), n) {
                    return UnsafeRawPointer(q) - UnsafeRawPointer(s)
                }
                from &+= n
                if from < sEnd { try interrupt() }
            }
            return nil
            #else
            i = try scan(from: si) { $0 != c }
            #endif
        case .named(let k):
            let table = classes
            if k & PatternClasses.complement != 0 {
                i = try scan(from: si) { table[Int($0)] & k != 0 }
            } else {
                i = try scan(from: si) { table[Int($0)] & k == 0 }
            }
        case .set(let set):
            i = try set.withWords { w in try scan(from: si) { !ByteSet.contains(w, $0) } }
        }
        return i < sEnd ? i : nil
    }
}

@inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
@inline(__always) func isAlpha(_ c: UInt8) -> Bool {
    let l = c | 0x20
    return l >= UInt8(ascii: "a") && l <= UInt8(ascii: "z")
}
