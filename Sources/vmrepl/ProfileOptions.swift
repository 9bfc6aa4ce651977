// The command line's profiler options: --profile[=FILE], --profile-svg=FILE,
// --profile-folded=FILE, --profile-rate=HZ (REPL.md, "Profiler").
//
// Invariants: any of the output options turns the profiler on (the report goes to stderr only
// with --profile); the profiler starts before the first chunk (LUA_INIT, -e, -l, the script) and
// its outputs are written once, when the process exits, whatever the way out: the script's end,
// an error (after its message and traceback), os.exit, or the session's end (an atexit handler,
// so that os.exit's own call to exit is covered too).

import LuaEmbedding
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

struct ProfileOptions {
    var on = false
    /// --profile: the report to stderr (nil file) or to FILE; not asked for: no report.
    var report: (asked: Bool, file: String?) = (false, nil)
    var svgFile: String?
    var foldedFile: String?
    var rateHz = 1_000_000 / LuaVM.defaultProfileInterval

    /// Takes `a` if it is a profiler option; false if it is not one.
    mutating func parse(_ a: String) -> Bool {
        func value(_ flag: String) -> String? {
            guard a.hasPrefix(flag + "=") else { return nil }
            let v = String(a.dropFirst(flag.count + 1))
            if v.isEmpty { usage("'\(flag)=' needs a file name") }
            return v
        }
        if a == "--profile" { report = (true, nil) }
        else if let f = value("--profile") { report = (true, f) }
        else if let f = value("--profile-svg") { svgFile = f }
        else if let f = value("--profile-folded") { foldedFile = f }
        else if a.hasPrefix("--profile-rate=") {
            let hz = count(a.dropFirst(15), of: "--profile-rate")
            guard hz >= 1 && hz <= 1_000_000 else { usage("bad rate '\(hz)' in '--profile-rate=HZ' (1 to 1000000)") }
            rateHz = hz
        } else { return false }
        on = true
        return true
    }
}

/// The VM being profiled and what to write when the process exits.
nonisolated(unsafe) var profiled: (vm: LuaVM, options: ProfileOptions, title: String)?

/// Start the profiler on `vm`; its outputs are written at exit.
func startProfiling(_ vm: LuaVM, _ o: ProfileOptions, title: String) {
    guard o.on else { return }
    profiled = (vm, o, title)
    vm.startProfiling(intervalMicroseconds: max(1, 1_000_000 / o.rateHz))
    atexit { writeProfile() }
}

/// What the VMs a session's `:reset` left behind recorded (merged into the report at exit).
nonisolated(unsafe) var earlierProfile: Profile?

/// A session's `:reset` made `fresh`: the profiler goes on there, and what the old VM recorded is
/// kept for the report at exit.
func profileFollows(_ fresh: LuaVM) {
    guard let (old, o, title) = profiled, old !== fresh else { return }
    if let p = old.stopProfiling() { earlierProfile = earlierProfile.map { $0.merged(with: p) } ?? p }
    profiled = (fresh, o, title)
    fresh.startProfiling(intervalMicroseconds: max(1, 1_000_000 / o.rateHz))
}

/// Stop the profiler and write the report, the folded stacks and the flame graph asked for.
func writeProfile() {
    guard let (vm, o, title) = profiled, let last = vm.stopProfiling() else { return }
    profiled = nil
    let p = earlierProfile.map { $0.merged(with: last) } ?? last
    fflush(stdout)
    if o.report.asked { write(p.report(), to: o.report.file) }
    if let f = o.foldedFile { write(p.foldedStacks, to: f) }
    if let f = o.svgFile { write(p.flameGraphSVG(title: title), to: f) }
}

/// `text` into `file` (nil: stderr); a file that cannot be written is said on stderr.
private func write(_ text: String, to file: String?) {
    guard let file else { fputs(text, stderr); return }
    guard let fp = fopen(file, "w") else {
        fputs("\(progName): cannot write the profile to \(file): \(String(cString: strerror(errno)))\n", stderr)
        return
    }
    fputs(text, fp)
    fclose(fp)
}
