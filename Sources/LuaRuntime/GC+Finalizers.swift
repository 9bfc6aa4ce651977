// `__gc` finalizers (manual §2.5.3): registration, separation of unreachable objects, resurrection,
// and running the finalizers at safe points.
//
// Invariants:
// - An object is "marked for finalization" iff it is in `gcx.finobj` (and `gcx.finSet`): it got
//   there when a metatable with a `__gc` field was set on it (a `__gc` added later does not count).
// - When a collection finds such an object unreachable, it moves it to `gcx.toBeFinalized` and
//   marks it and everything it reaches (resurrection) in the same cycle; from then on it is an
//   ordinary object: freed by a later cycle if still unreachable, finalized again only if it is
//   registered again.
// - Finalizers never run inside the collector: they run at the safe point that started the
//   collection, after it (and after collectgarbage), on a dedicated thread so that the interrupted
//   frame's stack never moves under the interpreter. Objects of one cycle run in the reverse order
//   of their registration, after those still pending from earlier cycles. No finalizer runs while
//   another one is running (nested collections only queue them).
// - Everything queued, the finalizer thread and the threads interrupted to run finalizers are GC
//   roots.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Collector state beyond the mark bits: finalization lists, knobs, the warning sink.
public struct GCExtra {
    /// Objects marked for finalization, in registration order.
    var finobj: [UnsafeMutableRawPointer] = []
    var finSet: Set<UInt> = []
    /// Objects whose finalizer is due; the next one to run is last.
    var toBeFinalized: [UnsafeMutableRawPointer] = []
    var runningFinalizers = false
    /// Set while the VM closes: new registrations are ignored (like lua_close).
    var closing = false
    var finalizerThread: UnsafeMutablePointer<LThread>?
    /// Threads suspended by running finalizers on the finalizer thread (roots until they resume).
    var interrupted: [UnsafeMutablePointer<LThread>] = []
    /// Warnings (`warn`, "error in __gc"): off by default, like lua; `warn("@on")` or -W.
    public var warningsOn = false
    /// Where warnings go when on; nil: "Lua warning: ..." on stderr.
    public var onWarning: ((String) -> Void)?
    /// collectgarbage's mode and knobs (accepted and reported; the collector is stop-the-world).
    /// The standalone lua 5.4 interpreter starts in generational mode, so the first switch
    /// reports "generational" there; we report the same.
    public var mode = "generational"
    public var pause = 200
    public var stepMul = 100
    /// Work credited by collectgarbage("step") towards the next cycle, in bytes (VM.gcStep).
    public var stepCredit = 0
    public init() {}
}

extension VM {
    /// Set-metatable hook: register `obj` (a table or full userdata) for finalization if `mt` has
    /// a `__gc` field now.
    public func checkFinalizer(_ obj: Value, _ mt: UnsafeMutablePointer<LTable>?) {
        guard let mt = mt, obj.tag == Tag.table || obj.tag == Tag.userdata, !gcx.closing else { return }
        if LTable.getShortStr(mt, tmNames[Int(TM.gc.rawValue)]).isNil { return }
        let p = obj.pointer
        if gcx.finSet.insert(UInt(bitPattern: p)).inserted { gcx.finobj.append(p) }
    }

    /// Roots owned by finalization (see the file header).
    func markFinalizerRoots(_ m: inout Marker) {
        for p in gcx.toBeFinalized { m.markObject(p) }
        if let t = gcx.finalizerThread { m.markObject(UnsafeMutableRawPointer(t)) }
        for t in gcx.interrupted { m.markObject(UnsafeMutableRawPointer(t)) }
    }

    /// After marking: queue the unreachable objects marked for finalization and resurrect them.
    func separateUnreachedFinalizable(_ m: inout Marker) {
        if gcx.finobj.isEmpty { return }
        var keep: [UnsafeMutableRawPointer] = []
        var batch: [UnsafeMutableRawPointer] = []
        for p in gcx.finobj {
            if Marker.isMarked(p) { keep.append(p) } else { batch.append(p) }
        }
        if batch.isEmpty { return }
        gcx.finobj = keep
        for p in batch {
            gcx.finSet.remove(UInt(bitPattern: p))
            m.markObject(p)
        }
        gcx.toBeFinalized = batch + gcx.toBeFinalized
    }

    /// The thread Lua code sees as running (coroutine.running, yield's message): while a
    /// finalizer runs on the finalizer thread, the thread it interrupted, since in lua a
    /// finalizer runs on the thread whose allocation triggered the collection.
    public var visibleThread: UnsafeMutablePointer<LThread> {
        if current == gcx.finalizerThread, let t = gcx.interrupted.last { return t }
        return current
    }

    /// Whether some finalizer is waiting to run.
    public var hasPendingFinalizers: Bool { !gcx.toBeFinalized.isEmpty }

    /// Run every pending finalizer, each in protected mode: an error becomes the warning
    /// "error in __gc (...)". An interrupt (Ctrl-C) propagates; what is left stays queued.
    public func runPendingFinalizers() throws(VMError) {
        if gcx.toBeFinalized.isEmpty || gcx.runningFinalizers { return }
        gcx.runningFinalizers = true
        let fin: UnsafeMutablePointer<LThread>
        if let t = gcx.finalizerThread { fin = t } else {
            fin = newThread()
            fin.pointee.baseCI.pointee.status |= CallStatus.finalizer
            gcx.finalizerThread = fin
        }
        let prev = current!
        gcx.interrupted.append(prev)
        current = fin
        fin.pointee.status = .running
        activateStack()
        defer {
            current = prev
            fin.pointee.status = .suspended
            gcx.interrupted.removeLast()
            activateStack()
            gcx.runningFinalizers = false
            // The finalizers' loops (on a thread without hooks) may have taken the request
            // that debug.sethook posted for the interrupted thread's plain loop.
            repostHookRequest(for: prev)
        }
        try runQueuedFinalizers()
    }

    /// The loop of runPendingFinalizers, on the finalizer thread.
    func runQueuedFinalizers() throws(VMError) {
        while let p = gcx.toBeFinalized.popLast() {
            let obj = Value.object(p, p.assumingMemoryBound(to: GCHeader.self).pointee.kind)
            let h = tm(obj, .gc)
            if h.isNil { continue }
            if !h.isFunction && tm(h, .call).isNil {
                warning("error in __gc (attempt to call a \(objTypeName(h)) value (metamethod '__gc'))")
                continue
            }
            do {
                _ = try call(h, [obj], nResults: 0)
            } catch {
                if error.kind != .error { throw error }
                let e = error.value
                let msg = e.tag == Tag.string ? LString.swiftString(e.str) : "error object is not a string"
                errorValue = .nil
                warning("error in __gc (\(msg))")
            }
        }
    }

    /// Closing the VM closes the main thread's pending to-be-closed variables first, innermost
    /// first (os.exit(c, true) inside a block), like lua_close; an error in one goes to the next
    /// handler as its error argument and is then dropped.
    func closeMainThreadVariables() {
        let th = mainThread!
        var err = Value.nil
        while th.pointee.tbcCount > 0 {
            th.pointee.tbcCount -= 1
            let v = th.pointee.stack[th.pointee.tbc![th.pointee.tbcCount]]
            if v.isFalsy { continue }
            do { _ = try call(tm(v, .close), [v, err], nResults: 0) } catch {
                if error.kind != .error { return }  // an interrupt stops the closing
                err = error.value
                errorCaught()
            }
        }
    }

    /// Whether a finalizer is running: collectgarbage then fails, as lua's does.
    public var inFinalizer: Bool { gcx.runningFinalizers }

    /// Emit a warning if warnings are on.
    public func warning(_ message: String) {
        guard gcx.warningsOn else { return }
        if let h = gcx.onWarning { h(message); return }
        fflush(stdout)
        fputs("Lua warning: \(message)\n", stderr)
    }

    /// Closing the VM (lua_close): run the pending finalizers, then those of every object still
    /// marked for finalization, newest first. Errors are warnings; an interrupt stops the rest.
    /// A call made while closing (os.exit(c, true) in a finalizer or a `__close` handler) never
    /// returns to the first one: it finishes the closing itself, the remaining variables and
    /// finalizers, as a nested lua_close does. A call after the closing finds nothing left.
    public func closeState() {
        gcx.closing = true
        closeMainThreadVariables()
        gcx.toBeFinalized = gcx.finobj + gcx.toBeFinalized
        gcx.finobj = []
        gcx.finSet = []
        if gcx.runningFinalizers {
            do { try runQueuedFinalizers() } catch {}  // already on the finalizer thread
        } else {
            do { try runPendingFinalizers() } catch {}
        }
    }
}
