// Coroutine stacks: creation, growth (moving the stack and fixing open upvalues), CallInfo reuse.
//
// Invariants: a stack never exceeds options.maxStackSlots (+ the extra reserve used to report
// the overflow error itself); after a move every open upvalue points into the new stack; the
// VMState's real limit is refreshed whenever the running thread's stack moves.

#if canImport(Glibc)
import Glibc
#endif

extension VM {
    public func newThread() -> UnsafeMutablePointer<LThread> {
        let t = allocObject(kind: Tag.thread, size: MemoryLayout<LThread>.stride).assumingMemoryBound(to: LThread.self)
        let n = Limits.initialStackSlots
        let stack = UnsafeMutablePointer<Value>.allocate(capacity: n)
        stack.initialize(repeating: .nil, count: n)
        heapBytes += n * MemoryLayout<Value>.stride
        let ci = UnsafeMutablePointer<CallInfo>.allocate(capacity: 1)
        ci.initialize(to: CallInfo(previous: nil, next: nil, funcIdx: 0, baseIdx: 1, topIdx: 1 + Limits.nativeMinStack,
                                   savedPC: nil, closure: nil, nResults: 0, status: 0, nExtraArgs: 0, nativeIndex: -1, nReturned: 0))
        t.pointee.stack = stack
        t.pointee.stackSize = n
        t.pointee.top = 1
        t.pointee.ci = ci
        t.pointee.baseCI = ci
        t.pointee.openUpvals = nil
        t.pointee.status = .suspended
        t.pointee.nonYieldable = 0
        t.pointee.tbc = nil
        t.pointee.tbcCount = 0
        t.pointee.tbcCapacity = 0
        t.pointee.resumer = nil
        t.pointee.yieldFirst = 0
        t.pointee.started = false
        t.pointee.deathError = .nil
        t.pointee.hook = ThreadHooks()
        if let cur = current { t.pointee.hook.inherit(from: cur.pointee.hook) }
        return t
    }

    static func freeThread(_ t: UnsafeMutablePointer<LThread>) {
        t.pointee.stack.deallocate()
        var ci: UnsafeMutablePointer<CallInfo>? = t.pointee.baseCI
        while let c = ci { ci = c.pointee.next; c.deallocate() }
        t.pointee.tbc?.deallocate()
    }

    /// Make sure `th` has at least `needed` slots in total. Throws "stack overflow" past the limit.
    public func growStack(_ th: UnsafeMutablePointer<LThread>, _ needed: Int) throws(VMError) {
        let size = th.pointee.stackSize
        if needed <= size { return }
        let maxSlots = options.maxStackSlots + Limits.errorStackSlots
        if needed > options.maxStackSlots {
            // Past the error zone too: an overflow while a message handler was handling one.
            if size >= maxSlots {
                overflowInErrorZone = true
                throw errorWithValue(str("error in error handling"))
            }
            // Give the error handler room above the limit, once.
            reallocStack(th, maxSlots)
            throw runtimeError("stack overflow")
        }
        var n = size * 2
        while n < needed { n *= 2 }
        // Ordinary growth stops at the limit (plus the slack every frame keeps); the error zone
        // above it is given only by an overflow.
        n = min(n, options.maxStackSlots + Limits.extraStack)
        reallocStack(th, n)
    }

    /// After an error was caught: give back the error zone an overflow added (when what is in
    /// use fits below the limit), so the next overflow's message handler has it again. Lua
    /// shrinks a stack after an error too.
    public func releaseErrorZone(_ th: UnsafeMutablePointer<LThread>) {
        let normal = options.maxStackSlots + Limits.extraStack
        if th.pointee.stackSize <= normal { return }
        if max(th.pointee.top, th.pointee.ci.pointee.topIdx) + Limits.extraStack < normal {
            reallocStack(th, normal)
        }
    }

    func reallocStack(_ th: UnsafeMutablePointer<LThread>, _ n: Int) {
        let old = th.pointee.stack
        let oldSize = th.pointee.stackSize
        let ns = UnsafeMutablePointer<Value>.allocate(capacity: n)
        ns.moveInitialize(from: old, count: min(oldSize, n))
        if n > oldSize { (ns + oldSize).initialize(repeating: .nil, count: n - oldSize) }
        old.deallocate()
        th.pointee.stack = ns
        th.pointee.stackSize = n
        heapBytes += (n - oldSize) * MemoryLayout<Value>.stride
        var u = th.pointee.openUpvals
        while let up = u {
            up.pointee.v = ns + up.pointee.stackIndex
            u = up.pointee.nextOpen
        }
        if th == current { activateStack() }
    }

    /// Room for `n` more slots above the current thread's top.
    @inline(__always)
    public func ensureStack(_ n: Int) throws(VMError) {
        let th = current!
        let need = th.pointee.top + n + Limits.extraStack
        if need > th.pointee.stackSize { try growStack(th, need) }
    }

    /// Push a value on the current thread's stack (native functions return results this way).
    /// Inlinable so a native's `a.ret(v)` costs no cross-module call; growing is out of line.
    @inlinable @inline(__always)
    public func push(_ v: Value) {
        let th = current.unsafelyUnwrapped
        let top = th.pointee.top
        if top >= th.pointee.stackSize - Limits.extraStack { growForPush(th) }
        th.pointee.stack[top] = v
        th.pointee.top = top + 1
    }

    @usableFromInline @inline(never)
    func growForPush(_ th: UnsafeMutablePointer<LThread>) {
        // Native code pushing without ensureStack: grow (the limit check still applies).
        do { try growStack(th, th.pointee.top + Limits.nativeMinStack + Limits.extraStack) } catch {
            // Over the limit: growStack already enlarged the stack to the hard maximum, so the
            // push still fits; the next Lua entry check raises the overflow.
        }
    }

    /// The CallInfo after `ci` (reusing the cached record when present).
    @inlinable @inline(__always)
    public func nextCI(_ ci: UnsafeMutablePointer<CallInfo>) -> UnsafeMutablePointer<CallInfo> {
        if let n = ci.pointee.next { return n }
        return allocCI(after: ci)
    }

    @usableFromInline @inline(never)
    func allocCI(after ci: UnsafeMutablePointer<CallInfo>) -> UnsafeMutablePointer<CallInfo> {
        let n = UnsafeMutablePointer<CallInfo>.allocate(capacity: 1)
        n.initialize(to: CallInfo(previous: ci, next: nil, funcIdx: 0, baseIdx: 0, topIdx: 0, savedPC: nil,
                                  closure: nil, nResults: 0, status: 0, nExtraArgs: 0, nativeIndex: -1, nReturned: 0))
        ci.pointee.next = n
        return n
    }

    // MARK: to-be-closed variables

    public func pushTBC(_ th: UnsafeMutablePointer<LThread>, _ idx: Int) {
        if th.pointee.tbcCount == th.pointee.tbcCapacity {
            let nc = max(8, th.pointee.tbcCapacity * 2)
            let nb = UnsafeMutablePointer<Int>.allocate(capacity: nc)
            if let o = th.pointee.tbc { nb.moveInitialize(from: o, count: th.pointee.tbcCount); o.deallocate() }
            th.pointee.tbc = nb
            th.pointee.tbcCapacity = nc
        }
        th.pointee.tbc![th.pointee.tbcCount] = idx
        th.pointee.tbcCount += 1
    }
}
