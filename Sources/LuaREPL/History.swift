// The history file: one entry per line, multi-line entries kept whole with their newlines escaped.
//
// Invariants:
//  - On disk, `\n` (backslash, n) stands for a newline and `\\` for a backslash; every other byte
//    is itself. So escape/unescape round-trip any entry, and one file line is one entry.
//  - Entries are appended as they are entered (a crash loses nothing, and two sessions that run at
//    once interleave rather than overwrite each other). The file is trimmed to the newest `limit`
//    entries when a session starts.
//  - A missing or unreadable file is an empty history, never an error.
//  - The file is created readable and writable by its owner only (0600), as shells and Python
//    create theirs: what was typed can hold secrets.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

struct HistoryFile {
    /// nil: history is not persisted (VMREPL_HISTORY set to the empty string, or no home directory).
    let path: String?
    let limit: Int

    /// `VMREPL_HISTORY` overrides `~/.vmrepl_history`; an empty value turns persistence off.
    static func defaultPath() -> String? {
        if let p = getenv("VMREPL_HISTORY") {
            let s = String(cString: p)
            return s.isEmpty ? nil : s
        }
        guard let home = getenv("HOME") else { return nil }
        return String(cString: home) + "/.vmrepl_history"
    }

    static func escape(_ entry: String) -> String {
        var out = ""
        out.reserveCapacity(entry.utf8.count)
        for ch in entry {
            switch ch {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out
    }

    static func unescape(_ line: String) -> String {
        var out = ""
        var escaped = false
        for ch in line {
            if escaped {
                out.append(ch == "n" ? "\n" : ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else {
                out.append(ch)
            }
        }
        if escaped { out.append("\\") }
        return out
    }

    /// Reads the entries, oldest first, and trims the file if it grew past the limit.
    func load() -> [String] {
        guard let path, let f = fopen(path, "r") else { return [] }
        var entries: [String] = []
        var buf: UnsafeMutablePointer<CChar>? = nil
        var cap = 0
        while getline(&buf, &cap, f) >= 0 {
            guard let buf else { break }
            var line = String(cString: buf)
            if line.hasSuffix("\n") { line.removeLast() }
            if !line.isEmpty { entries.append(HistoryFile.unescape(line)) }
        }
        free(buf)
        fclose(f)
        if entries.count > limit {
            entries.removeFirst(entries.count - limit)
            rewrite(entries)
        }
        return entries
    }

    func append(_ entry: String) {
        guard let path, let f = HistoryFile.open(path, O_WRONLY | O_APPEND | O_CREAT) else { return }
        fputs(HistoryFile.escape(entry) + "\n", f)
        fclose(f)
    }

    /// The file opened with `flags`, created with mode 0600 (the umask can only narrow it).
    private static func open(_ path: String, _ flags: Int32) -> UnsafeMutablePointer<FILE>? {
        let fd = Glibc.open(path, flags, 0o600)
        guard fd >= 0 else { return nil }
        guard let f = fdopen(fd, flags & O_APPEND != 0 ? "a" : "w") else { close(fd); return nil }
        return f
    }

    private func rewrite(_ entries: [String]) {
        guard let path else { return }
        let tmp = path + ".tmp"
        guard let f = HistoryFile.open(tmp, O_WRONLY | O_CREAT | O_TRUNC) else { return }
        for e in entries { fputs(HistoryFile.escape(e) + "\n", f) }
        fclose(f)
        rename(tmp, path)
    }
}
