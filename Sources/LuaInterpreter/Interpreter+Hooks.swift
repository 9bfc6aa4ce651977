// Debug hooks in the interpreter: the policy the dispatch loop is specialized on, and the
// out-of-line routines that fire call, tail call, return, line and count events.
//
// Why a generic loop: the fast path has no per-instruction test (ARCHITECTURE.md §5). `run` is generic
// over HookPolicy and `H.enabled` is a static constant, so `run<NoHooks>` compiles to the plain
// loop (every `if H.enabled` folds away) and `run<WithHooks>` adds the per-instruction line/count
// check and the call/return events; `run<CountingLoop>` is the plain loop that also counts the
// instructions it runs, picked only when the VM counts them (`--jit-stats`). `execute` picks the
// form from the running thread's settings (ThreadHooks.active). A loop whose form no longer
// matches leaves (run returns false with ci.savedPC at the next instruction) and `execute` re-enters the other form at the same frame
// and pc: the hooked form checks at every instruction; the plain form at its limit checks, which
// fail once setHook posts VMSTATE_REQUEST_HOOKS (the bit stays posted while a plain loop of the
// thread is still running, see VM.serviceRequests), and right after each native call it makes
// (the same limit compare), so hooks set by debug.sethook apply from the next instruction. A
// metamethod that switches hooks on makes its calling frame re-enter in the hooked form at once:
// callValue finishes the instruction as after a yield and throws `reenter` to `execute`. A
// coroutine that sets hooks on its resumer re-posts the request as it switches back (resume).
//
// Invariants: a hook function runs with the thread's `allow` cleared (no events inside hooks,
// though its own code runs in the hooked form and keeps the count and line bookkeeping going);
// while it runs, the hooked frame's savedPC is one past the instruction the event is about (so
// debug.getinfo(2, "l").currentline is that instruction's line) and the thread's top covers
// every live register (restored afterwards); callers reload `base` after any event.

import CSigint
import LuaBytecode
import LuaRuntime

protocol HookPolicy {
    static var enabled: Bool { get }
    /// Run one instruction of the current frame and return (compiled code's `TierHelpers.step`).
    static var singleStep: Bool { get }
    /// Count each instruction in its proto's `ranInterpreted` (`--jit-stats`).
    static var counting: Bool { get }
}
extension HookPolicy {
    static var singleStep: Bool { @inline(__always) get { false } }
    static var counting: Bool { @inline(__always) get { false } }
}
/// One instruction, no hooks: what compiled code asks of the interpreter for an instruction it
/// has no code for (Interpreter+Tiers.swift).
enum OneStep: HookPolicy {
    static var enabled: Bool { @inline(__always) get { false } }
    static var singleStep: Bool { @inline(__always) get { true } }
}
/// The plain loop: no hook checks at all.
enum NoHooks: HookPolicy {
    static var enabled: Bool { @inline(__always) get { false } }
}
/// The plain loop that counts the instructions it runs (`--jit-stats`, `VM.countsBytecodes`):
/// a form of its own, so that the plain loop has no counting test.
enum CountingLoop: HookPolicy {
    static var enabled: Bool { @inline(__always) get { false } }
    static var counting: Bool { @inline(__always) get { true } }
}
/// The hooked loop: line/count checks per instruction, call/return events (and instruction
/// counting, when the VM counts: a test per instruction costs nothing next to the hook checks).
enum WithHooks: HookPolicy {
    static var enabled: Bool { @inline(__always) get { true } }
}

extension Interpreter {
    /// Run the boundary's activation in the form the thread's hook settings ask for; false when
    /// the loop left to switch forms. Plain activations are counted, so a pending hook request
    /// stays posted until each of them has switched.
    @inline(__always)
    static func runSelected(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ boundary: CI) throws(VMError) -> Bool {
        if th.pointee.hook.active { return try run(vm, boundary, WithHooks.self) }
        th.pointee.hook.plainLoops += 1
        do {
            let r = vm.countsBytecodes ? try run(vm, boundary, CountingLoop.self) : try run(vm, boundary, NoHooks.self)
            th.pointee.hook.plainLoops -= 1
            return r
        } catch {
            th.pointee.hook.plainLoops -= 1
            throw error
        }
    }

    /// Slow path of the loop's limit checks (back-edges, after native calls): service the
    /// requests; true if the loop must leave to switch forms (ci.savedPC must be current).
    @inline(never)
    static func loopService<H: HookPolicy>(_ vm: VM, _: H.Type) throws(VMError) -> Bool {
        let pauses = vm.pausesTaken
        try vm.serviceRequests()
        let th = vm.current!
        // A pause may have run Lua code (the REPL's paused> prompt), which can move the stack:
        // the loop leaves and resumes the frame at ci.savedPC with its pointers loaded afresh.
        if th.pointee.hook.active == H.enabled { return vm.pausesTaken != pauses }
        if !H.enabled {
            // Like lua after the hook-setting call returns: the next line event compares with
            // the instruction that was running.
            th.pointee.hook.oldPC = vm.currentPC(th.pointee.ci)
        }
        return true
    }

    /// The slow path of a back-edge's limit check, `pc` the loop header it jumped to. An interrupt
    /// stops the loop at that header, the instruction that would run next: the frame then shows
    /// that instruction's line (a body line, or the `while` condition's), as lua's interrupt hook
    /// does, not the line of the instruction before it (which can be outside the loop).
    @inline(never)
    static func backEdgeService<H: HookPolicy>(_ vm: VM, _ ci: CI, _ pc: PC, _: H.Type) throws(VMError) -> Bool {
        ci.pointee.savedPC = pc
        vm.servingLoopCheck = true
        defer { vm.servingLoopCheck = false }
        do {
            return try loopService(vm, H.self)
        } catch {
            if error.kind == .interrupt { ci.pointee.savedPC = pc + 1 }
            throw error
        }
    }

    /// Call the thread's hook function with (event, line). `transfer`: for call and return
    /// events, the values transferred, as (first getlocal index in the running frame, count).
    static func fireHook(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ event: String, _ line: Int?,
                         transfer: (first: Int, count: Int) = (0, 0)) throws(VMError) {
        if !th.pointee.hook.allow { return }
        let fn = vm.hookFunction(th)
        if fn.isNil { return }
        th.pointee.hook.allow = false
        let ci = th.pointee.ci
        ci.pointee.status |= CallStatus.hooked  // the hook function is named "hook '?'"
        // No values (count 0): both read 0, as in lua.
        if transfer.count != 0 {
            th.pointee.hook.transferCI = ci
            th.pointee.hook.ftransfer = transfer.first
            th.pointee.hook.ntransfer = transfer.count
        }
        defer {
            th.pointee.hook.allow = true
            th.pointee.hook.transferCI = nil
            ci.pointee.status &= ~CallStatus.hooked
        }
        let lv: Value = line.map { Value.integer(Int64($0)) } ?? .nil
        _ = try vm.call(fn, [vm.str(event), lv], nResults: 0)
    }

    /// A Lua frame was just entered (savedPC at its first instruction): the call event.
    @inline(never)
    static func hookCall(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ ci: CI, tail: Bool) throws(VMError) {
        guard th.pointee.hook.active, let cl = ci.pointee.closure else { return }
        let p = cl.pointee.proto
        // A vararg function's first instruction (varArgPrep) is not traced; the one after it
        // always gets a line event, as does a plain function's first instruction.
        th.pointee.hook.oldPC = p.pointee.isVararg ? 1 : 0
        guard th.pointee.hook.mask & HookMask.call != 0 else { return }
        let code = p.pointee.code
        let oldTop = th.pointee.top
        th.pointee.top = ci.pointee.topIdx
        ci.pointee.savedPC = code + 1
        try fireHook(vm, th, tail ? "tail call" : "call", nil, transfer: (1, p.pointee.numParams))
        ci.pointee.savedPC = code
        th.pointee.top = oldTop
        th.pointee.hook.oldPC = p.pointee.isVararg ? 1 : 0  // the hook's own return moved it
    }

    /// Lua frame `ci` is about to return its `n` results from stack[first], the live registers
    /// ending below `top`: the return event; then, like lua, the caller's next line event
    /// compares with its calling instruction.
    @inline(never)
    static func hookReturn(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ ci: CI, _ pc: PC,
                           _ first: Int, _ n: Int, _ top: Int) throws(VMError) {
        guard th.pointee.hook.active else { return }
        if th.pointee.hook.mask & HookMask.ret != 0 {
            ci.pointee.savedPC = pc
            let oldTop = th.pointee.top
            th.pointee.top = max(top, ci.pointee.topIdx)
            try fireHook(vm, th, "return", nil, transfer: (first - ci.pointee.baseIdx + 1, n))
            th.pointee.top = oldTop
        }
        lastLineAtCaller(vm, th, ci)
    }

    /// Frame `ci` returns: like lua, its Lua caller's next line event compares with the calling
    /// instruction (a hook function's own code moved the last line pc meanwhile).
    @inline(__always)
    static func lastLineAtCaller(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ ci: CI) {
        if let prev = ci.pointee.previous, prev.pointee.closure != nil {
            th.pointee.hook.oldPC = vm.currentPC(prev)
        }
    }

    /// Before the instruction at `pc` in the hooked loop: count and line events. True if the
    /// thread's hooks went off (the loop must leave to its plain form).
    @inline(never)
    static func hookInstruction(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ ci: CI, _ pc: PC) throws(VMError) -> Bool {
        if !th.pointee.hook.active { return true }
        let mask = th.pointee.hook.mask
        if mask & (HookMask.line | HookMask.count) == 0 { return false }
        let ins = pc.pointee
        let op = unsafeBitCast(UInt8(truncatingIfNeeded: ins & 0x7F), to: Opcode.self)
        if op == .varArgPrep { return false }
        var countEvent = false
        if mask & HookMask.count != 0 {
            th.pointee.hook.countdown -= 1
            if th.pointee.hook.countdown <= 0 {
                th.pointee.hook.countdown = th.pointee.hook.baseCount
                countEvent = true
            }
        }
        let p = ci.pointee.closure.unsafelyUnwrapped.pointee.proto
        let npc = pcIndex(p.pointee.code, pc)
        if !countEvent {
            if mask & HookMask.line == 0 || !newLine(th, p, npc) {
                th.pointee.hook.oldPC = npc
                return false
            }
        }
        // Instructions that take open results keep the thread's top; others free it.
        let usesTop = (op == .call || op == .tailCall || op == .return || op == .setList) && opB(ins) == 0
        let oldTop = th.pointee.top
        if !usesTop { th.pointee.top = ci.pointee.topIdx }
        ci.pointee.savedPC = pc + 1
        if countEvent { try fireHook(vm, th, "count", nil) }
        // The line test comes after the count hook ran (its return resets the last line pc,
        // as in lua, so a count hook written in Lua makes every instruction a line event).
        if th.pointee.hook.mask & HookMask.line != 0 {
            // Stripped code has no line numbers (0): the hook gets nil, as in lua.
            if newLine(th, p, npc) { try fireHook(vm, th, "line", p.pointee.lines[npc] > 0 ? Int(p.pointee.lines[npc]) : nil) }
            th.pointee.hook.oldPC = npc
        }
        th.pointee.top = oldTop
        ci.pointee.savedPC = pc
        return !th.pointee.hook.active
    }

    /// Whether instruction `npc` starts a line event: a new line, or a jump back.
    @inline(__always)
    static func newLine(_ th: UnsafeMutablePointer<LThread>, _ p: UnsafeMutablePointer<Proto>, _ npc: Int) -> Bool {
        var old = th.pointee.hook.oldPC
        if old < 0 || old >= p.pointee.codeCount { old = 0 }
        return npc <= old || p.pointee.lines[npc] != p.pointee.lines[old]
    }

    /// A call from the hooked loop of the value at stack[fIdx] (arguments up to top): call and
    /// return events for natives, the call event for Lua functions. Returns the new Lua frame,
    /// or nil when the callee (native) has completed.
    @inline(never)
    static func hookedCall(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ fIdx: Int, _ nres: Int) throws(VMError) -> CI? {
        try resolveCallee(vm, th, fIdx)
        let f = th.pointee.stack[fIdx]
        if f.tag == Tag.lightNative && (Int(f.payload) == vm.pcallIndex || Int(f.payload) == vm.xpcallIndex) {
            let nci = try protectedCall(vm, th, fIdx, nres, xpcall: Int(f.payload) == vm.xpcallIndex)
            if let c = nci { try hookCall(vm, th, c, tail: false) }
            return nci
        }
        let nci = try precallHooked(vm, th, fIdx, nres)
        if let c = nci { try hookCall(vm, th, c, tail: false) }
        return nci
    }

    /// `precall` while the thread's hooks are on: a native callee raises its call and return
    /// events; a Lua callee's frame is returned before its call event (its caller fires it:
    /// hookedCall, or `execute` for a call from Swift).
    static func precallHooked(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ fIdx: Int, _ nres: Int) throws(VMError) -> CI? {
        try resolveCallee(vm, th, fIdx)
        let f = th.pointee.stack[fIdx]
        switch f.tag {
        case Tag.luaClosure:
            return try enterLua(vm, th, fIdx, th.pointee.top - fIdx - 1, nres, f.lclosure)
        case Tag.lightNative:
            return try callNativeHooked(vm, th, fIdx, nres, Int(f.payload), nil, callEvent: true)
        default:
            return try callNativeHooked(vm, th, fIdx, nres, f.nclosure.pointee.fnIndex, f.nclosure, callEvent: true)
        }
    }

    /// Replace a non-function at stack[fIdx] by its __call handler until it is a function.
    static func resolveCallee(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ fIdx: Int) throws(VMError) {
        var n = 0
        while !th.pointee.stack[fIdx].isFunction {
            n += 1
            if n >= Limits.maxTagLoop { throw vm.runtimeError("'__call' chain too long; possible loop") }
            try resolveCall(vm, th, fIdx)
        }
    }

    /// Call a native function at stack[fIdx] (as `callNative`), with the call event if asked
    /// and the return event when the thread's hooks are on by the time it returns (so the
    /// plain loop's call of debug.sethook reports its return, like lua).
    @inline(__always)
    static func callNativeHooked(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ fIdx: Int, _ nResults: Int,
                                 _ index: Int, _ closure: UnsafeMutablePointer<NClosure>?, callEvent: Bool) throws(VMError) -> CI? {
        try callNative(vm, th, fIdx, nResults, index, closure, callEvent: callEvent, returnEvent: true)
    }

    /// The return event of the running native frame (its `n` results from stack[first]), then
    /// the caller's last line pc.
    @inline(never)
    static func nativeReturnEvent(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ first: Int, _ n: Int) throws(VMError) {
        if th.pointee.hook.mask & HookMask.ret != 0 {
            try fireHook(vm, th, "return", nil, transfer: (first - th.pointee.ci.pointee.funcIdx, n))
        }
        lastLineAtCaller(vm, th, th.pointee.ci)
    }

    /// The call event for the first frame of an activation entered from Swift (a function
    /// called by a metamethod, a library function or resume).
    static func hookActivationEntry(_ vm: VM, _ th: UnsafeMutablePointer<LThread>, _ boundary: CI) throws(VMError) {
        guard th.pointee.hook.active, let cl = boundary.pointee.closure else { return }
        if boundary.pointee.savedPC == cl.pointee.proto.pointee.code {
            try hookCall(vm, th, boundary, tail: false)
        }
    }
}
