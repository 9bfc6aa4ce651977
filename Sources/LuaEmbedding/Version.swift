// vmrepl's own version, shown by `-v`, `--version` and the session's banner.
//
// Invariant: one definition; the command line and the REPL both read it.

extension LuaVM {
    /// The version of vmrepl (the engine and its tools), not of the Lua language it implements.
    public static let vmreplVersion = "0.1"
}
