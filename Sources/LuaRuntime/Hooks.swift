// Debug hooks (debug.sethook): the per-coroutine hook settings and where the hook function lives.
//
// Invariants: a thread's hooks are active iff `mask != 0`; while its hook function runs `allow`
// is false and no event fires, but the bookkeeping (count, last line pc) goes on inside the hook
// function's own code, as in lua (a count hook's own instructions count); the hook function
// itself is kept in the registry table `_HOOKKEY` (VM.hookTableKey), keyed by the thread (weak
// keys, like lua), so the collector sees it as an ordinary root and a dead coroutine's entry goes
// away with it. Turning hooks on posts VMSTATE_REQUEST_HOOKS, so that a dispatch loop running
// without hook checks takes its slow path at the next limit check and re-enters its hooked
// specialization; code run on another thread meanwhile (a finalizer, a coroutine) may service
// that request, so the thread re-posts it when it runs again (repostHookRequest).

import CSigint

/// Event bits of a hook mask (lua's LUA_MASK*).
public enum HookMask {
    public static let call: UInt8 = 1
    public static let ret: UInt8 = 2
    public static let line: UInt8 = 4
    public static let count: UInt8 = 8
}

/// One coroutine's hook settings (a field of LThread; plain scalars, nothing to collect).
@frozen public struct ThreadHooks {
    /// HookMask bits; 0: no hooks.
    public var mask: UInt8 = 0
    /// False while the hook function runs (hooks do not nest).
    public var allow: Bool = true
    /// The count hook's period (instructions), and the instructions left until it fires.
    public var baseCount: Int = 0
    public var countdown: Int = 0
    /// Index of the instruction a line event was last considered at in the running frame
    /// (lua's oldpc): a line event fires on a new line, or on a jump back to an index <= it.
    public var oldPC: Int = 0
    /// Dispatch loops of this thread running in their plain (hook-free) form right now.
    public var plainLoops: Int = 0
    /// While a call or return hook runs: the frame whose values it transfers, and where they
    /// are (debug.getinfo's ftransfer/ntransfer: getlocal indices in that frame). nil otherwise.
    public var transferCI: UnsafeMutablePointer<CallInfo>? = nil
    public var ftransfer: Int = 0
    public var ntransfer: Int = 0
    public init() {}

    /// A new coroutine takes its creator's mask and count, not its hook function (as in lua:
    /// the events are counted but nothing is called until sethook gives it a function).
    public mutating func inherit(from h: ThreadHooks) {
        mask = h.mask
        baseCount = h.baseCount
        countdown = h.baseCount
    }

    /// Whether a dispatch loop on this thread must run its hooked specialization.
    @inline(__always) public var active: Bool { mask != 0 }
}

extension VM {
    /// lua's name for that table (debug.getregistry()._HOOKKEY).
    static let hookTableKey = "_HOOKKEY"

    /// The registry table thread -> hook function (created with weak keys on first use).
    func hookTable(create: Bool) -> UnsafeMutablePointer<LTable>? {
        let key = newString(VM.hookTableKey)
        let v = LTable.getStr(registry, key)
        if v.isTable { return v.tbl }
        if !create { return nil }
        let t = newTable()
        let mt = newTable()
        rawSetStr(mt, newString("__mode"), .string(newString("k")))
        t.pointee.metatable = mt
        rawSetStr(registry, key, .table(t))
        return t
    }

    /// Set (or with a nil function / zero mask, clear) the hooks of thread `th`.
    public func setHook(_ th: UnsafeMutablePointer<LThread>, _ fn: Value, mask: UInt8, count: Int) {
        let thv = Value.object(UnsafeMutableRawPointer(th), Tag.thread)
        var m = mask
        if count > 0 { m |= HookMask.count }
        // `count` is kept as given (gethook reports it, even when negative); it counts only > 0.
        if fn.isNil || m == 0 {
            th.pointee.hook.mask = 0
            th.pointee.hook.baseCount = 0
            th.pointee.hook.countdown = 0
            if let t = hookTable(create: false) { try? rawSet(t, thv, .nil) }
            return
        }
        if let t = hookTable(create: true) { try? rawSet(t, thv, fn) }
        th.pointee.hook.mask = m
        th.pointee.hook.baseCount = count
        th.pointee.hook.countdown = count
        // Running loops without hook checks notice at their next limit check.
        vmstate_request(state, UInt32(VMSTATE_REQUEST_HOOKS))
    }

    /// Thread `th` runs again after code on another thread (a finalizer, a coroutine) ran: that
    /// code's loops may have serviced, and so dropped, the request that tells `th`'s plain loops
    /// to switch to their hooked form. Post it again while `th` still needs it.
    public func repostHookRequest(for th: UnsafeMutablePointer<LThread>) {
        if th.pointee.hook.active && th.pointee.hook.plainLoops > 0 {
            vmstate_request(state, UInt32(VMSTATE_REQUEST_HOOKS))
        }
    }

    /// The hook function of thread `th` (nil: none).
    public func hookFunction(_ th: UnsafeMutablePointer<LThread>) -> Value {
        guard th.pointee.hook.mask != 0, let t = hookTable(create: false) else { return .nil }
        return LTable.get(t, .object(UnsafeMutableRawPointer(th), Tag.thread))
    }
}
