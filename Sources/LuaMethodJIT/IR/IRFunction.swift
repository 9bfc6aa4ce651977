// The IR of one Lua function: SSA values in basic blocks with block parameters (no phis).
//
// Invariants (checked by IRValidator): blocks[0] is the entry and has no parameters; a block's
// index in `blocks` is its BlockID; every value is defined once (an instruction result or a block
// parameter) and its definition dominates every use (operands, frame states, terminator
// arguments); every block ends in one terminator whose targets' parameter counts and types match
// its arguments; `valueTypes[v]` is the type of value v.
//
// What the IR promises the backend (register allocation and x86-64 lowering):
//  - A Lua register's home is its slot. `loadReg`/`storeReg` are the only frame accesses; every
//    other value may live in a register (GP for int/bool/table/string, XMM for float, a pair or a
//    spill slot for boxed values). `box` is the only place a tag is made, guards and checkTags
//    (guard coalescing's branch condition, which never exits) the only places one is tested.
//  - Before an op with `.mayCallOut` effect, write each slot of its exit's frame state (boxed as
//    its BoxKind says) and save the pc: the runtime, the GC and the debug library then see the
//    frame exactly as the interpreter would have it. After it, reload the frame base (the stack
//    may have moved); the builder already reloads every register it needs.
//  - A failing guard, a non-ok helper status and an `.exit` terminator all go to the one exit
//    routine with (reason, frame state): write the listed slots, resume the interpreter at the
//    state's pc. Registers not listed already hold the truth in their slots.
//  - `checkLimit` is the interrupt protocol's one compare (stack top against VMState's effective
//    limit); it exits with reason stackLimit and the slow path tells overflow from a request.
import LuaBytecode

public struct ValueID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var raw: Int32
    public init(_ raw: Int) { self.raw = Int32(raw) }
    public var index: Int { Int(raw) }
    public var description: String { "v\(raw)" }
    public static func < (a: ValueID, b: ValueID) -> Bool { a.raw < b.raw }
}

public struct BlockID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var raw: Int32
    public init(_ raw: Int) { self.raw = Int32(raw) }
    public var index: Int { Int(raw) }
    public var description: String { "b\(raw)" }
    public static func < (a: BlockID, b: BlockID) -> Bool { a.raw < b.raw }
}

/// One live Lua register at an exit: which SSA value holds it and how to box it back.
public struct FrameSlot: Hashable, Sendable {
    public var register: Int
    public var value: ValueID
    public var box: BoxKind
    public init(register: Int, value: ValueID, box: BoxKind) {
        self.register = register; self.value = value; self.box = box
    }
}

/// What the interpreter needs to take over: the bytecode pc to resume at (the instruction is
/// executed again from its start) and the registers whose value is not (or not yet) in their
/// slot. Registers not listed already hold the truth in the frame.
public struct FrameState: Hashable, Sendable {
    public var pc: Int
    /// Sorted by register, one entry per register.
    public var slots: [FrameSlot]
    public init(pc: Int, slots: [FrameSlot]) { self.pc = pc; self.slots = slots }
}

/// Where a guard or a runtime call leaves compiled code, and why.
public struct Exit: Hashable, Sendable {
    public var reason: DeoptReason
    public var state: FrameState
    public init(reason: DeoptReason, state: FrameState) { self.reason = reason; self.state = state }
}

public struct Instr: Sendable {
    public var op: IROp
    public var operands: [ValueID]
    /// The value defined (nil for `.void` ops).
    public var result: ValueID?
    public var exit: Exit?
    public init(op: IROp, operands: [ValueID], result: ValueID?, exit: Exit?) {
        self.op = op; self.operands = operands; self.result = result; self.exit = exit
    }
}

/// A jump target with its block arguments.
public struct BlockCall: Sendable {
    public var block: BlockID
    public var args: [ValueID]
    public init(_ block: BlockID, _ args: [ValueID]) { self.block = block; self.args = args }
}

public enum Terminator: Sendable {
    case jump(BlockCall)
    /// On a `.bool` condition.
    case branch(ValueID, ifTrue: BlockCall, ifFalse: BlockCall)
    /// Return these values (boxed) to the caller.
    case ret([ValueID])
    /// Leave for the interpreter unconditionally (an instruction with no compiled form that ends
    /// a block, such as a tail call or a generic-for prepare).
    case exit(Exit)

    public var successors: [BlockCall] {
        switch self {
        case .jump(let c): return [c]
        case .branch(_, let t, let f): return [t, f]
        case .ret, .exit: return []
        }
    }
}

public struct Block: Sendable {
    public var params: [ValueID]
    public var instrs: [Instr] = []
    /// nil only while the builder is filling the block.
    public var terminator: Terminator?
    /// The bytecode pc the block starts at (for listings and OSR).
    public var pc: Int
    public var isLoopHeader = false
    /// The instructions (pcs) the builder lowered into this block, in order; nil for a block that
    /// stands for none (an OSR entry's checks, a preheader). Instruction counting (`--jit-stats`)
    /// counts them when the block starts.
    public var bytecodes: Range<Int>?
    /// False for a copy of another block's rest (guard coalescing's fast and slow copies): the
    /// block that branched to it counted the instructions already, and its exits take back
    /// those from their pc on, as the original's would.
    public var countedAtStart = true
    /// Parameters the passes never replace by the one value they receive: a strip-mined loop's
    /// rare path (IRBuilder+Numeric.swift) takes what its loop's body defines as arguments, so
    /// that guard coalescing's copies of the body pass their own and join nothing on the hot path.
    public var pinnedParams = false
    public init(params: [ValueID], pc: Int) { self.params = params; self.pc = pc }
}

/// A loop header where a running interpreter frame may enter compiled code (OSR). The block's
/// parameters carry the registers listed; registers the loop keeps unchanged are no parameters
/// (`invariantRegisters`), and values the loop uses may be defined before it (constants, hoisted
/// guards). So entering in the middle takes a build of its own: `BuildInput.osrEntryPC` builds
/// the function with its entry at that header, loading every register from its slot and checking
/// the types the loop carries unboxed.
public struct OSREntry: Hashable, Sendable {
    public var pc: Int
    public var block: BlockID
    public var registers: [Int]
    public var invariantRegisters: [Int] = []
}

public struct IRFunction: Sendable {
    public var blocks: [Block] = []
    public var valueTypes: [IRType] = []
    public var osrEntries: [OSREntry] = []
    /// Built for on-stack replacement (`BuildInput.osrEntryPC`): block 0 holds the entry checks,
    /// whose exits the engine reads as a refused entry, so block 0 keeps them (no pass moves them).
    public var isOSRBuild = false
    /// Of the prototype compiled: for frame-state checks and listings.
    public var codeCount: Int
    /// pcs that are real instruction starts (not an extraArg word).
    public var instructionStarts: [Bool]
    /// pcs the interpreter counts as run when their instruction runs (`--jit-stats`): not an
    /// extraArg word, and not the JMP after a test, which the interpreter's test takes itself.
    public var countedInstructions: [Bool]
    public var name: String
    public var numParams: Int
    public var maxStackSize: Int

    public init(name: String, code: [Instruction], numParams: Int, maxStackSize: Int) {
        self.name = name; self.codeCount = code.count; self.numParams = numParams
        self.maxStackSize = maxStackSize
        self.instructionStarts = code.map { $0.opcode != .extraArg }
        self.countedInstructions = code.indices.map { pc in
            code[pc].opcode != .extraArg && !(pc > 0 && code[pc - 1].opcode.isTest && code[pc].opcode == .jmp)
        }
    }

    public func type(of v: ValueID) -> IRType { valueTypes[v.index] }

    public mutating func newValue(_ t: IRType) -> ValueID {
        valueTypes.append(t)
        return ValueID(valueTypes.count - 1)
    }

    public mutating func newBlock(pc: Int, params: [IRType] = []) -> BlockID {
        let ps = params.map { newValue($0) }
        blocks.append(Block(params: ps, pc: pc))
        return BlockID(blocks.count - 1)
    }

    /// Append an instruction to block b; returns its result (nil for void ops).
    @discardableResult
    public mutating func append(_ b: BlockID, _ op: IROp, _ operands: [ValueID] = [], exit: Exit? = nil) -> ValueID? {
        let t = op.info.result
        let r = t == .void ? nil : newValue(t)
        blocks[b.index].instrs.append(Instr(op: op, operands: operands, result: r, exit: exit))
        return r
    }

    /// Successor block ids of b (empty while b has no terminator).
    public func successors(_ b: BlockID) -> [BlockID] {
        (blocks[b.index].terminator?.successors ?? []).map(\.block)
    }
}
