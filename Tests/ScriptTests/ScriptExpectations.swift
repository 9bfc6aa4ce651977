// ScriptExpectations: the `-- expect:` format of Tests/Scripts/**/*.lua, and the checks against a run.
//
// Format (the same rules as Tests/Scripts/check.py, which runs the scripts on the reference Lua):
//   -- expect: TEXT         one stdout line, in file order; the whole stdout must equal these lines
//   -- expect error: TEXT   exit status 1, and the first stderr line contains TEXT
//   -- no-lua-compare: WHY  do not compare this script's behaviour with the reference Lua's
//   -- compare-lua54: WHY   compare with Debian's lua5.4 instead of the 5.4.8 reference: for what
//                           lupa's build of 5.4.8 lacks (LUA_COMPAT_5_3, LUA_USE_POSIX: popen,
//                           os.execute's decoded status, math.pow)
//   -- no-gc-stress: WHY    do not run this script in modes that contain --gc-stress
// A directive may be indented; "-- expect:" with nothing after it is an empty line. A script with no
// expect lines and no expect error must exit 0; its stdout is then only compared with lua5.4's.
// Invariant: checks never look at anything but stdout, the exit and stderr's first line, so the
// traceback format is free to differ from lua's.

struct ScriptExpectations: Equatable, Sendable {
    var stdoutLines: [String] = []
    var errorText: String? = nil
    var noLuaCompare: String? = nil
    var compareLua54: String? = nil
    var noGCStress: String? = nil

    /// True when the script states what it prints or how it fails.
    var hasExpectations: Bool { !stdoutLines.isEmpty || errorText != nil }

    /// The exact stdout the expect lines describe.
    var expectedStdout: String { stdoutLines.map { $0 + "\n" }.joined() }

    static func parse(_ source: String) -> ScriptExpectations {
        var e = ScriptExpectations()
        // "\r\n" is one Character in Swift, so it is a separator of its own.
        let lines = source.split(omittingEmptySubsequences: false,
                                 whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        for raw in lines {
            let line = raw.drop(while: { $0 == " " || $0 == "\t" })
            guard line.hasPrefix("-- ") else { continue }
            if let rest = value(line, "-- expect:") {
                e.stdoutLines.append(rest.hasPrefix(" ") ? String(rest.dropFirst()) : String(rest))
            } else if let rest = value(line, "-- expect error:") {
                e.errorText = trim(rest)
            } else if let rest = value(line, "-- no-lua-compare:") {
                e.noLuaCompare = trim(rest).isEmpty ? "(no reason given)" : trim(rest)
            } else if let rest = value(line, "-- compare-lua54:") {
                e.compareLua54 = trim(rest).isEmpty ? "(no reason given)" : trim(rest)
            } else if let rest = value(line, "-- no-gc-stress:") {
                e.noGCStress = trim(rest).isEmpty ? "(no reason given)" : trim(rest)
            }
        }
        return e
    }

    private static func value(_ line: Substring, _ prefix: String) -> Substring? {
        line.hasPrefix(prefix) ? line.dropFirst(prefix.count) : nil
    }

    private static func trim(_ s: Substring) -> String {
        String(s.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }

    /// Problems with `result` against these expectations; empty when it passes.
    func check(_ result: ChildResult) -> [String] {
        var problems: [String] = []
        if result.exit == .timedOut { return ["\(result.exit) after \(String(format: "%.1f", result.seconds)) s"] }
        if case .signal = result.exit {
            problems.append("\(result.exit)\n\(Diff.firstLines(result.stderr, 10))")
        }
        if hasExpectations && result.stdout != expectedStdout {
            problems.append("stdout differs from the expect lines:\n" + Diff.describe(expected: expectedStdout, actual: result.stdout))
        }
        let firstErr = Diff.firstLine(result.stderr)
        if let errorText {
            if result.exit != .status(1) { problems.append("expected exit status 1, got \(result.exit)") }
            if !firstErr.contains(errorText) {
                problems.append("first stderr line does not contain the expected error\n  expected to contain: \(errorText)\n  first stderr line:   \(firstErr)")
            }
        } else if result.exit != .status(0) {
            problems.append("\(result.exit); stderr:\n\(Diff.firstLines(result.stderr, 10))")
        }
        return problems
    }

    /// Problems comparing a run with the reference Lua's run of the same script; empty when they agree.
    static func compare(ours: ChildResult, lua: ChildResult) -> [String] {
        var problems: [String] = []
        if ours.stdout != lua.stdout {
            problems.append("stdout differs from the reference's:\n" + Diff.describe(expected: lua.stdout, actual: ours.stdout))
        }
        if ours.exit != lua.exit {
            problems.append("exit differs from the reference's: reference \(lua.exit), vmrepl \(ours.exit)")
        }
        let a = normaliseErrorLine(Diff.firstLine(lua.stderr))
        let b = normaliseErrorLine(Diff.firstLine(ours.stderr))
        if a != b {
            problems.append("first stderr line differs from the reference's:\n  lua:    \(a)\n  vmrepl: \(b)")
        }
        return problems
    }

    /// Drops the program-name prefix ("lua5.4: ", "/usr/bin/lua5.4: ", "vmrepl: ") of an error line.
    static func normaliseErrorLine(_ line: String) -> String {
        guard let colon = line.range(of: ": ") else { return line }
        let program = line[..<colon.lowerBound]
        let name = program.split(separator: "/").last.map(String.init) ?? ""
        if !program.contains(" ") && ["lua5.4", "lua", "vmrepl"].contains(name) {
            return String(line[colon.upperBound...])
        }
        return line
    }
}

/// Readable differences between two outputs.
enum Diff {
    static func firstLine(_ s: String) -> String {
        String(s.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    static func firstLines(_ s: String, _ n: Int) -> String {
        let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
        let shown = lines.prefix(n).map { "  | " + $0 }.joined(separator: "\n")
        return lines.count > n ? shown + "\n  | ... (\(lines.count - n) more lines)" : shown
    }

    /// A line diff: the first differing line, then both sides around it (at most 20 lines each).
    static func describe(expected: String, actual: String) -> String {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var i = 0
        while i < e.count && i < a.count && e[i] == a[i] { i += 1 }
        let from = max(0, i - 3)
        func window(_ lines: [String], _ mark: String) -> String {
            let end = min(lines.count, from + 20)
            guard from < end else { return "  \(mark) (nothing)" }
            var out = lines[from..<end].enumerated().map { k, l in
                "  \(mark)\(String(format: "%4d", from + k + 1))| \(l)"
            }.joined(separator: "\n")
            if lines.count > end { out += "\n  \(mark)    ... (\(lines.count - end) more lines)" }
            return out
        }
        return "  first difference at line \(i + 1)\n" + window(e, "-") + "\n" + window(a, "+")
    }
}
