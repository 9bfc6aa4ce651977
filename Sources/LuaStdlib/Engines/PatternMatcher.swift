// PatternMatcher: the Lua pattern engine (manual §6.4.1) over raw bytes, with no VM inside.
//
// Invariants:
//  - Subject and pattern are byte ranges that outlive the matcher; positions are 0-based offsets
//    into the subject. A capture is (start, length); length is `PatternMatcher.position` for a
//    position capture `()` and `PatternMatcher.unfinished` while its `)` is not yet matched.
//  - Recursion happens only where a match may backtrack (`?`, `*`, `+`, `-` that match at least
//    once, captures); plain items, and `?`/`*`/`-` items that match nothing, loop. Depth is bounded by StdlibLimits.patternMaxDepth ("pattern too complex"), so a
//    pattern can never overflow the native stack.
//  - Every StdlibLimits.patternStepsPerInterruptCheck steps the interrupt hook runs; it may throw
//    (Ctrl-C), which abandons the match.
//  - Character classes follow the C locale (ASCII), as lua5.4 does by default.

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

public struct PatternMatcher {
    public static let position = -2
    public static let unfinished = -1

    let s: UnsafePointer<UInt8>
    let sEnd: Int
    let p: UnsafePointer<UInt8>
    let pEnd: Int
    let interrupt: InterruptCheck
    var depth = StdlibLimits.patternMaxDepth
    var steps = StdlibLimits.patternStepsPerInterruptCheck
    /// Number of captures opened so far (finished or not).
    public var level = 0
    var capStart = InlineArray<32, Int>(repeating: 0)
    var capLen = InlineArray<32, Int>(repeating: 0)

    /// `subject` and `pattern` must stay valid while the matcher is used. Empty buffers may have a
    /// nil base address; they are replaced by a pointer that is never read.
    public init(subject: UnsafeBufferPointer<UInt8>, pattern: UnsafeBufferPointer<UInt8>,
                interrupt: InterruptCheck = .none) {
        assert(StdlibLimits.patternMaxCaptures == 32, "capture storage is sized for 32")
        s = subject.baseAddress ?? PatternMatcher.emptyBytes
        sEnd = subject.count
        p = pattern.baseAddress ?? PatternMatcher.emptyBytes
        pEnd = pattern.count
        self.interrupt = interrupt
    }

    nonisolated(unsafe) static let emptyBytes: UnsafePointer<UInt8> = {
        let b = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        b.initialize(to: 0)
        return UnsafePointer(b)
    }()

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

    /// Try to match the pattern from `pi` against the subject at `si`; returns the end offset of
    /// the match, or nil.
    public mutating func match(_ si: Int, _ pi: Int) throws -> Int? {
        if depth == 0 { throw PatternError("pattern too complex") }
        depth -= 1
        defer { depth += 1 }
        try tick()
        var si = si
        var pi = pi
        while true {
            if pi == pEnd { return si }
            let pc = p[pi]
            switch pc {
            case UInt8(ascii: "("):
                if pi + 1 < pEnd && p[pi + 1] == UInt8(ascii: ")") {
                    return try openCapture(si, pi + 2, PatternMatcher.position)
                }
                return try openCapture(si, pi + 1, PatternMatcher.unfinished)
            case UInt8(ascii: ")"):
                return try closeCapture(si, pi + 1)
            case UInt8(ascii: "$") where pi + 1 == pEnd:
                return si == sEnd ? si : nil
            case UInt8(ascii: "%") where pi + 1 < pEnd && p[pi + 1] == UInt8(ascii: "b"):
                guard let e = try matchBalance(si, pi + 2) else { return nil }
                si = e
                pi += 4
                continue
            case UInt8(ascii: "%") where pi + 1 < pEnd && p[pi + 1] == UInt8(ascii: "f"):
                pi += 2
                guard pi < pEnd && p[pi] == UInt8(ascii: "[") else {
                    throw PatternError("missing '[' after '%f' in pattern")
                }
                let ep = try classEnd(pi)
                let before: UInt8 = si == 0 ? 0 : s[si - 1]
                let here: UInt8 = si < sEnd ? s[si] : 0
                if !matchBracket(before, pi, ep - 1) && matchBracket(here, pi, ep - 1) {
                    pi = ep
                    continue
                }
                return nil
            case UInt8(ascii: "%") where pi + 1 < pEnd && isDigit(p[pi + 1]):
                guard let e = try matchBackReference(si, p[pi + 1]) else { return nil }
                si = e
                pi += 2
                continue
            default:
                let ep = try classEnd(pi)
                let q: UInt8 = ep < pEnd ? p[ep] : 0
                let one = singleMatch(si, pi, ep)
                // An item that may match empty and does not match here is skipped in this
                // activation (no recursion, no depth), as lua does: `("a*"):rep(400)` matches.
                if !one && (q == UInt8(ascii: "*") || q == UInt8(ascii: "?") || q == UInt8(ascii: "-")) {
                    pi = ep + 1
                    continue
                }
                switch q {
                case UInt8(ascii: "?"):
                    if one, let e = try match(si + 1, ep + 1) { return e }
                    pi = ep + 1
                    continue
                case UInt8(ascii: "+"):
                    return one ? try maxExpand(si + 1, pi, ep) : nil
                case UInt8(ascii: "*"):
                    return try maxExpand(si, pi, ep)
                case UInt8(ascii: "-"):
                    return try minExpand(si, pi, ep)
                default:
                    if !one { return nil }
                    si += 1
                    pi = ep
                    continue
                }
            }
        }
    }

    /// Greedy: take as many single matches as possible, then give back one at a time.
    mutating func maxExpand(_ si: Int, _ pi: Int, _ ep: Int) throws -> Int? {
        var n = 0
        while singleMatch(si + n, pi, ep) {
            n += 1
            if n & 0xFFF == 0 { try interrupt() }
        }
        while n >= 0 {
            if let e = try match(si + n, ep + 1) { return e }
            n -= 1
        }
        return nil
    }

    /// Lazy: try the rest of the pattern first, then take one more single match.
    mutating func minExpand(_ si: Int, _ pi: Int, _ ep: Int) throws -> Int? {
        var si = si
        while true {
            if let e = try match(si, ep + 1) { return e }
            if !singleMatch(si, pi, ep) { return nil }
            si += 1
        }
    }

    mutating func openCapture(_ si: Int, _ pi: Int, _ what: Int) throws -> Int? {
        if level >= StdlibLimits.patternMaxCaptures { throw PatternError("too many captures") }
        capStart[level] = si
        capLen[level] = what
        level += 1
        if let e = try match(si, pi) { return e }
        level -= 1
        return nil
    }

    mutating func closeCapture(_ si: Int, _ pi: Int) throws -> Int? {
        var l = level - 1
        while l >= 0 && capLen[l] != PatternMatcher.unfinished { l -= 1 }
        if l < 0 { throw PatternError("invalid pattern capture") }
        capLen[l] = si - capStart[l]
        if let e = try match(si, pi) { return e }
        capLen[l] = PatternMatcher.unfinished
        return nil
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
                if nesting == 0 { return i + 1 }
            } else if c == open {
                nesting += 1
            }
            i += 1
            if i & 0xFFFF == 0 { try interrupt() }
        }
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
        for k in 0..<len where s[start + k] != s[si + k] { return nil }
        return si + len
    }

    /// Offset just past the single-character class starting at `pi`.
    func classEnd(_ pi: Int) throws -> Int {
        var i = pi
        let c = p[i]
        i += 1
        if c == UInt8(ascii: "%") {
            if i >= pEnd { throw PatternError("malformed pattern (ends with '%')") }
            return i + 1
        }
        if c == UInt8(ascii: "[") {
            if i < pEnd && p[i] == UInt8(ascii: "^") { i += 1 }
            // The first member is taken literally even when it is ']'.
            repeat {
                if i >= pEnd { throw PatternError("malformed pattern (missing ']')") }
                let m = p[i]
                i += 1
                if m == UInt8(ascii: "%") && i < pEnd { i += 1 }
            } while i >= pEnd || p[i] != UInt8(ascii: "]")
            return i + 1
        }
        return i
    }

    /// Does subject byte `si` match the class spanning [pi, ep)?
    @inline(__always) func singleMatch(_ si: Int, _ pi: Int, _ ep: Int) -> Bool {
        if si >= sEnd { return false }
        let c = s[si]
        let pc = p[pi]
        switch pc {
        case UInt8(ascii: "."): return true
        case UInt8(ascii: "%"): return PatternMatcher.matchClass(c, p[pi + 1])
        case UInt8(ascii: "["): return matchBracket(c, pi, ep - 1)
        default: return pc == c
        }
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
                if PatternMatcher.matchClass(c, p[i]) { return found }
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

    /// `%x` classes; an upper-case class letter is the complement; any other byte is itself.
    public static func matchClass(_ c: UInt8, _ cl: UInt8) -> Bool {
        let lower = cl | 0x20
        let r: Bool
        switch lower {
        case UInt8(ascii: "a"): r = isAlpha(c)
        case UInt8(ascii: "c"): r = c < 32 || c == 127
        case UInt8(ascii: "d"): r = isDigit(c)
        case UInt8(ascii: "g"): r = c > 32 && c < 127
        case UInt8(ascii: "l"): r = c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")
        case UInt8(ascii: "p"): r = c > 32 && c < 127 && !isAlpha(c) && !isDigit(c)
        case UInt8(ascii: "s"): r = c == 32 || (c >= 9 && c <= 13)
        case UInt8(ascii: "u"): r = c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")
        case UInt8(ascii: "w"): r = isAlpha(c) || isDigit(c)
        case UInt8(ascii: "z"): r = c == 0  // deprecated, still accepted by lua5.4
        case UInt8(ascii: "x"):
            r = isDigit(c) || ((c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "f"))
        default: return cl == c
        }
        return isAlpha(cl) && cl < UInt8(ascii: "a") ? !r : r
    }
}

@inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
@inline(__always) func isAlpha(_ c: UInt8) -> Bool {
    let l = c | 0x20
    return l >= UInt8(ascii: "a") && l <= UInt8(ascii: "z")
}
