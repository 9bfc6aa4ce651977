// PatternSearch: find/match/gmatch/gsub semantics on top of PatternMatcher, over raw bytes.
//
// Invariants:
//  - Offsets are 0-based; callers convert lua's 1-based, possibly negative `init` first.
//  - A match that is empty and ends where the previous one ended is skipped (gmatch, gsub), so
//    iteration always advances and terminates.
//  - A leading '^' anchors find/match/gsub; gmatch treats it as an ordinary character, as lua5.4.

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

    /// The pattern search behind find and match, starting at offset `from` (0...count).
    /// Returns the match bounds and the matcher holding its captures.
    public static func search(_ subject: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>,
                              from: Int, interrupt: InterruptCheck = .none)
        throws -> (start: Int, end: Int, matcher: PatternMatcher)? {
        var m = PatternMatcher(subject: subject, pattern: pattern, interrupt: interrupt)
        let anchored = pattern.count > 0 && pattern[0] == UInt8(ascii: "^")
        let p0 = anchored ? 1 : 0
        var si = from
        repeat {
            m.reset()
            if let e = try m.match(si, p0) { return (si, e, m) }
            si += 1
        } while si <= subject.count && !anchored
        return nil
    }

    /// Capture `i` of a match [start, end); with no captures, index 0 is the whole match.
    public static func capture(_ m: PatternMatcher, _ i: Int, start: Int, end: Int) throws -> CaptureValue {
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
    public static func captures(_ m: PatternMatcher, start: Int, end: Int, whole: Bool) throws -> [CaptureValue] {
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

    /// The next match, or nil when the subject is exhausted.
    public mutating func next(_ subject: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>,
                              interrupt: InterruptCheck = .none)
        throws -> (start: Int, end: Int, matcher: PatternMatcher)? {
        var m = PatternMatcher(subject: subject, pattern: pattern, interrupt: interrupt)
        var si = position
        while si <= subject.count {
            m.reset()
            if let e = try m.match(si, 0), e != lastMatch {
                position = e
                lastMatch = e
                return (si, e, m)
            }
            si += 1
        }
        position = si
        return nil
    }
}

/// What string.gsub puts in place of each match.
public enum GsubReplacement {
    /// A replacement string with %0-%9 and %%.
    case template(UnsafeBufferPointer<UInt8>)
    /// Library code computes the replacement (table lookup or function call) and appends it to
    /// the output; returning false keeps the match unchanged.
    case compute((_ matcher: PatternMatcher, _ start: Int, _ end: Int, _ out: inout [UInt8]) throws -> Bool)
}

extension PatternSearch {
    /// string.gsub over bytes: the result and the number of matches replaced.
    public static func gsub(_ subject: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>,
                            _ repl: GsubReplacement, maxReplacements: Int,
                            interrupt: InterruptCheck = .none) throws -> ([UInt8], Int) {
        let r = try gsubChanged(subject, pattern, repl, maxReplacements: maxReplacements, interrupt: interrupt)
        return (r.result, r.count)
    }

    /// string.gsub, also telling whether any match was replaced by something (a template always
    /// counts; a computed false/nil keeps the match and does not): when none was, lua returns
    /// the subject string itself.
    public static func gsubChanged(_ subject: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>,
                                   _ repl: GsubReplacement, maxReplacements: Int,
                                   interrupt: InterruptCheck = .none) throws -> (result: [UInt8], count: Int, changed: Bool) {
        let anchored = pattern.count > 0 && pattern[0] == UInt8(ascii: "^")
        let p0 = anchored ? 1 : 0
        var m = PatternMatcher(subject: subject, pattern: pattern, interrupt: interrupt)
        var out: [UInt8] = []
        out.reserveCapacity(subject.count)
        var si = 0
        var lastMatch: Int? = nil
        var n = 0
        var changed = false
        while n < maxReplacements {
            m.reset()
            if let e = try m.match(si, p0), e != lastMatch {
                n += 1
                if try appendReplacement(&out, subject, m, si, e, repl) { changed = true }
                si = e
                lastMatch = e
            } else if si < subject.count {
                out.append(subject[si])
                si += 1
            } else {
                break
            }
            if anchored { break }
        }
        if si < subject.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: subject[si...])) }
        return (out, n, changed)
    }

    /// Append the replacement of one match; false when the match was kept as it was.
    static func appendReplacement(_ out: inout [UInt8], _ subject: UnsafeBufferPointer<UInt8>,
                                  _ m: PatternMatcher, _ start: Int, _ end: Int,
                                  _ repl: GsubReplacement) throws -> Bool {
        switch repl {
        case .template(let t):
            var i = 0
            while i < t.count {
                let c = t[i]
                i += 1
                if c != UInt8(ascii: "%") {
                    out.append(c)
                    continue
                }
                guard i < t.count else { throw PatternError("invalid use of '%' in replacement string") }
                let d = t[i]
                i += 1
                if d == UInt8(ascii: "%") {
                    out.append(d)
                } else if isDigit(d) {
                    let v: CaptureValue = d == UInt8(ascii: "0")
                        ? .substring(start: start, end: end)
                        : try capture(m, Int(d) - 49, start: start, end: end)
                    switch v {
                    case .substring(let a, let b):
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: subject[a..<b]))
                    case .position(let p):
                        out.append(contentsOf: Array(String(p).utf8))
                    }
                } else {
                    throw PatternError("invalid use of '%' in replacement string")
                }
            }
            return true
        case .compute(let f):
            if try !f(m, start, end, &out) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: subject[start..<end]))
                return false
            }
            return true
        }
    }
}
