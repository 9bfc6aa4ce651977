// Closing a LuaVM the way lua_close does: finalizers of every object still marked for finalization.
//
// Invariant: after closeState no new object is registered for finalization; calling it twice is
// harmless. The VM stays usable (objects are not freed until deinit).

extension LuaVM {
    /// Run pending `__gc` finalizers and those of all objects still marked for finalization,
    /// newest first (errors become warnings). Call once, when the program ends.
    public func closeState() {
        core.closeState()
    }

    /// Whether warnings (`warn`, errors in finalizers) are printed; lua's -W turns them on.
    public var warningsOn: Bool {
        get { core.gcx.warningsOn }
        set { core.gcx.warningsOn = newValue }
    }
}
