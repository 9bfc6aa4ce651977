// FuzzInputs: a seeded generator of hostile Lua inputs (random bytes, token soup, mutated scripts,
// deep nesting, huge numerals, and random but well-formed programs) for the CLI fuzz test.
//
// Invariants: the same seed and corpus give the same inputs (SplitMix64, no global randomness);
// every input is small (< 64 KiB) so a run costs process start-up plus what the input asks for.

import TestSupport

enum FuzzKind: String, CaseIterable, Sendable {
    case randomBytes, tokenSoup, mutatedScript, deepNesting, hugeNumbers, program
}

struct FuzzInputs {
    /// Sources to mutate (test scripts, benchmarks).
    var corpus: [[UInt8]]

    static let tokens: [String] = [
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
        "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
        "+", "-", "*", "/", "%", "^", "#", "&", "~", "|", "<<", ">>", "//", "==", "~=", "<=", ">=",
        "<", ">", "=", "(", ")", "{", "}", "[", "]", "::", ";", ":", ",", ".", "..", "...",
        "x", "y", "t", "f", "print", "self", "_ENV", "string", "setmetatable", "pcall", "error",
        "coroutine.wrap", "select", "tostring", "0", "1", "-1", "3.5", "0x10", "1e308", "2^63",
        "9223372036854775807", "\"s\"", "'q'", "[[long]]", "[==[x]==]", "--[[c]]", "-- c\n", "\n",
        "<const>", "<close>", "::l::", "goto l", "...", "\"\\x41\\u{48}\\z  \"", "math.maxinteger",
    ]

    static let nestOpen: [(String, String)] = [
        ("(", ")"), ("{", "}"), ("[[", "]]"), ("function() return ", " end"), ("do ", " end"),
        ("if true then ", " end"), ("-", ""), ("not ", ""), ("#", ""), ("{x=", "}"), ("f(", ")"),
        ("a..", ""), ("2^", ""), ("(function(...) return ", " end)(1)"), ("while false do ", " end"),
    ]

    func generate(_ kind: FuzzKind, _ rng: inout SplitMix64) -> [UInt8] {
        switch kind {
        case .randomBytes:
            return (0..<rng.below(300)).map { _ in
                rng.chance(70) ? UInt8(32 + rng.below(95)) : UInt8(truncatingIfNeeded: rng.next())
            }
        case .tokenSoup:
            var s = ""
            for _ in 0..<(1 + rng.below(80)) { s += rng.pick(Self.tokens) + (rng.chance(80) ? " " : "") }
            return Array(s.utf8)
        case .mutatedScript:
            guard !corpus.isEmpty else { return generate(.tokenSoup, &rng) }
            var bytes = rng.pick(corpus)
            for _ in 0..<(1 + rng.below(4)) { mutate(&bytes, &rng) }
            return Array(bytes.prefix(60_000))
        case .deepNesting:
            let (open, close) = rng.pick(Self.nestOpen)
            let depth = rng.pick([10, 100, 199, 200, 201, 255, 1000, 5000, 20000])
            let innerOK = rng.chance(70)
            var s = rng.chance(50) ? "return " : "x = "
            s += String(repeating: open, count: depth) + (innerOK ? "1" : "")
            s += String(repeating: close, count: rng.chance(80) ? depth : rng.below(depth + 1))
            return Array(s.utf8)
        case .program:
            return Array(program(&rng).utf8)
        case .hugeNumbers:
            var parts: [String] = []
            for _ in 0..<(1 + rng.below(6)) {
                let digits = String((0..<(1 + rng.below(400))).map { _ in Character(String(rng.below(10))) })
                parts.append(rng.pick([
                    digits, "0x" + digits, digits + "e" + String(rng.below(100_000)), "-" + digits,
                    "." + digits, digits + "." + digits, "0x" + digits + "p-" + String(rng.below(5000)),
                    "math.maxinteger", "math.mininteger", "1e309", "-0.0", "0/0",
                ]))
            }
            let ops = ["+", "-", "*", "/", "//", "%", "^", "&", "|", "~", "<<", ">>", "..", "<", "==", ","]
            var s = "print(" + parts[0]
            for p in parts.dropFirst() { s += " " + rng.pick(ops) + " " + p }
            s += ")"
            if rng.chance(30) { s = "for i = " + parts[0] + ", " + (parts.last ?? "1") + " do break end" }
            if rng.chance(20) { s = "print(string.format('%d %g %x', " + parts[0] + ", 1, 1))" }
            return Array(s.utf8)
        }
    }

    // Random well-formed programs: they get past the parser, so they exercise the runtime
    // (metamethods, varargs, coercions, errors inside pcall) rather than syntax errors.
    static let atoms = ["1", "0", "-1", "2.5", "(0/0)", "1e308", "math.maxinteger", "math.mininteger",
                        "'s'", "'10'", "nil", "true", "false", "x", "y", "t", "...", "{}", "{...}",
                        "#t", "t[1]", "t.k", "(function() return 1 end)", "select('#', ...)", "-0.0"]
    static let binops = ["+", "-", "*", "/", "//", "%", "^", "..", "==", "<", "<=", "and", "or", "&", "|", "<<", ">>", "~"]
    static let calls = ["tostring", "type", "tonumber", "rawequal", "select", "math.floor", "math.abs",
                        "string.len", "string.sub", "table.unpack", "setmetatable", "pcall", "next",
                        "ipairs", "string.format", "math.type", "rawget", "rawlen", "getmetatable", "error"]

    func expression(_ d: Int, _ rng: inout SplitMix64) -> String {
        if d == 0 { return rng.pick(Self.atoms) }
        switch rng.below(8) {
        case 0, 1: return "(" + expression(d - 1, &rng) + " " + rng.pick(Self.binops) + " " + expression(d - 1, &rng) + ")"
        case 2: return rng.pick(["-", "not ", "#", "~"]) + expression(d - 1, &rng)
        case 3: return rng.pick(Self.calls) + "(" + expression(d - 1, &rng) + ", " + expression(d - 1, &rng) + ")"
        case 4: return "{" + expression(d - 1, &rng) + ", k = " + expression(d - 1, &rng) + ", [" + expression(d - 1, &rng) + "] = 1}"
        case 5: return "(" + expression(d - 1, &rng) + ")[" + expression(d - 1, &rng) + "]"
        case 6: return "(function(...) return " + expression(d - 1, &rng) + " end)(" + expression(d - 1, &rng) + ")"
        default: return rng.pick(Self.atoms)
        }
    }

    func statement(_ d: Int, _ rng: inout SplitMix64) -> String {
        let e = { (rng: inout SplitMix64) in self.expression(rng.below(4), &rng) }
        switch rng.below(10) {
        case 0: return "local x = " + e(&rng)
        case 1: return "x = " + e(&rng)
        case 2: return "t[" + e(&rng) + "] = " + e(&rng)
        case 3: return "print(" + e(&rng) + ")"
        case 4 where d > 0: return "if " + e(&rng) + " then " + statement(d - 1, &rng) + " else " + statement(d - 1, &rng) + " end"
        case 5 where d > 0: return "for i = 1, 3 do " + statement(d - 1, &rng) + " end"
        case 6: return "setmetatable(t, {__index = function(_, k) return " + e(&rng) + " end, __add = function(a, b) return "
            + e(&rng) + " end, __call = function(self, ...) return " + e(&rng) + " end, __len = function() return " + e(&rng) + " end})"
        case 7: return "do local c <close> = " + rng.pick(["nil", "false", "setmetatable({}, {__close = function() y = " + e(&rng) + " end})"]) + " end"
        case 8 where d > 0: return "y = coroutine.wrap(function(...) " + statement(d - 1, &rng) + " coroutine.yield(" + e(&rng) + ") end)(" + e(&rng) + ")"
        default: return "t = {" + e(&rng) + ", " + e(&rng) + "}"
        }
    }

    func program(_ rng: inout SplitMix64) -> String {
        var s = "local x, y, t = 1, 'a', {}\n"
        for _ in 0..<(1 + rng.below(25)) {
            let st = statement(2, &rng)
            // Most statements run under pcall so that one error does not end the program.
            s += rng.chance(95) ? "pcall(function(...) " + st + " end, " + expression(1, &rng) + ")\n" : st + "\n"
        }
        return s
    }

    /// One mutation: flip, delete, duplicate, insert a token, swap slices, or replace a number.
    func mutate(_ b: inout [UInt8], _ rng: inout SplitMix64) {
        if b.isEmpty { b = Array(rng.pick(Self.tokens).utf8); return }
        let i = rng.below(b.count)
        let len = min(b.count - i, 1 + rng.below(40))
        switch rng.below(7) {
        case 0: b[i] ^= UInt8(1 << rng.below(8))
        case 1: b.removeSubrange(i..<(i + len))
        case 2: let slice = Array(b[i..<(i + len)]); b.insert(contentsOf: slice, at: rng.below(b.count + 1))
        case 3: b.insert(contentsOf: Array((" " + rng.pick(Self.tokens) + " ").utf8), at: i)
        case 4:
            let j = rng.below(b.count)
            let l2 = min(b.count - j, len)
            let a = Array(b[i..<(i + len)]), c = Array(b[j..<(j + l2)])
            if i + len <= j { b.replaceSubrange(j..<(j + l2), with: a); b.replaceSubrange(i..<(i + len), with: c) }
        case 5:
            // Replace the digits at or after i with a huge, tiny or boundary number.
            if let d = b[i...].firstIndex(where: { $0 >= 48 && $0 <= 57 }) {
                var e = d
                while e < b.count && (b[e] >= 48 && b[e] <= 57) { e += 1 }
                let repl = rng.pick(["9223372036854775807", "9223372036854775808", "0", "-1", "1e308",
                                     "0x7fffffffffffffff", "100000000", "2^53", "1e-320", "-0.0"])
                b.replaceSubrange(d..<e, with: Array(repl.utf8))
            }
        default: b[i] = rng.pick(Array("()[]{}=.,;:'\"\\-#~<>".utf8))
        }
    }

    /// Whether running `source` may legitimately never end (it contains a loop or a function,
    /// so a timeout is not by itself a failure).
    static func mayLoopForever(_ source: [UInt8]) -> Bool {
        let s = String(decoding: source, as: UTF8.self)
        return ["while", "repeat", "for", "goto", "function"].contains { s.contains($0) }
    }
}
