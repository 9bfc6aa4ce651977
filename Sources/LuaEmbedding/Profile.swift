// A finished profile (the sampling profiler's samples, LuaRuntime/Profiler.swift) and what is read
// from it: the report of the hottest functions and lines, and folded stacks.
//
// Invariants: a Profile is a plain value (no pointer into the VM: function names and chunks were
// resolved while the functions lived); `stacks` hold every sample exactly once (their counts sum
// to `samples`), root first; the report's shares of compiled code and interpreter are over the
// samples a function (or line) appears in, each sample counted once at its innermost frame
// there; folded-stack frame names contain no ';' and no line break, and end in `_[j]` when the
// frame ran compiled code (the annotation flamegraph.pl's `--color=java` colours as JIT code).

import LuaRuntime

/// The tier a sampled frame was running in.
public enum ProfileTier: String, Sendable {
    case interpreted, compiled, native
}

public struct Profile: Sendable {
    public struct Function: Sendable {
        public var name: String
        public var chunk: String
        public var lineDefined: Int
        public var isNative: Bool
        /// "fib (fib.lua:3)", "main chunk (fib.lua)", "string.rep [C]": the name a folded stack
        /// and the flame graph show (no ';', no line break).
        public var label: String {
            let text: String
            if isNative { text = "\(name) [C]" }
            else if lineDefined == 0 && !chunk.isEmpty { text = "\(name) (\(chunk))" }
            else if chunk.isEmpty { text = name }
            else { text = "\(name) (\(chunk):\(lineDefined))" }
            return Profile.frameName(text)
        }
    }
    public struct Frame: Hashable, Sendable {
        public var function: Int
        /// The frame's current line (0 for natives).
        public var line: Int
        public var tier: ProfileTier
    }
    public struct Stack: Sendable {
        /// Root first.
        public var frames: [Frame]
        public var count: Int
    }

    public var functions: [Function]
    public var stacks: [Stack]
    public var samples: Int
    /// Ticks the timer posted (more than `samples` when ticks came while another waited, or while
    /// the program was in a system call).
    public var ticks: Int
    public var intervalMicroseconds: Int
    /// The profiler's own time (recording the samples) and how long it ran.
    public var samplingNanoseconds: Int
    public var runNanoseconds: Int
    /// The timer thread's CPU time.
    public var timerCPUNanoseconds: Int

    init(_ p: Profiler) {
        samplingNanoseconds = p.samplingNanoseconds
        runNanoseconds = p.runNanoseconds
        timerCPUNanoseconds = p.timerCPUNanoseconds
        functions = p.functions.map { Function(name: $0.name, chunk: $0.chunk, lineDefined: $0.lineDefined, isNative: $0.isNative) }
        samples = p.samples
        ticks = p.ticks
        intervalMicroseconds = p.intervalMicroseconds
        stacks = []
        let nodes = p.nodes
        for (i, n) in nodes.enumerated() where n.selfSamples > 0 && i > 0 {
            var frames: [Frame] = []
            var k = i
            while k > 0 {
                let m = nodes[k]
                frames.append(Frame(function: Int(m.function), line: Int(m.line), tier: Self.tier(m.tier)))
                k = Int(m.parent)
            }
            stacks.append(Stack(frames: frames.reversed(), count: n.selfSamples))
        }
    }

    /// This profile and `later` as one (a session that made a fresh VM, `:reset`, profiles on
    /// in it): samples, ticks and times add up; a function both name (same name, chunk and line
    /// defined: the same source run again) is one function; equal stacks are one stack.
    public func merged(with later: Profile) -> Profile {
        struct Key: Hashable { var name: String, chunk: String, lineDefined: Int, isNative: Bool }
        func key(_ f: Function) -> Key { Key(name: f.name, chunk: f.chunk, lineDefined: f.lineDefined, isNative: f.isNative) }
        var out = self
        var index: [Key: Int] = [:]
        for (i, f) in functions.enumerated() { index[key(f)] = index[key(f)] ?? i }
        let renumber = later.functions.map { f -> Int in
            if let i = index[key(f)] { return i }
            out.functions.append(f)
            index[key(f)] = out.functions.count - 1
            return out.functions.count - 1
        }
        var stackAt: [[Frame]: Int] = [:]
        for (i, st) in stacks.enumerated() { stackAt[st.frames] = i }
        for st in later.stacks {
            let frames = st.frames.map { Frame(function: renumber[$0.function], line: $0.line, tier: $0.tier) }
            if let i = stackAt[frames] {
                out.stacks[i].count += st.count
            } else {
                stackAt[frames] = out.stacks.count
                out.stacks.append(Stack(frames: frames, count: st.count))
            }
        }
        out.samples += later.samples
        out.ticks += later.ticks
        out.samplingNanoseconds += later.samplingNanoseconds
        out.runNanoseconds += later.runNanoseconds
        out.timerCPUNanoseconds += later.timerCPUNanoseconds
        return out
    }

    static func tier(_ t: FrameTier) -> ProfileTier {
        switch t {
        case .interpreted: return .interpreted
        case .compiled: return .compiled
        case .native: return .native
        }
    }

    /// `v` with one decimal.
    static func decimal(_ v: Double) -> String {
        let tenths = Int((v * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// A frame name safe in a folded stack: ';' (the separator) becomes ',', line breaks spaces.
    static func frameName(_ s: String) -> String {
        String(s.map { c -> Character in c == ";" ? "," : (c.isNewline ? " " : c) })
    }

    /// `func;func;func count` per distinct stack of functions (root first), sorted: the input of
    /// flame-graph tools (flamegraph.pl, speedscope, inferno).
    public var foldedStacks: String {
        var out = ""
        for (key, count) in foldedCounts().sorted(by: { $0.key < $1.key }) { out += "\(key) \(count)\n" }
        return out
    }

    /// The samples per stack of function frames (lines merged), as folded-stack keys.
    func foldedCounts() -> [String: Int] {
        let labels = functions.map(\.label)
        var counts: [String: Int] = [:]
        for s in stacks {
            let key = s.frames.map { labels[$0.function] + ($0.tier == .compiled ? "_[j]" : "") }.joined(separator: ";")
            counts[key, default: 0] += s.count
        }
        return counts
    }
}

// MARK: the report

extension Profile {
    struct Tally {
        var selfSamples = 0, total = 0, compiled = 0, interpreted = 0
        mutating func add(_ f: Frame, count: Int, isRunning: Bool) {
            if isRunning { selfSamples += count }
            total += count
            if f.tier == .compiled { compiled += count } else if f.tier == .interpreted { interpreted += count }
        }
    }
    struct LineKey: Hashable { var function: Int, line: Int }

    /// Per function and per line: samples where it was running (self), where it was on the stack
    /// (total), and of those, how many in compiled code and in the interpreter.
    func tallies() -> (functions: [Int: Tally], lines: [LineKey: Tally]) {
        var fs: [Int: Tally] = [:], ls: [LineKey: Tally] = [:]
        for s in stacks {
            var seenF = Set<Int>(), seenL = Set<LineKey>()
            for (k, f) in s.frames.enumerated().reversed() {  // innermost first
                let running = k == s.frames.count - 1
                if seenF.insert(f.function).inserted { fs[f.function, default: Tally()].add(f, count: s.count, isRunning: running) }
                if functions[f.function].isNative { continue }
                let l = LineKey(function: f.function, line: f.line)
                if seenL.insert(l).inserted { ls[l, default: Tally()].add(f, count: s.count, isRunning: running) }
            }
        }
        return (fs, ls)
    }

    /// The share of all samples taken in each tier (the running frame's).
    public var tierShares: [ProfileTier: Int] {
        var out: [ProfileTier: Int] = [:]
        for s in stacks { if let f = s.frames.last { out[f.tier, default: 0] += s.count } }
        return out
    }

    /// The text report: totals, then the `top` hottest functions and lines by self samples.
    public func report(top: Int = 15) -> String {
        func pct(_ n: Int, _ of: Int) -> String {
            guard of > 0 else { return "-" }
            let tenths = Int((Double(n) * 1000 / Double(of)).rounded())
            return "\(tenths / 10).\(tenths % 10)%"
        }
        func pad(_ s: String, _ w: Int, left: Bool = false) -> String {
            let n = max(0, w - s.count)
            return left ? s + String(repeating: " ", count: n) : String(repeating: " ", count: n) + s
        }
        let shares = tierShares
        var out = "profile: \(samples) samples every \(intervalMicroseconds) µs (\(ticks) ticks posted)"
        if samples == 0 { return out + "; no sample was taken (the program ended first?)\n" }
        out += "; running in compiled code \(pct(shares[.compiled] ?? 0, samples)), interpreter "
        out += "\(pct(shares[.interpreted] ?? 0, samples)), natives \(pct(shares[.native] ?? 0, samples))\n"
        let each = Double(samplingNanoseconds) / Double(samples) / 1000
        out += "sampling took \(Self.decimal(Double(samplingNanoseconds) / 1e6)) ms (\(Self.decimal(each)) µs a sample), "
        out += "\(pct(samplingNanoseconds, runNanoseconds)) of the \(Self.decimal(Double(runNanoseconds) / 1e6)) ms profiled; "
        out += "the timer thread used \(Self.decimal(Double(timerCPUNanoseconds) / 1e6)) ms of CPU "
        out += "(\(pct(timerCPUNanoseconds, runNanoseconds)))\n"
        let (fs, ls) = tallies()
        func row(_ name: String, _ t: Tally, native: Bool) -> String {
            let tiers = native ? pad("native", 9) + pad("", 9)
                               : pad(pct(t.compiled, t.total), 9) + pad(pct(t.interpreted, t.total), 9)
            return "  " + pad(name, 44, left: true) + pad(pct(t.selfSamples, samples), 8) + pad(pct(t.total, samples), 8) + tiers + "\n"
        }
        let header = pad("self", 8) + pad("total", 8) + pad("compiled", 9) + pad("interp", 9) + "\n"
        out += "\n" + pad("hottest functions", 46, left: true) + header
        let hotF = fs.sorted { ($0.value.selfSamples, $0.value.total, $1.key) > ($1.value.selfSamples, $1.value.total, $0.key) }
        for (f, t) in hotF.prefix(top) { out += row(functions[f].label, t, native: functions[f].isNative) }
        out += "\n" + pad("hottest lines", 46, left: true) + header
        let hotL = ls.filter { $0.value.selfSamples > 0 }
            .sorted { ($0.value.selfSamples, $0.value.total, $1.key.function, $1.key.line) > ($1.value.selfSamples, $1.value.total, $0.key.function, $0.key.line) }
        for (l, t) in hotL.prefix(top) {
            let f = functions[l.function]
            out += row(Profile.frameName("\(f.chunk):\(l.line) (\(f.name))"), t, native: false)
        }
        return out
    }
}

// MARK: starting and stopping

extension LuaVM {
    /// Start the sampling profiler: every `intervalMicroseconds` the running code records its
    /// stack at its next limit check, in either tier. A profile already running is dropped.
    public func startProfiling(intervalMicroseconds: Int = Limits.defaultSampleIntervalMicroseconds) {
        core.startProfiler(intervalMicroseconds: intervalMicroseconds)
    }

    /// Stop the profiler (its timer thread is joined) and return what it recorded; nil when none ran.
    public func stopProfiling() -> Profile? { core.stopProfiler().map(Profile.init) }

    /// Whether the profiler is running.
    public var isProfiling: Bool { core.profiler != nil }

    /// The default sampling interval (µs).
    public static var defaultProfileInterval: Int { Limits.defaultSampleIntervalMicroseconds }
}
