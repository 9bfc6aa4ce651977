// `:edit`: write a chunk in $EDITOR, then run what was saved as one chunk.
//
// Invariants:
//  - The file is private to the user (mkstemp, mode 0600) and removed afterwards.
//  - The editor runs through `/bin/sh -c '$EDITOR "$1"'`, so an EDITOR with arguments
//    (`code -w`) works, and the file name is never parsed by the shell. VISUAL, then EDITOR, then
//    `vi`, as other programs choose.
//  - An editor that fails (non-zero status) or a file saved empty runs nothing. What was saved
//    runs as one chunk, entered into the history whole: as an expression when it is one (its
//    values shown), else as statements.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import LuaEmbedding

extension REPLSession {
    func edit() {
        var template = Array((REPLSession.temporaryDirectory() + "/vmrepl-edit-XXXXXX.lua").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
        guard fd >= 0 else {
            reportMessage(":edit: cannot create a temporary file: " + String(cString: strerror(errno)))
            return
        }
        close(fd)
        let path = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(path) }

        var editor = "vi"
        for name in ["VISUAL", "EDITOR"] {
            if let v = getenv(name), v.pointee != 0 { editor = String(cString: v) }
        }
        StandardStreams.flushOutput()
        let status = REPLSession.runShell("\(editor) \"$1\"", argument: path)
        guard status == 0 else {
            reportMessage(":edit: the editor '\(editor)' failed (status \(status)); nothing was run")
            return
        }
        guard let bytes = REPLSession.readFile(path) else {
            reportMessage(":edit: cannot read \(path)")
            return
        }
        var source = String(decoding: bytes, as: UTF8.self)
        while source.hasSuffix("\n") { source.removeLast() }
        if source.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) {
            print("(the file was saved empty: nothing to run)")
            return
        }
        reader.remember(source)
        if case .function(let f) = vm.compile(Array(("return " + source).utf8), chunkName: "=stdin") {
            runAndPrint { () throws(LuaError) in try self.vm.call(f) }
            return
        }
        switch vm.compile(Array(source.utf8), chunkName: "=stdin") {
        case .function(let f): runAndPrint { () throws(LuaError) in try self.vm.call(f) }
        case .syntaxError(let message, _): reportMessage(message)
        }
    }

    static func temporaryDirectory() -> String {
        if let t = getenv("TMPDIR"), t.pointee != 0 { return String(cString: t) }
        return "/tmp"
    }

    /// Runs `/bin/sh -c script sh argument` on this terminal and waits; returns its exit status
    /// (-1 if it could not start, 128+N if a signal ended it).
    static func runShell(_ script: String, argument: String) -> Int32 {
        let args = ["/bin/sh", "-c", script, "sh", argument]
        let cArgs = args.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", nil, nil, cArgs, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    static func readFile(_ path: String) -> [UInt8]? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return out
    }
}
