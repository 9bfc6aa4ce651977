// The runtime VM: heap, strings, globals, registry, native function table, VMState, hooks.
//
// Invariants: exactly one VMState per VM, allocated once at a fixed address and never moved;
// `current` is the running coroutine and `state.real_limit` always describes its stack; the
// VM class is touched by the dispatch loop only on slow paths (calls, allocation, errors),
// never per instruction. GC runs only at safe points (see GC.swift for the rule).

import CSigint
import LuaBytecode
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

public struct RuntimeOptions: Sendable {
    /// Collect at every GC safe point (see GC.swift: "collect at every allocation").
    public var gcStress = false
    public var maxStackSlots = Limits.defaultMaxStackSlots
    public var heapLimitBytes = Limits.defaultHeapLimitBytes
    public var hotCallThreshold = Limits.defaultHotCallThreshold
    public var hotLoopThreshold = Limits.defaultHotLoopThreshold
    /// Count the instructions each tier runs (`--jit-stats`, Tiering.swift `BytecodeCounts`).
    public var countBytecodes = false
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
    /// The interpreter found, at the innermost activation this error left, that a pcall will
    /// catch it, so no traceback is captured (Calls.swift `captureTraceback`): the activations
    /// it leaves next need not walk the stack again to find out (with thousands of nested
    /// activations over a deep stack, that walk made unwinding quadratic).
    public var tracebackDecided = false
    /// Likewise for the xpcall message handler: no handler below the innermost activation this
    /// error left must run for it (Calls.swift `leavingActivation`), nor below the ones further out.
    public var noHandlerToRun = false
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
    /// The PAUSE request (Ctrl-\), taken at a check in either tier: what the embedding does there
    /// (script mode prints where the code is and goes on; the session opens its `paused>` prompt,
    /// which may run Lua code as a nested activation). Nil: the request is dropped.
    public var pause: ((VM, PauseSite) -> PauseAnswer)?
}

/// Where a PAUSE request was taken (`RuntimeHooks.pause`).
public struct PauseSite: Sendable {
    /// The check was compiled code's: the frame left its code there, through the exit a limit
    /// check has (its registers written to their slots), and now continues interpreted from the
    /// check, until its loop enters compiled code again.
    public var compiled: Bool
    /// The check was a loop's back-edge check: the running frame's savedPC is the loop header
    /// (the instruction that runs next), where after a call it is one past the calling instruction.
    public var atLoopHeader: Bool
    /// The check was a library function's own (a long native loop, `VM.checkInterrupt`): such a
    /// function may hold pointers into the Lua stack, so no Lua code should run there.
    public var inNative: Bool
    public init(compiled: Bool, atLoopHeader: Bool, inNative: Bool) {
        self.compiled = compiled; self.atLoopHeader = atLoopHeader; self.inNative = inNative
    }
}

/// What the running code does after a pause.
public enum PauseAnswer: Sendable {
    /// Go on from the check.
    case goOn
    /// Stop, as an interrupt does (Ctrl-C at the `paused>` prompt).
    case stop
    /// Not here: keep the request posted, for the next check (a Lua function's).
    case later
}

public final class VM {
    // Exclusivity: the VM's mutable state is touched on every instruction, from several modules,
    // and dynamic exclusivity checks (swift_beginAccess per access) would cost the interpreter up to
    // 3x. Every stored `var` is `@exclusivity(unchecked)`; a public one is reached through an
    // @inlinable accessor over its `_name` storage, because a direct access compiled in a client
    // module ignores the attribute and stays checked (measured; ARCHITECTURE.md §9).
    public let options: RuntimeOptions
    public let state: UnsafeMutablePointer<VMState>
    @inlinable public var mainThread: UnsafeMutablePointer<LThread>! {
        get { _mainThread } set { _mainThread = newValue } _modify { yield &_mainThread } }
    @exclusivity(unchecked) @usableFromInline var _mainThread: UnsafeMutablePointer<LThread>!
    @inlinable public var current: UnsafeMutablePointer<LThread>! {
        get { _current }
        set { _current = newValue; state.pointee.thread = UnsafeMutableRawPointer(newValue) }
    }
    @exclusivity(unchecked) @usableFromInline var _current: UnsafeMutablePointer<LThread>!

    // Heap.
    @inlinable public var allObjects: UnsafeMutableRawPointer? {
        get { _allObjects } set { _allObjects = newValue } _modify { yield &_allObjects } }
    @exclusivity(unchecked) @usableFromInline var _allObjects: UnsafeMutableRawPointer?
    @inlinable public var heapBytes: Int {
        get { _heapBytes } set { _heapBytes = newValue } _modify { yield &_heapBytes } }
    @exclusivity(unchecked) @usableFromInline var _heapBytes: Int = 0
    @inlinable public var gcThreshold: Int {
        get { _gcThreshold } set { _gcThreshold = newValue } _modify { yield &_gcThreshold } }
    @exclusivity(unchecked) @usableFromInline var _gcThreshold: Int = Limits.gcMinThresholdBytes
    @inlinable public var gcRunning: Bool {
        get { _gcRunning } set { _gcRunning = newValue } _modify { yield &_gcRunning } }
    @exclusivity(unchecked) @usableFromInline var _gcRunning: Bool = true
    @inlinable public var collections: Int {
        get { _collections } set { _collections = newValue } _modify { yield &_collections } }
    @exclusivity(unchecked) @usableFromInline var _collections: Int = 0
    /// Finalization lists, collectgarbage knobs, the warning sink (GC+Finalizers.swift).
    @inlinable public var gcx: GCExtra {
        get { _gcx } set { _gcx = newValue } _modify { yield &_gcx } }
    @exclusivity(unchecked) @usableFromInline var _gcx: GCExtra = GCExtra()
    // Interned strings.
    @exclusivity(unchecked) var strBuckets: UnsafeMutablePointer<UnsafeMutablePointer<LString>?>
    @exclusivity(unchecked) var strBucketCount = 256
    @exclusivity(unchecked) var strCount = 0

    @inlinable public var globals: UnsafeMutablePointer<LTable>! {
        get { _globals } set { _globals = newValue } _modify { yield &_globals } }
    @exclusivity(unchecked) @usableFromInline var _globals: UnsafeMutablePointer<LTable>!
    @inlinable public var registry: UnsafeMutablePointer<LTable>! {
        get { _registry } set { _registry = newValue } _modify { yield &_registry } }
    @exclusivity(unchecked) @usableFromInline var _registry: UnsafeMutablePointer<LTable>!
    /// Metatables of the basic types, indexed by tag (string, number, boolean, nil, function...).
    @inlinable public var typeMetatables: UnsafeMutablePointer<UnsafeMutablePointer<LTable>?> {
        get { _typeMetatables } set { _typeMetatables = newValue } _modify { yield &_typeMetatables } }
    @exclusivity(unchecked) @usableFromInline var _typeMetatables: UnsafeMutablePointer<UnsafeMutablePointer<LTable>?>
    /// Interned metamethod names, indexed by TM raw value.
    @inlinable public var tmNames: UnsafeMutablePointer<UnsafeMutablePointer<LString>> {
        get { _tmNames } set { _tmNames = newValue } _modify { yield &_tmNames } }
    @exclusivity(unchecked) @usableFromInline var _tmNames: UnsafeMutablePointer<UnsafeMutablePointer<LString>>

    @inlinable public var natives: [NativeEntry] {
        get { _natives } set { _natives = newValue } _modify { yield &_natives } }
    @exclusivity(unchecked) @usableFromInline var _natives: [NativeEntry] = []
    /// The natives' functions again, as unmanaged boxes in a raw buffer, so that a call touches
    /// no ARC and no Array bounds check (NativeAPI.swift `invokeNative`). Index = natives index.
    @exclusivity(unchecked) @usableFromInline var nativeBoxes = NativeBoxTable()
    @inlinable public var protos: [UnsafeMutablePointer<Proto>] {
        get { _protos } set { _protos = newValue } _modify { yield &_protos } }
    @exclusivity(unchecked) @usableFromInline var _protos: [UnsafeMutablePointer<Proto>] = []
    @inlinable public var protoInfo: [FunctionPrototype] {
        get { _protoInfo } set { _protoInfo = newValue } _modify { yield &_protoInfo } }
    @exclusivity(unchecked) @usableFromInline var _protoInfo: [FunctionPrototype] = []
    /// Values anchored for the embedder (LuaRef): slot -> value; free slots are reused.
    @inlinable public var refs: [Value] {
        get { _refs } set { _refs = newValue } _modify { yield &_refs } }
    @exclusivity(unchecked) @usableFromInline var _refs: [Value] = []
    @exclusivity(unchecked) var freeRefs: [Int] = []
    /// Swift objects owned by userdata (io file handles...): handle -> object.
    @inlinable public var handles: [AnyObject?] {
        get { _handles } set { _handles = newValue } _modify { yield &_handles } }
    @exclusivity(unchecked) @usableFromInline var _handles: [AnyObject?] = [nil]
    @exclusivity(unchecked) var freeHandles: [Int] = []

    /// The error value in flight (a GC root while an error propagates).
    @inlinable public var errorValue: Value {
        get { _errorValue } set { _errorValue = newValue } _modify { yield &_errorValue } }
    @exclusivity(unchecked) @usableFromInline var _errorValue: Value = .nil
    /// Traceback captured when an error is about to leave every protected call.
    @inlinable public var pendingTraceback: String? {
        get { _pendingTraceback } set { _pendingTraceback = newValue } _modify { yield &_pendingTraceback } }
    @exclusivity(unchecked) @usableFromInline var _pendingTraceback: String?
    @inlinable public var nativeDepth: Int {
        get { _nativeDepth } set { _nativeDepth = newValue } _modify { yield &_nativeDepth } }
    @exclusivity(unchecked) @usableFromInline var _nativeDepth: Int = 0
    /// Functions compiled code calls (Tiering.swift), set by the interpreter.
    @inlinable public var tierHelpers: TierHelpers {
        get { _tierHelpers } set { _tierHelpers = newValue } _modify { yield &_tierHelpers } }
    @exclusivity(unchecked) @usableFromInline var _tierHelpers = TierHelpers()
    /// What a helper called from compiled code raised, for the interpreter to raise again at the
    /// instruction once the compiled frame has exited (Tiering.swift).
    @inlinable public var tierPendingError: VMError? {
        get { _tierPendingError } set { _tierPendingError = newValue } _modify { yield &_tierPendingError } }
    @exclusivity(unchecked) @usableFromInline var _tierPendingError: VMError?
    /// How many runs of compiled code are on the native stack (a compiled frame calling out
    /// through a helper stays there): code may be freed only when none is (Tiering.swift).
    @inlinable public var compiledDepth: Int {
        get { _compiledDepth } set { _compiledDepth = newValue } _modify { yield &_compiledDepth } }
    @exclusivity(unchecked) @usableFromInline var _compiledDepth: Int = 0
    /// True while the requests of a failed limit check of compiled code are served (the
    /// interpreter sets it around that service: Interpreter+Tiers.swift), so a pause knows its tier.
    @inlinable public var servingCompiledCheck: Bool {
        get { _servingCompiledCheck } set { _servingCompiledCheck = newValue } }
    @exclusivity(unchecked) @usableFromInline var _servingCompiledCheck = false
    /// True while the requests of a loop's back-edge check are served (Interpreter+Hooks.swift
    /// backEdgeService): the frame's savedPC is then the loop header, the instruction that runs
    /// next, not one past the instruction that runs now.
    @inlinable public var servingLoopCheck: Bool {
        get { _servingLoopCheck } set { _servingLoopCheck = newValue } }
    @exclusivity(unchecked) @usableFromInline var _servingLoopCheck = false
    /// How many pauses ran (`RuntimeHooks.pause`): a dispatch loop whose check served one reloads
    /// its frame, because the pause may have run Lua code that moved the stack.
    @inlinable public var pausesTaken: Int {
        get { _pausesTaken } set { _pausesTaken = newValue } }
    @exclusivity(unchecked) @usableFromInline var _pausesTaken = 0
    /// The compiled frame whose call is running (set by the call helper around the call), and the
    /// one `vmrepl.deopt()` asked to go on interpreted once its call returns (Tiering.swift).
    @inlinable public var compiledCaller: UnsafeMutablePointer<CallInfo>? {
        get { _compiledCaller } set { _compiledCaller = newValue } _modify { yield &_compiledCaller } }
    @exclusivity(unchecked) @usableFromInline var _compiledCaller: UnsafeMutablePointer<CallInfo>?
    @inlinable public var deoptAfterCall: UnsafeMutablePointer<CallInfo>? {
        get { _deoptAfterCall } set { _deoptAfterCall = newValue } _modify { yield &_deoptAfterCall } }
    @exclusivity(unchecked) @usableFromInline var _deoptAfterCall: UnsafeMutablePointer<CallInfo>?
    /// Which tier runs each nested activation (TierMarks.swift), and the sampling profiler while
    /// one runs (Profiler.swift; its timer posts VMSTATE_REQUEST_SAMPLE).
    @inlinable public var tierMarks: TierMarks {
        get { _tierMarks } set { _tierMarks = newValue } _modify { yield &_tierMarks } }
    @exclusivity(unchecked) @usableFromInline var _tierMarks = TierMarks()
    @exclusivity(unchecked) public var profiler: Profiler?
    /// Instruction counting is on (`--jit-stats`): the interpreter runs its counting loop form and
    /// code compiled meanwhile counts its blocks (Tiering.swift `BytecodeCounts`).
    @inlinable public var countsBytecodes: Bool {
        get { _countsBytecodes } set { _countsBytecodes = newValue } _modify { yield &_countsBytecodes } }
    @exclusivity(unchecked) @usableFromInline var _countsBytecodes = false
    /// The counts of the protos the collector freed (their code's share stays in the totals).
    @exclusivity(unchecked) var freedBytecodeCounts = BytecodeCounts()
    /// The compiling tier (Tiering.swift); nil when the JIT is off.
    @inlinable public var tier: CompilingTier? {
        get { _tier } set { _tier = newValue } _modify { yield &_tier } }
    @exclusivity(unchecked) @usableFromInline var _tier: CompilingTier?
    @inlinable public var hooks: RuntimeHooks {
        get { _hooks } set { _hooks = newValue } _modify { yield &_hooks } }
    @exclusivity(unchecked) @usableFromInline var _hooks: RuntimeHooks = RuntimeHooks()
    /// Indices of natives the interpreter treats specially (set by the base library).
    @inlinable public var pcallIndex: Int {
        get { _pcallIndex } set { _pcallIndex = newValue } _modify { yield &_pcallIndex } }
    @exclusivity(unchecked) @usableFromInline var _pcallIndex: Int = -1
    @inlinable public var xpcallIndex: Int {
        get { _xpcallIndex } set { _xpcallIndex = newValue } _modify { yield &_xpcallIndex } }
    @exclusivity(unchecked) @usableFromInline var _xpcallIndex: Int = -1
    /// `next` (the global, which pairs returns, as lua's pairs returns luaB_next) and ipairs'
    /// iterator: the method JIT compiles a generic for over either itself (it matches their
    /// indices, not their names).
    public var nextIndex: Int = -1
    public var ipairsIteratorIndex: Int = -1
    @inlinable public var yieldIndex: Int {
        get { _yieldIndex } set { _yieldIndex = newValue } _modify { yield &_yieldIndex } }
    @exclusivity(unchecked) @usableFromInline var _yieldIndex: Int = -1
    /// A native's request to finish by a call in its place (Args.finish(calling:)): the stack
    /// index of the function it pushed, and the number of results it wants (-1: all).
    @inlinable public var callInPlace: (slot: Int, results: Int) {
        get { _callInPlace } set { _callInPlace = newValue } _modify { yield &_callInPlace } }
    @exclusivity(unchecked) @usableFromInline var _callInPlace: (slot: Int, results: Int) = (0, 0)
    /// The xpcall marker whose message handler already ran, at the error point, for the error
    /// in flight (Interpreter.execute); nil when none did.
    @inlinable public var handledMarker: UnsafeMutablePointer<CallInfo>? {
        get { _handledMarker } set { _handledMarker = newValue } _modify { yield &_handledMarker } }
    @exclusivity(unchecked) @usableFromInline var _handledMarker: UnsafeMutablePointer<CallInfo>?
    /// Set when a stack overflowed past its error zone ("error in error handling"): a message
    /// handler that failed so gets no further run (lua raises that error past the handler).
    @inlinable public var overflowInErrorZone: Bool {
        get { _overflowInErrorZone } set { _overflowInErrorZone = newValue } _modify { yield &_overflowInErrorZone } }
    @exclusivity(unchecked) @usableFromInline var _overflowInErrorZone: Bool = false
    /// Library-level state other modules hang off the VM (e.g. the stdlib's io defaults).
    @inlinable public var extensions: [String: AnyObject] {
        get { _extensions } set { _extensions = newValue } _modify { yield &_extensions } }
    @exclusivity(unchecked) @usableFromInline var _extensions: [String: AnyObject] = [:]
    /// Where print and io.stdout write: C stdio's stdout, unless an embedder captures Lua's output
    /// (LuaStdlib's redirectStandardOutput).
    @inlinable public var standardOutput: UnsafeMutablePointer<FILE> {
        get { _standardOutput } set { _standardOutput = newValue } _modify { yield &_standardOutput } }
    @exclusivity(unchecked) @usableFromInline var _standardOutput: UnsafeMutablePointer<FILE> = stdout
    /// Where objects and small table parts live (Allocator.swift).
    @exclusivity(unchecked) var small = SmallAllocator()

    public init(options: RuntimeOptions = RuntimeOptions()) {
        self.options = options
        state = UnsafeMutablePointer<VMState>.allocate(capacity: 1)
        state.initialize(to: VMState(effective_limit: 0, real_limit: 0, pending: 0,
                                     interrupt_count: 0, last_interrupt_ns: 0, thread: nil, exit_code: nil,
                                     direct_calls: 0, unused: 0))
        strBuckets = .allocate(capacity: 256)
        strBuckets.initialize(repeating: nil, count: 256)
        _typeMetatables = .allocate(capacity: 16)
        _typeMetatables.initialize(repeating: nil, count: 16)
        _tmNames = .allocate(capacity: TM.allCases.count)
        if options.gcStress { gcThreshold = 0; small.poisonFreed = true }
        _countsBytecodes = options.countBytecodes
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
        tier?.shutDown()  // no compiler thread outlives the VMState it posts to
        var o = allObjects
        while let p = o {
            o = p.assumingMemoryBound(to: GCHeader.self).pointee.next
            freeObject(p)
        }
        for p in protos { Proto.free(p) }
        _tierMarks.free()
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
        let bits = vmstate_take_pending(state)
        // A finished background compile still waits for its install.
        if bits & UInt32(VMSTATE_REQUEST_INSTALL) != 0 { vmstate_request(state, UInt32(VMSTATE_REQUEST_INSTALL)) }
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
