// The C standard streams the session writes to, behind two functions.
//
// Invariants: Swift 6 sees stdout/stderr as shared mutable state. In a release (whole-module)
// build the declarations come from the first C module that included <stdio.h> (CEditLine's shim),
// so that module is imported @preconcurrency here too; only this file names the streams.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif
@preconcurrency import CEditLine

enum StandardStreams {
    /// Everything printed so far reaches the terminal (before a prompt, or before an error).
    static func flushOutput() {
        fflush(stdout)
    }

    /// Bytes on stdout exactly as given (a Lua string need not be UTF-8).
    static func writeOutput(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, stdout) }
    }

    /// The width of the terminal stdout is on, or nil when it is not one.
    static func terminalColumns() -> Int? {
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// Text for the terminal on stdout (control sequences, a pasted block shown again).
    static func writeOutput(_ text: String) {
        fputs(text, stdout)
    }

    /// An error message on stderr, after what stdout already holds.
    static func writeError(_ text: String) {
        fflush(stdout)
        fputs(text, stderr)
        fflush(stderr)
    }
}
