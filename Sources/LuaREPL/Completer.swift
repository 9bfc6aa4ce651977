// Tab completion: keywords, REPL commands, globals, fields after `.` and methods after `:`.
//
// Invariants:
//  - The completer reads live values only through `CompletionSource`, which never runs Lua code
//    (no metamethod can fire while the user presses Tab): lookups are raw, plus `__index` tables.
//  - A candidate is always the whole word libedit handed us (`a.b.fi` -> `a.b.find`), because `.`
//    and `:` are not word-break characters.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif
@preconcurrency import CEditLine

/// What completion needs from the VM. The session's VM adapter implements it.
protocol CompletionSource: AnyObject {
    /// Names of the global variables (string keys of the globals table).
    func globalNames() -> [String]
    /// Keys offered after `path.` or `path:`, where `path` is a chain of names from a global
    /// (`["string"]`, `["a", "b"]`); empty when the chain does not lead to a value with keys.
    func memberNames(of path: [String]) -> [String]
}

struct Completer {
    static let keywords = [
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
        "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
    ]

    /// Where candidates come from; replaced on `:reset`.
    var source: CompletionSource

    /// Candidates for `word` (the text before the cursor back to a word break), given everything
    /// before it on the line (`before`).
    func candidates(word: String, before: String) -> [String] {
        let lineStart = before.allSatisfy { $0 == " " || $0 == "\t" }
        if lineStart && word.hasPrefix(":") {
            return Command.names.map { ":" + $0 }.filter { $0.hasPrefix(word) }.sorted()
        }
        if let sep = word.lastIndex(where: { $0 == "." || $0 == ":" }) {
            let base = String(word[..<sep])
            let partial = String(word[word.index(after: sep)...])
            let path = base.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !path.isEmpty, path.allSatisfy(Completer.isName) else { return [] }
            let prefix = String(word[...sep])
            return Set(source.memberNames(of: path)).filter { Completer.isName($0) && $0.hasPrefix(partial) }
                .sorted().map { prefix + $0 }
        }
        let names = Set(source.globalNames()).union(Completer.keywords)
        return names.filter { Completer.isName($0) && $0.hasPrefix(word) }.sorted()
    }

    /// Shaped like a Lua name: a letter or underscore, then letters, digits, underscores.
    static func isName(_ s: String) -> Bool {
        guard let first = s.utf8.first, first == UInt8(ascii: "_") || isalpha(Int32(first)) != 0 else { return false }
        return s.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isalnum(Int32($0)) != 0 }
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for w in words.dropFirst() {
            while !w.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    // MARK: libedit glue

    /// The completer libedit's callback consults (libedit's API is a C global, so is this).
    nonisolated(unsafe) static var active: Completer?

    static func install(_ completer: Completer) {
        active = completer
        // Everything that ends a Lua name, except `.` and `:` (kept inside the word on purpose).
        rl_completer_word_break_characters = strdup(" \t\n\"'`@$><=;|&{}()[],+-*/%^#~")
        rl_attempted_completion_function = { text, start, _ in
            rl_attempted_completion_over = 1  // never fall back to file names
            guard let completer = Completer.active, let text else { return nil }
            let word = String(cString: text)
            var before = ""
            if let line = rl_line_buffer, start > 0 {
                before = String(decoding: UnsafeRawBufferPointer(start: line, count: Int(start)), as: UTF8.self)
            }
            let found = completer.candidates(word: word, before: before)
            guard !found.isEmpty else { return nil }
            // A space after a keyword or a command; none after a name, where `.`, `:` or `(` follows.
            let spaced = found.count == 1 && (Completer.keywords.contains(found[0]) || found[0].hasPrefix(":"))
            rl_completion_append_character = spaced ? 32 : 0
            // readline's contract: [substitution, match1, ..., NULL], all malloc'd; libedit frees them.
            let head = found.count == 1 ? found : [Completer.commonPrefix(found)] + found
            let bytes = MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (head.count + 1)
            guard let raw = malloc(bytes) else { return nil }
            let array = raw.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: head.count + 1)
            for (i, s) in head.enumerated() { array[i] = strdup(s) }
            array[head.count] = nil
            return array
        }
    }
}
