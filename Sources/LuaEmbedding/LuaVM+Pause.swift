// Pausing running code (Ctrl-\, the PAUSE request): what the embedding sees of the paused program
// and what it may do there: read its frames, locals and upvalues, run Lua code as a nested
// activation, send the paused frame back to the interpreter, then let it go on or stop it.
//
// Invariants (ARCHITECTURE.md §5):
//  - The handler runs at the check that took the request (a function entry or a loop back-edge,
//    in either tier), inside `VM.serviceRequests`, on the paused thread. The paused frame's
//    registers are below the thread's top, so nested Lua code starts above them; no yield
//    crosses the pause (the nested code runs as after a C-call boundary).
//  - A compiled frame is paused after its limit check's exit: its registers are in their slots
//    and it continues interpreted from that check (until its loop enters compiled code again), so
//    reading its locals needs nothing from the JIT.
//  - Nothing here changes the paused program: a nested call leaves the thread's frames and top
//    as it found them, also on error or interrupt.

import CSigint
import LuaMethodJIT
import LuaRuntime

/// What a pause handler answers (`LuaVM.setPauseHandler`).
public enum LuaPauseAnswer: Sendable {
    /// Go on from the check.
    case goOn
    /// Stop the code, as Ctrl-C does: it raises the interrupt error there.
    case stop
    /// Not at this check (a library function's own loop): at the next Lua function's check.
    case later
}

/// Where the code is paused.
public struct LuaPause: Sendable {
    /// The paused check was compiled code's (the frame left its code there).
    public var compiled: Bool
    /// The check was a library function's own loop (no Lua code should run there).
    public var inLibraryFunction: Bool
}

/// One frame of the paused program, innermost first (`LuaVM.pausedFrames`).
public struct LuaPausedFrame {
    /// As a traceback line shows it: "stdin:3: in local 'spin'", "[C]: in function 'pcall'".
    public var description: String
    /// A Lua function's frame: "chunk:line"; nil for a library function's.
    public var position: String?
    /// The running Lua function (nil for a library function).
    public var function: LuaRef?
    /// The frame runs in a coroutine (not the main thread).
    public var inCoroutine: Bool
    let ci: UnsafeMutablePointer<CallInfo>
    let thread: UnsafeMutablePointer<LThread>
}

extension LuaVM {
    /// Install (or remove, with nil) what runs when a PAUSE request is taken.
    public func setPauseHandler(_ handler: ((LuaPause) -> LuaPauseAnswer)?) {
        guard let handler else { core.hooks.pause = nil; return }
        core.hooks.pause = { _, site in
            switch handler(LuaPause(compiled: site.compiled, inLibraryFunction: site.inNative)) {
            case .goOn: return .goOn
            case .stop: return .stop
            case .later: return .later
            }
        }
    }

    /// Drop a pending interrupt or pause request, leaving any other request posted (the paused
    /// code's own: hooks switched on, a profiler tick...).
    public func clearInterruptAndPauseRequests() {
        vmstate_clear(core.state, UInt32(VMSTATE_REQUEST_INTERRUPT | VMSTATE_REQUEST_PAUSE))
    }

    /// The paused thread's frames, innermost first, on through the threads that resumed it down to
    /// the main chunk (as an interrupt's traceback shows them).
    public func pausedFrames() -> [LuaPausedFrame] {
        var frames: [LuaPausedFrame] = []
        var th = core.current!
        while true {
            var ci: UnsafeMutablePointer<CallInfo>? = th.pointee.ci
            while let c = ci, c != th.pointee.baseCI {
                var position: String? = nil
                var function: LuaRef? = nil
                if let cl = c.pointee.closure {
                    position = String(core.position(c).dropLast())
                    function = ref(.object(UnsafeMutableRawPointer(cl), Tag.luaClosure))
                }
                let description = c.pointee.status & CallStatus.pcall != 0
                    ? "[C]: in function '\(c.pointee.status & CallStatus.xpcall != 0 ? "xpcall" : "pcall")'"
                    : core.frameDescription(c, th)
                frames.append(LuaPausedFrame(description: description, position: position, function: function,
                                             inCoroutine: th != core.mainThread, ci: c, thread: th))
                ci = c.pointee.previous
            }
            guard let r = th.pointee.resumer else { break }
            th = r
        }
        return frames
    }

    /// The active local variables of a paused Lua frame (named ones, in declaration order), then
    /// the function's upvalues; nil for a library function's frame.
    public func locals(of frame: LuaPausedFrame) -> (locals: [(String, LuaRef)], upvalues: [(String, LuaRef)])? {
        guard let cl = frame.ci.pointee.closure else { return nil }
        let p = cl.pointee.proto
        let info = core.protoInfo(of: p)
        let pc = core.currentPC(frame.ci)
        var locals: [(String, LuaRef)] = []
        var reg = 0
        for lv in info.localVariables {
            if lv.startPC > pc { break }
            guard pc < lv.endPC else { continue }
            // Names in parentheses are the compiler's own slots (a for loop's state).
            if !lv.name.hasPrefix("(") {
                locals.append((lv.name, ref(frame.thread.pointee.stack[frame.ci.pointee.baseIdx + reg])))
            }
            reg += 1
        }
        var upvalues: [(String, LuaRef)] = []
        let names = info.upvalues
        for i in 0..<Int(cl.pointee.upvalCount) {
            let name = i < names.count && !names[i].name.isEmpty ? names[i].name : "(no name)"
            upvalues.append((name, ref(LClosure.upvals(cl)[i].pointee.v.pointee)))
        }
        return (locals, upvalues)
    }

    /// Call `f` as a nested activation of the paused code, like a debug hook: on the paused
    /// thread, above its frames; an error (or an interrupt) comes back as a LuaError and the
    /// thread's frames and top are as they were.
    public func callWhilePaused(_ f: LuaRef, _ args: [LuaRef] = []) throws(LuaError) -> [LuaRef] {
        let th = core.current!
        let savedTop = th.pointee.top
        core.pendingTraceback = nil
        do {
            let r = try core.call(f.value, args.map { $0.value })
            flushOutput()
            return r.map { ref($0) }
        } catch {
            th.pointee.top = savedTop
            core.releaseErrorZone(th)
            flushOutput()
            let e = wrapError(error)
            core.errorCaught()
            throw e
        }
    }

    /// `:deopt-here` at a pause: the compiled code of the paused frame's function is discarded,
    /// so the frame, which left its code at the paused check, goes on interpreted from there, and
    /// so do the function's next calls until it is hot again. Answers how many code versions went
    /// (nil: the JIT is off).
    public func deoptimize(pausedFrame frame: LuaPausedFrame) -> Int? {
        guard let engine = jitEngine else { return nil }
        guard let cl = frame.ci.pointee.closure else { return 0 }
        let p = cl.pointee.proto
        let before = engine.info(p).installed
        _ = engine.deoptimize(core, p, pc: core.currentPC(frame.ci))
        return before - engine.info(p).installed
    }

    /// The JIT's word for the paused frame's function: "compiled", "OSR entries"...
    public func tier(of frame: LuaPausedFrame) -> String {
        guard let cl = frame.ci.pointee.closure else { return "a library function" }
        return jitEngine?.info(cl.pointee.proto).tier ?? "interpreted"
    }
}
