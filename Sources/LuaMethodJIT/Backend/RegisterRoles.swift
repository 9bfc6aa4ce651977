// The backend's register roles, the entry convention and the layouts machine code reads: named
// here once, used everywhere else by name.
//
// Entry (SysV x86-64): compiled code is entered as
//     @convention(c) (frame: UnsafeMutablePointer<Value>, state: UnsafeMutablePointer<VMState>,
//                     closure: UnsafeMutablePointer<LClosure>) -> Int64
// `frame` points at Lua register 0 of the frame (slot r is frame[r]); `state` is the VM's VMState;
// `closure` is the running Lua closure (its proto's constants, its upvalues), kept for the whole
// run in the native frame slot `closureOffset`.
// The answer is an exit index (>= 0: the exit routine reads `CompiledFunction.exits[i]`, whose
// frame state's slots are already written back) or `-1 - n` for a return of n values, which are
// in frame[0..<n] (boxed).
//
// Invariants: the roles below are callee-saved registers, so they survive helper calls
// (HelperCalls.swift: how lowering calls Swift, which registers it saves);
// scratch registers are never allocated, so lowering may clobber them between any two IR ops;
// every callee-saved register is saved in the prologue and restored by the one epilogue; the
// native frame is rbp-based (spill slots at negative offsets from rbp) and rsp stays 16-aligned
// below it. Field offsets come from MemoryLayout, never from typed-in numbers.
import CSigint
import LuaRuntime
import X64Assembler

public enum RegisterRoles {
    /// Points at the frame's Lua register 0 for the whole run.
    public static let frameBase: GPR = .rbx
    /// The VMState pointer (the limit word of the interrupt protocol).
    public static let vmState: GPR = .r14
    /// The native frame pointer: spill slots live below it.
    public static let nativeFrame: GPR = .rbp
    /// Scratch GP registers, never allocated. rax also carries the answer; rcx is the shift count
    /// (cl); rax:rdx is the dividend of div.
    public static let scratch0: GPR = .rax
    public static let scratch1: GPR = .rcx
    public static let scratch2: GPR = .rdx
    /// Scratch SSE registers, never allocated.
    public static let xmmScratch0: XMM = .xmm15
    public static let xmmScratch1: XMM = .xmm14
    /// Callee-saved registers compiled code may write, each with its slot below rbp in this order
    /// (rbp - 8, rbp - 16, ...); the prologue saves only those the code writes (Lowering's
    /// `savedRegisters`: the roles, and the others when the allocator handed them out).
    public static let saved: [GPR] = [.rbx, .r12, .r13, .r14, .r15]
    /// The SysV argument registers the entry receives `frame`, `state` and `closure` in.
    public static let entryArguments: (frame: GPR, state: GPR, closure: GPR) = (.rdi, .rsi, .rdx)

    // The native frame, from rbp down: the saved registers, the closure pointer, the 16-byte
    // temporary of boxed-move cycles, then the allocator's spill slots.
    /// rbp-relative slot holding the running closure (written by the prologue, never changed).
    public static let closureOffset: Int32 = -Int32(8 * saved.count) - 8
    /// The 16 bytes (16-aligned) that a cycle of boxed moves parks a value in.
    public static let tempValueOffset: Int32 = (closureOffset - 16) & ~15

    /// What the allocator may hand out: every GP register but rsp, rbp, the roles and the scratch
    /// ones (the argument registers are free once the prologue has copied them).
    public static let allocatableGP: [GPR] = [.rsi, .rdi, .r8, .r9, .r10, .r11, .r12, .r13, .r15]
    public static let allocatableXMM: [XMM] = (0...13).map { XMM(rawValue: UInt8($0))! }
    /// The allocatable GP registers a helper call may clobber (SysV caller-saved); every
    /// allocatable XMM register is caller-saved too. HelperCalls.swift saves them around calls.
    public static let callerSavedGP: Set<GPR> = [.rsi, .rdi, .r8, .r9, .r10, .r11]
    /// The SysV argument registers of a helper call, in order.
    public static let helperArgumentsGP: [GPR] = [.rdi, .rsi, .rdx, .rcx]
    public static let helperArgumentsXMM: [XMM] = [.xmm0, .xmm1]
}

/// Where a Lua value's fields sit, and where VMState's limit word sits (MemoryLayout's answers).
public enum RuntimeLayout {
    public static let valueStride = MemoryLayout<Value>.stride
    public static let payloadOffset = Int32(MemoryLayout<Value>.offset(of: \Value.payload)!)
    public static let tagOffset = Int32(MemoryLayout<Value>.offset(of: \Value.tag)!)
    public static let limitOffset = Int32(MemoryLayout<VMState>.offset(of: \VMState.effective_limit)!)
    /// LClosure.proto; the upvalue pointers follow the struct (LClosure.upvals).
    public static let closureProtoOffset = Int32(MemoryLayout<LClosure>.offset(of: \LClosure.proto)!)
    public static let closureUpvalsOffset = Int32(MemoryLayout<LClosure>.stride)
    public static let upvalPointerStride = MemoryLayout<UnsafeMutablePointer<UpVal>>.stride
    /// Proto.k (the constants, Values) and UpVal.v (where the upvalue's Value is, open or closed).
    public static let protoConstantsOffset = Int32(MemoryLayout<Proto>.offset(of: \Proto.k)!)
    /// Proto.ranCompiled (instruction counting, Lowering+Stats.swift).
    public static let protoRanCompiledOffset = MemoryLayout<Proto>.offset(of: \Proto.ranCompiled)!
    public static let upvalValueOffset = Int32(MemoryLayout<UpVal>.offset(of: \UpVal.v)!)
    /// LTable's array part (Values for keys 1...arraySize), its size (a full Int) and metatable.
    public static let tableArrayOffset = Int32(MemoryLayout<LTable>.offset(of: \LTable.array)!)
    public static let tableArraySizeOffset = Int32(MemoryLayout<LTable>.offset(of: \LTable.arraySize)!)
    public static let tableMetatableOffset = Int32(MemoryLayout<LTable>.offset(of: \LTable.metatable)!)
    /// What a direct call reads and writes (Lowering+Calls.swift): the proto's code, entry and
    /// frame shape, the thread's stack, top and current CallInfo, the CallInfo's fields, and
    /// VMState's running thread and count of nested direct calls.
    public static let protoCodeOffset = Int32(MemoryLayout<Proto>.offset(of: \Proto.code)!)
    public static let protoJitEntryOffset = Int32(MemoryLayout<Proto>.offset(of: \Proto.jitEntry)!)
    public static let protoIsVarargOffset = Int32(MemoryLayout<Proto>.offset(of: \Proto.isVararg)!)
    public static let protoNumParamsOffset = Int32(MemoryLayout<Proto>.offset(of: \Proto.numParams)!)
    public static let protoMaxStackOffset = Int32(MemoryLayout<Proto>.offset(of: \Proto.maxStack)!)
    public static let protoCallCountOffset = Int32(MemoryLayout<Proto>.offset(of: \Proto.callCount)!)
    public static let threadStackOffset = Int32(MemoryLayout<LThread>.offset(of: \LThread.stack)!)
    public static let threadTopOffset = Int32(MemoryLayout<LThread>.offset(of: \LThread.top)!)
    /// What a closing return checks (noneToClose): the open upvalues (highest slot first) and the
    /// to-be-closed variables (stack indices, innermost last).
    public static let threadOpenUpvalsOffset = Int32(MemoryLayout<LThread>.offset(of: \LThread.openUpvals)!)
    public static let threadTbcOffset = Int32(MemoryLayout<LThread>.offset(of: \LThread.tbc)!)
    public static let threadTbcCountOffset = Int32(MemoryLayout<LThread>.offset(of: \LThread.tbcCount)!)
    public static let threadCIOffset = Int32(MemoryLayout<LThread>.offset(of: \LThread.ci)!)
    public static let ciPreviousOffset = Int32(MemoryLayout<CallInfo>.offset(of: \CallInfo.previous)!)
    public static let ciNextOffset = Int32(MemoryLayout<CallInfo>.offset(of: \CallInfo.next)!)
    public static let ciFuncOffset = Int32(MemoryLayout<CallInfo>.offset(of: \CallInfo.funcIdx)!)
    public static let ciBaseOffset = Int32(MemoryLayout<CallInfo>.offset(of: \CallInfo.baseIdx)!)
    public static let ciTopOffset = Int32(MemoryLayout<CallInfo>.offset(of: \CallInfo.topIdx)!)
    public static let ciSavedPCOffset = Int32(MemoryLayout<CallInfo>.offset(of: \CallInfo.savedPC)!)
    public static let ciClosureOffset = Int32(MemoryLayout<CallInfo>.offset(of: \CallInfo.closure)!)
    public static let ciNResultsOffset = Int32(MemoryLayout<CallInfo>.offset(of: \CallInfo.nResults)!)
    public static let ciStatusOffset = Int32(MemoryLayout<CallInfo>.offset(of: \CallInfo.status)!)
    public static let ciExtraArgsOffset = Int32(MemoryLayout<CallInfo>.offset(of: \CallInfo.nExtraArgs)!)
    public static let stateThreadOffset = Int32(MemoryLayout<VMState>.offset(of: \VMState.thread)!)
    public static let exitCodeOffset = Int32(MemoryLayout<VMState>.offset(of: \VMState.exit_code)!)
    public static let directCallsOffset = Int32(MemoryLayout<VMState>.offset(of: \VMState.direct_calls)!)
    /// LTable's hash part: its Nodes and their count (a UInt32, 0 or a power of two); a Node's
    /// key and value, and the interned hash of a short string (a UInt32).
    public static let tableNodesOffset = Int32(MemoryLayout<LTable>.offset(of: \LTable.nodes)!)
    public static let tableNodeCapacityOffset = Int32(LTable.nodeCapacityOffset)
    public static let nodeKeyOffset = Int32(MemoryLayout<Node>.offset(of: \Node.key)!)
    public static let nodeValueOffset = Int32(MemoryLayout<Node>.offset(of: \Node.value)!)
    public static let stringHashOffset = Int32(MemoryLayout<LString>.offset(of: \LString.hash)!)
    /// log2 of Node's stride: a hash-part index is shifted by it.
    public static let nodeShift: UInt8 = {
        precondition(MemoryLayout<Node>.stride == 32, "Node's stride is 32 bytes")
        return 5
    }()
    /// log2 of Value's stride: an index into Values is shifted by it.
    public static let valueShift: UInt8 = {
        precondition(valueStride == 16, "Value's stride is 16 bytes")
        return 4
    }()

    /// The frame slot of Lua register r.
    static func slot(_ r: Int) -> Mem { Mem(RegisterRoles.frameBase, Int32(r * valueStride)) }
}

extension Mem {
    /// The same operand `delta` bytes further.
    func advanced(by delta: Int32) -> Mem {
        var m = self
        m.disp += delta
        return m
    }
}
