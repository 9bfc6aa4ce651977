// Up and Down inside a recalled multi-line chunk: they move between its lines first, and walk
// the history only from its first line (Up) or its last line (Down), as in Python 3.13.
//
// Invariants:
//  - On a one-line input, Up and Down do exactly what libedit's history keys do (^P / ^N).
//  - The keys are bound through libedit's readline layer, which hands a bound function only the
//    last byte of the key sequence ('A' for ESC [ A): so 'A' and 'B' are bound to the functions
//    there and at once bound back to plain insertion; only the arrow sequences reach them.
//  - A move is made by queueing editing keys (^B, ^F, ^P, ^N, the emacs bindings) that the key
//    reader returns before reading the terminal again; nothing edits libedit's buffer directly.
//  - The cursor keeps its column where the target line is long enough, else goes to its end.
//  - The input is read through readline's `rl_line_buffer`, which libedit keeps in a conversion
//    buffer of its own; past `REPLLimits.lineMovesMaxBytes` (where that buffer may have been
//    moved) the keys just walk the history.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif
@preconcurrency import CEditLine

enum MultiLineKeys {
    /// Keys the reader returns before reading the terminal (filled by the Up/Down functions).
    nonisolated(unsafe) static var queued: [UInt8] = []

    private static let previousChar: UInt8 = 0x02, nextChar: UInt8 = 0x06
    private static let previousHistory: UInt8 = 0x10, nextHistory: UInt8 = 0x0e

    static func install() {
        _ = rl_add_defun("vmrepl-line-up", { _, _ in MultiLineKeys.move(up: true); return 0 }, Int32(UInt8(ascii: "A")))
        _ = rl_add_defun("vmrepl-line-down", { _, _ in MultiLineKeys.move(up: false); return 0 }, Int32(UInt8(ascii: "B")))
        // The sequences both cursor-key modes send, with a real ESC (the line is tokenized as a
        // shell would, so a written `\e` would lose its backslash).
        for command in ["bind A ed-insert", "bind B ed-insert",
                        "bind \u{1b}[A vmrepl-line-up", "bind \u{1b}OA vmrepl-line-up",
                        "bind \u{1b}[B vmrepl-line-down", "bind \u{1b}OB vmrepl-line-down"] {
            _ = rl_parse_and_bind(command)
        }
    }

    /// The key the reader returns next, if one is queued.
    static func next() -> Int32? {
        queued.isEmpty ? nil : Int32(queued.removeFirst())
    }

    private static func move(up: Bool) {
        guard let buffer = rl_line_buffer, rl_end > 0, Int(rl_end) < REPLLimits.lineMovesMaxBytes else {
            queued.append(up ? previousHistory : nextHistory)
            return
        }
        let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self),
                                              count: Int(rl_end)))
        let point = min(max(Int(rl_point), 0), bytes.count)
        queued += keys(for: bytes, point: point, up: up)
    }

    /// The editing keys that move the cursor at byte `point` of `text` one line up or down, or
    /// walk the history when it is on the first (last) line. Columns count characters.
    static func keys(for text: [UInt8], point: Int, up: Bool) -> [UInt8] {
        let newline = UInt8(ascii: "\n")
        func chars(_ r: Range<Int>) -> Int {
            String(decoding: text[r], as: UTF8.self).unicodeScalars.count
        }
        let lineStart = (text[..<point].lastIndex(of: newline)).map { $0 + 1 } ?? 0
        let lineEnd = text[point...].firstIndex(of: newline) ?? text.count
        let column = chars(lineStart..<point)
        if up {
            guard lineStart > 0 else { return [previousHistory] }
            let previousStart = (text[..<(lineStart - 1)].lastIndex(of: newline)).map { $0 + 1 } ?? 0
            let previousLength = chars(previousStart..<(lineStart - 1))
            let left = column + 1 + (previousLength - min(column, previousLength))
            return Array(repeating: previousChar, count: left)
        }
        guard lineEnd < text.count else { return [nextHistory] }
        let nextEnd = text[(lineEnd + 1)...].firstIndex(of: newline) ?? text.count
        let right = chars(point..<lineEnd) + 1 + min(column, chars((lineEnd + 1)..<nextEnd))
        return Array(repeating: nextChar, count: right)
    }
}
