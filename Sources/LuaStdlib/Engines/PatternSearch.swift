// PatternSearch: find/match/gmatch/gsub semantics on top of PatternMatcher, over raw bytes.
//
// Invariants:
//  - Offsets are 0-based; callers convert lua's 1-based, possibly negative `init` first.
//  - A match that is empty and ends where the previous one ended is skipped (gmatch, gsub), so
//    iteration always advances and terminates.
//  - A leading '^' anchors find/match/gsub; gmatch treats it as an ordinary character, as lua5.4.
//  - Unanchored drivers try only the positions PatternText.nextStart leaves (an attempt anywhere
//    else would fail at once, raising nothing), charging the bytes it skipped to the matcher's
//    interrupt budget; gsub copies the skipped bytes in one piece.
//  - A matcher lives only inside PatternMatcher.with (its capture storage is on the stack there).

/// One capture as seen by library code.
public enum CaptureValue: Equatable {
    /// Bytes [start, end) of the subject.
    case substring(start: Int, end: Int)
    /// A position capture `()`, already 1-based as lua reports it.
    case position(Int)
}

public enum PatternSearch {
    /// True when the pattern has no magic character, so find may search for it literally.
    public static func isPlain(_ pattern: UnsafeBufferPointer<UInt8>) -> Bool {
        for c in pattern {
            switch c {
            case UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "*"), UInt8(ascii: "+"),
                 UInt8(ascii: "?"), UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: "["),
                 UInt8(ascii: "%"), UInt8(ascii: "-"):
                return false
            default: continue
            }
        }
        return true
    }

    /// Literal search of `needle` in `hay` from offset `from`; returns the start offset.
    public static func plainFind(_ hay: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>,
                                 from: Int) -> Int? {
        let n = needle.count
        if n == 0 { return from }
        if hay.count - from < n { return nil }
        let first = needle[0]
        var i = from
        let last = hay.count - n
        while i <= last {
            if hay[i] == first {
                var k = 1
                while k < n && hay[i + k] == needle[k] { k += 1 }
                if k == n { return i }
            }
            i += 1
        }
        return nil
    }

    /// The pattern search behind find and match, starting at offset `from` (0...count), with the
    /// caller's matcher, which holds the captures of the match found.
    public static func search(_ m: inout PatternMatcher, from: Int) throws -> (start: Int, end: Int)? {
        if m.t.anchored {
            m.reset()
            guard let e = try m.match(from, 1) else { return nil }
            return (from, e)
        }
        let filter = m.t.startFilter(0)
        var si = from
        while true {
            guard let at = try m.t.nextStart(si, filter) else { return nil }
            try m.charge(at &- si)
            si = at
            m.reset()
            if let e = try m.match(si, 0) { return (si, e) }
            si += 1
            if si > m.sEnd { return nil }
        }
    }

    /// `search` with a matcher of its own, and the match's captures read at once (the whole match
    /// is not one of them when the pattern has none); errors of either are thrown (tests, one-off
    /// callers).
    public static func searchCaptures(_ subject: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>,
                                      from: Int, interrupt: InterruptCheck = .none)
        throws -> (start: Int, end: Int, captures: [CaptureValue])? {
        try PatternMatcher.with(subject: subject, pattern: pattern, interrupt: interrupt) { m in
            guard let r = try search(&m, from: from) else { return nil }
            return (r.start, r.end, try captures(m, start: r.start, end: r.end, whole: false))
        }
    }

    /// Capture `i` of a match [start, end); with no captures, index 0 is the whole match.
    public static func capture(_ m: borrowing PatternMatcher, _ i: Int, start: Int, end: Int) throws -> CaptureValue {
        if i >= m.level {
            if i != 0 { throw PatternError("invalid capture index %\(i + 1)") }
            return .substring(start: start, end: end)
        }
        let c = m.capture(i)
        if c.length == PatternMatcher.unfinished { throw PatternError("unfinished capture") }
        if c.length == PatternMatcher.position { return .position(c.start + 1) }
        return .substring(start: c.start, end: c.start + c.length)
    }

    /// All captures of a match; the whole match when the pattern has none and `whole` is set.
    public static func captures(_ m: borrowing PatternMatcher, start: Int, end: Int, whole: Bool) throws -> [CaptureValue] {
        let n = m.level == 0 && whole ? 1 : m.level
        var out: [CaptureValue] = []
        out.reserveCapacity(n)
        for i in 0..<n { out.append(try capture(m, i, start: start, end: end)) }
        return out
    }
}

/// The iteration state of string.gmatch.
public struct GmatchState {
    public var position: Int
    public var lastMatch: Int? = nil
    public init(from: Int) { position = from }

    /// The next match with matcher `m` (over gmatch's subject and pattern, which holds its
    /// captures), or nil when the subject is exhausted.
    public mutating func next(_ m: inout PatternMatcher) throws -> (start: Int, end: Int)? {
        let filter = m.t.startFilter(0)
        var si = position
        while si <= m.sEnd {
            guard let at = try m.t.nextStart(si, filter) else { break }
            try m.charge(at &- si)
            si = at
            m.reset()
            if let e = try m.match(si, 0), e != lastMatch {
                position = e
                lastMatch = e
                return (si, e)
            }
            si += 1
        }
        position = max(si, m.sEnd + 1)
        return nil
    }
}

/// What string.gsub puts in place of each match.
public enum GsubReplacement {
    /// A replacement string with %0-%9 and %%.
    case template(UnsafeBufferPointer<UInt8>)
    /// Library code computes the replacement (table lookup or function call) and appends it to
    /// the output; returning false keeps the match unchanged.
    case compute((_ matcher: borrowing PatternMatcher, _ start: Int, _ end: Int, _ out: inout ByteBuffer) throws -> Bool)
}

extension PatternSearch {
    /// string.gsub over bytes: the result and the number of matches replaced.
    public static func gsub(_ subject: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>,
                            _ repl: GsubReplacement, maxReplacements: Int,
                            interrupt: InterruptCheck = .none) throws -> ([UInt8], Int) {
        var out = ByteBuffer(capacity: subject.count)
        let r = try gsubChanged(subject, pattern, repl, maxReplacements: maxReplacements, interrupt: interrupt, into: &out)
        return (Array(out.bytes), r.count)
    }

    /// string.gsub into `out`: the number of matches replaced, and whether any was replaced by
    /// something (a template always counts; a computed false/nil keeps the match and does not):
    /// when none was, lua returns the subject string itself.
    /// Positions where no match may start (PatternMatcher.startFilter) are copied in one piece.
    public static func gsubChanged(_ subject: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>,
                                   _ repl: GsubReplacement, maxReplacements: Int,
                                   interrupt: InterruptCheck = .none,
                                   into out: inout ByteBuffer) throws -> (count: Int, changed: Bool) {
        try PatternMatcher.with(subject: subject, pattern: pattern, interrupt: interrupt) { m in
            try gsubChanged(&m, repl, maxReplacements: maxReplacements, into: &out)
        }
    }

    static func gsubChanged(_ m: inout PatternMatcher, _ repl: GsubReplacement, maxReplacements: Int,
                            into out: inout ByteBuffer) throws -> (count: Int, changed: Bool) {
        let anchored = m.t.anchored
        let p0 = anchored ? 1 : 0
        let filter = anchored ? StartFilter.none : m.t.startFilter(0)
        let filtered: Bool
        if case .none = filter { filtered = false } else { filtered = true }
        let s = m.s, count = m.sEnd
        var si = 0
        var lastMatch: Int? = nil
        var n = 0
        var changed = false
        while n < maxReplacements {
            if filtered {
                guard let at = try m.t.nextStart(si, filter) else { break }
                try m.charge(at &- si)
                out.append(s + si, at - si)
                si = at
            }
            m.reset()
            if let e = try m.match(si, p0), e != lastMatch {
                n += 1
                if try appendReplacement(&out, s, m, si, e, repl) { changed = true }
                si = e
                lastMatch = e
            } else if si < count {
                out.append(s[si])
                si += 1
            } else {
                break
            }
            if anchored { break }
        }
        if si < count { out.append(s + si, count - si) }
        return (n, changed)
    }

    /// Append the replacement of one match; false when the match was kept as it was.
    static func appendReplacement(_ out: inout ByteBuffer, _ s: UnsafePointer<UInt8>,
                                  _ m: borrowing PatternMatcher, _ start: Int, _ end: Int,
                                  _ repl: GsubReplacement) throws -> Bool {
        switch repl {
        case .template(let t):
            let tn = t.count
            var i = 0
            while i < tn {
                // The bytes up to the next '%' go in as one piece.
                var j = i
                while j < tn && t[j] != UInt8(ascii: "%") { j += 1 }
                out.append(t.baseAddress.map { $0 + i }, j - i)
                if j == tn { break }
                i = j + 1
                guard i < tn else { throw PatternError("invalid use of '%' in replacement string") }
                let d = t[i]
                i += 1
                if d == UInt8(ascii: "%") {
                    out.append(d)
                } else if d == UInt8(ascii: "0") {
                    out.append(s + start, end - start)
                } else if isDigit(d) {
                    switch try capture(m, Int(d) - 49, start: start, end: end) {
                    case .substring(let a, let b): out.append(s + a, b - a)
                    case .position(let p): out.appendDecimal(p)
                    }
                } else {
                    throw PatternError("invalid use of '%' in replacement string")
                }
            }
            return true
        case .compute(let f):
            if try !f(m, start, end, &out) {
                out.append(s + start, end - start)
                return false
            }
            return true
        }
    }
}
