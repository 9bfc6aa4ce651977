// The runtime VM: heap, strings, globals, registry, native function table, VMState, hooks.
//
// Invariants: exactly one VMState per VM, allocated once at a fixed address and never moved;
// `current` is the running coroutine and `state.real_limit` always describes its stack; the
// VM class is touched by the dispatch loop only on slow paths (calls, allocation, errors),
// never per instruction. GC runs only at safe points (see GC.swift for the rule).

import CSigint
import LuaBytecode
#if canImport(Glibc)
import Glibc
#endif

public struct RuntimeOptions: Sendable {
    /// Collect at every GC safe point (see GC.swift: "collect at every allocation").
    public var gcStress = false
    public var maxStackSlots = Limits.defaultMaxStackSlots
    public var heapLimitBytes = Limits.defaultHeapLimitBytes
    public var hotCallThreshold = Limits.defaultHotCallThreshold
    public var hotLoopThreshold = Limits.defaultHotLoopThreshold
    public init() {}
}

/// What a thrown runtime error carries. The error value is also rooted in `vm.errorValue`
/// while it propagates, so no collection can free it.
public struct VMError: Error {
    /// `reenter` never reaches Lua code or natives: a returning metamethod call throws it to the
    /// activation running the calling frame, which resumes that frame in its hooked loop form
    /// (Interpreter.callValue).
    public enum Kind: UInt8, Sendable { case error, interrupt, yield, reenter }
    public var kind: Kind
    public var value: Value
    public init(kind: Kind, value: Value) { self.kind = kind; self.value = value }
}

/// A native (Swift) function: arguments are on the Lua stack; push results with `vm.push` and
/// return how many were pushed. See NativeAPI.swift.
public typealias NativeFunction = (Args) throws(VMError) -> Int

/// Hooks the runtime cannot implement itself (the interpreter and the frontend live in
/// other modules); installed by the interpreter / embedding layer at start-up.
public struct RuntimeHooks {
    /// Call the value at stack[funcIdx] with the arguments above it up to `top`; leave
    /// `nResults` results (-1: all) starting at funcIdx and set top after them.
    public var call: ((VM, Int, Int) throws(VMError) -> Void)?
    /// Compile source text; returns the prototype or a syntax error message.
    public var compile: (([UInt8], String) -> (FunctionPrototype?, String?, Bool))?
    /// Resume a coroutine with the arguments at its top; see the coroutine library.
    public var resume: ((VM, UnsafeMutablePointer<LThread>, Int) throws(VMError) -> Void)?
}

public final class VM {
    public let options: RuntimeOptions
    public let state: UnsafeMutablePointer<VMState>
    public var mainThread: UnsafeMutablePointer<LThread>!
    public var current: UnsafeMutablePointer<LThread>!

    // Heap.
    public var allObjects: UnsafeMutableRawPointer?
    public var heapBytes = 0
    public var gcThreshold = Limits.gcMinThresholdBytes
    public var gcRunning = true
    public var collections = 0
    /// Finalization lists, collectgarbage knobs, the warning sink (GC+Finalizers.swift).
    public var gcx = GCExtra()
    // Interned strings.
    var strBuckets: UnsafeMutablePointer<UnsafeMutablePointer<LString>?>
    var strBucketCount = 256
    var strCount = 0

    public var globals: UnsafeMutablePointer<LTable>!
    public var registry: UnsafeMutablePointer<LTable>!
    /// Metatables of the basic types, indexed by tag (string, number, boolean, nil, function...).
    public var typeMetatables: UnsafeMutablePointer<UnsafeMutablePointer<LTable>?>
    /// Interned metamethod names, indexed by TM raw value.
    public var tmNames: UnsafeMutablePointer<UnsafeMutablePointer<LString>>

    public var natives: [NativeEntry] = []
    /// The natives' functions again, as unmanaged boxes in a raw buffer, so that a call touches
    /// no ARC and no Array bounds check (NativeAPI.swift `invokeNative`). Index = natives index.
    @usableFromInline var nativeBoxes = NativeBoxTable()
    public var protos: [UnsafeMutablePointer<Proto>] = []
    public var protoInfo: [FunctionPrototype] = []
    /// Values anchored for the embedder (LuaRef): slot -> value; free slots are reused.
    public var refs: [Value] = []
    var freeRefs: [Int] = []
    /// Swift objects owned by userdata (io file handles...): handle -> object.
    public var handles: [AnyObject?] = [nil]
    var freeHandles: [Int] = []

    /// The error value in flight (a GC root while an error propagates).
    public var errorValue: Value = .nil
    /// Traceback captured when an error is about to leave every protected call.
    public var pendingTraceback: String?
    public var nativeDepth = 0
    public var hooks = RuntimeHooks()
    /// Indices of natives the interpreter treats specially (set by the base library).
    public var pcallIndex = -1
    public var xpcallIndex = -1
    public var yieldIndex = -1
    /// A native's request to finish by a call in its place (Args.finish(calling:)): the stack
    /// index of the function it pushed, and the number of results it wants (-1: all).
    public var callInPlace: (slot: Int, results: Int) = (0, 0)
    /// The xpcall marker whose message handler already ran, at the error point, for the error
    /// in flight (Interpreter.execute); nil when none did.
    public var handledMarker: UnsafeMutablePointer<CallInfo>?
    /// Set when a stack overflowed past its error zone ("error in error handling"): a message
    /// handler that failed so gets no further run (lua raises that error past the handler).
    public var overflowInErrorZone = false
    /// Library-level state other modules hang off the VM (e.g. the stdlib's io defaults).
    public var extensions: [String: AnyObject] = [:]
    /// Where objects and small table parts live (Allocator.swift).
    var small = SmallAllocator()

    public init(options: RuntimeOptions = RuntimeOptions()) {
        self.options = options
        state = UnsafeMutablePointer<VMState>.allocate(capacity: 1)
        state.initialize(to: VMState(effective_limit: 0, real_limit: 0, pending: 0,
                                     interrupt_count: 0, last_interrupt_ns: 0))
        strBuckets = .allocate(capacity: 256)
        strBuckets.initialize(repeating: nil, count: 256)
        typeMetatables = .allocate(capacity: 16)
        typeMetatables.initialize(repeating: nil, count: 16)
        tmNames = .allocate(capacity: TM.allCases.count)
        if options.gcStress { gcThreshold = 0; small.poisonFreed = true }
        // Bootstrap: the main thread, then interned names, then globals and registry.
        mainThread = newThread()
        current = mainThread
        mainThread.pointee.status = .running
        for tm in TM.allCases {
            tmNames[Int(tm.rawValue)] = internString(Array(tm.name.utf8))
        }
        registry = newTable()
        globals = newTable()
        // lua's fixed registry slots: the main thread at 1, the globals at 2 (LUA_RIDX_*).
        rawSetInt(registry, 1, .object(UnsafeMutableRawPointer(mainThread), Tag.thread))
        rawSetInt(registry, 2, .table(globals))
        activateStack()
    }

    deinit {
        var o = allObjects
        while let p = o {
            o = p.assumingMemoryBound(to: GCHeader.self).pointee.next
            freeObject(p)
        }
        for p in protos { Proto.free(p) }
        strBuckets.deallocate()
        typeMetatables.deallocate()
        tmNames.deallocate()
        state.deallocate()
        nativeBoxes.releaseAll()
        small.releaseAll()
    }

    // MARK: allocation

    /// Allocate a GC object of `size` bytes (Allocator.swift) and link it into the sweep list.
    @inline(__always)
    public func allocObject(kind: UInt8, size: Int) -> UnsafeMutableRawPointer {
        let p = small.allocate(size)
        let h = p.assumingMemoryBound(to: GCHeader.self)
        // Clamped, not truncated: freeObject gives this size back to the allocator, and a
        // (4 GiB+) object must never look small there.
        h.initialize(to: GCHeader(next: allObjects, kind: kind, marked: 0, size: UInt32(clamping: size)))
        allObjects = p
        heapBytes += size
        return p
    }

    // MARK: the stack limit (VMState)

    /// Point the VMState at the current coroutine's stack: real_limit = the highest address a
    /// frame top may reach; keep the effective limit failing if a request is pending.
    public func activateStack() {
        let t = current!
        let limit = UInt(bitPattern: t.pointee.stack + (t.pointee.stackSize - Limits.extraStack))
        state.pointee.real_limit = limit
        vmstate_restore_limit(state)
    }

    public func requestInterrupt() { vmstate_request(state, UInt32(VMSTATE_REQUEST_INTERRUPT)) }

    public func clearInterrupt() {
        _ = vmstate_take_pending(state)
        vmstate_restore_limit(state)
    }

    // MARK: handles for userdata

    public func addHandle(_ o: AnyObject) -> Int {
        if let i = freeHandles.popLast() { handles[i] = o; return i }
        handles.append(o); return handles.count - 1
    }
    public func releaseHandle(_ i: Int) {
        guard i > 0 && i < handles.count else { return }
        handles[i] = nil; freeHandles.append(i)
    }

    // MARK: anchored references (LuaRef)

    public func anchor(_ v: Value) -> Int {
        if let i = freeRefs.popLast() { refs[i] = v; return i }
        refs.append(v); return refs.count - 1
    }
    public func unanchor(_ i: Int) { refs[i] = .nil; freeRefs.append(i) }
}
