// The IR builder: one FunctionPrototype's bytecode and type feedback -> IR, by abstract
// interpretation with the Lua registers as an SSA environment.
//
// Invariants: `env[r]` is the SSA value Lua register r holds, or nil when the register's slot
// holds the truth (never written by compiled code, or written back by an exit/runtime call since);
// a frame state lists the non-nil registers whose value is not their slot as loaded. Blocks are
// built in pc order, so every forward edge's source is built before its target; back-edges go to
// loop headers, whose parameters are fixed when the header starts. A header parameter set or
// type that a back-edge contradicts is recorded as a hint and the whole function is built again
// (a fixpoint: hints only grow). Every loop header starts with checkLimit (the back-edge check of
// the interrupt protocol, ARCHITECTURE.md §5: one check per iteration, at the top rather than on each
// back-edge) and is an OSR point; so does the function entry. An OSR build (`osrEntryPC`) starts
// at a loop header with every register in its slot instead.
import LuaBytecode

/// What the builder reads: plain data, so the JIT needs neither the interpreter nor a live VM.
public struct BuildInput {
    public var name: String
    public var code: [Instruction]
    public var constants: [Constant]
    public var numParams: Int
    public var maxStackSize: Int
    /// Type-feedback bits per pc (Proto.feedback: bit `tag` per operand type seen; 0: never ran).
    public var feedback: [UInt16]
    /// The pc range [start, end) in which each local variable is active (debug info), if known.
    /// Loop headers sit at statement starts, where only active locals' registers are live.
    public var localRanges: [Range<Int>]?
    /// Build for on-stack replacement at this loop header (0-based pc): the function's entry is
    /// the running interpreter frame arriving there, with every register in its slot. Code before
    /// the loop is not compiled; a jump back to an earlier loop leaves for the interpreter.
    public var osrEntryPC: Int?
    /// Instructions (0-based pcs) whose speculation kept failing in earlier code: they are run by
    /// the interpreter's one step (`.interp`), with Lua's full semantics, instead.
    public var interpretedPCs: Set<Int> = []
    /// OSR builds: the float for loops running in the frame (FORLOOP pc -> its step, read from
    /// the frame): their FORPREP lies before the entry, so only the frame tells their kind.
    public var osrFloatSteps: [Int: Double] = [:]
    /// CALL pc -> the callee its profile names, to take in (IRBuilder+Inline.swift).
    public var callTargets: [Int: CallTarget] = [:]
    /// Loop headers (0-based pcs) where a type guard kept failing in earlier code: no value
    /// entering the loop there is unboxed by a guard on the way in (IRBuilder+Blocks.swift).
    public var boxedLoopEntries: Set<Int> = []

    public init(name: String, code: [Instruction], constants: [Constant], numParams: Int,
                maxStackSize: Int, feedback: [UInt16]) {
        self.name = name; self.code = code; self.constants = constants; self.numParams = numParams
        self.maxStackSize = maxStackSize; self.feedback = feedback
    }

    public init(_ p: FunctionPrototype, feedback: [UInt16]? = nil) {
        self.init(name: "\(p.source):\(p.lineDefined)", code: p.code, constants: p.constants,
                  numParams: p.numParams, maxStackSize: p.maxStackSize,
                  feedback: feedback ?? [UInt16](repeating: 0, count: p.code.count))
        localRanges = p.localVariables.map { $0.startPC..<max($0.startPC, $0.endPC) }
    }
}

public enum IRBuilder {
    public static func build(_ input: BuildInput) -> IRFunction {
        precondition(input.feedback.count == input.code.count, "one feedback word per instruction")
        var hints = LoopHints()
        // The bytecode's control flow and liveness are the same in every round.
        let flow = BytecodeFlow(input.code)
        let liveness = BytecodeLiveness(input.code, flow: flow, registers: input.maxStackSize, localRanges: input.localRanges)
        while true {
            var b = FunctionBuilder(input, hints, flow: flow, liveness: liveness)
            b.run()
            if b.hints == hints {
                // Listing order: the entry, then by bytecode pc.
                let rest = b.f.blocks.indices.dropFirst().sorted { (b.f.blocks[$0].pc, $0) < (b.f.blocks[$1].pc, $1) }
                b.f.reorderBlocks([0] + rest)
                return b.f
            }
            hints = b.hints
        }
    }
}

/// Per loop header: registers that must be parameters, and those that must be boxed values.
struct LoopHints: Equatable {
    /// OSR builds: registers the loop carries as integers or floats, checked on entry.
    var osrTypes: [Int: IRType] = [:]
    /// Loop header pc -> registers its back-edges carry as integers or floats that a forward
    /// edge brings boxed: checked (unboxed) on the way in.
    var entryTypes: [Int: [Int: IRType]] = [:]
    var extra: [Int: Set<Int>] = [:]
    var boxed: [Int: Set<Int>] = [:]
    /// Registers every back-edge passes through unchanged: no parameter, the entry value stays.
    var invariant: [Int: Set<Int>] = [:]
    /// Registers once thought invariant that a back-edge changes (overrides `invariant`).
    var variant: [Int: Set<Int>] = [:]
}

/// An edge whose target has not started yet: the terminator of `from`, successor `index`.
struct PendingEdge {
    var from: BlockID
    var index: Int
    var env: [ValueID?]
}

struct FunctionBuilder {
    let input: BuildInput
    let flow: BytecodeFlow
    let liveness: BytecodeLiveness
    var f: IRFunction
    var hints: LoopHints
    var env: [ValueID?]
    var cur: BlockID?
    var blockAt: [Int: BlockID] = [:]
    var pending: [Int: [PendingEdge]] = [:]
    /// Loop header pc -> its parameters' registers, in parameter order.
    var headerRegs: [Int: [Int]] = [:]
    /// Loop header pc -> the registers kept invariant there, with their entry values.
    var headerInvariants: [Int: [Int: ValueID]] = [:]
    /// Constant definitions (numbers and nil), for the builder's own choices (step signs, shift
    /// immediates, tests against nil).
    var constOf = ValueMap<IROp>()
    /// Values that are plain reloads of a register's slot.
    var loadOf = ValueMap<Int>()
    /// Unboxed values -> the boxed value a guard checked (the same Lua value, refined).
    var refinedFrom = ValueMap<ValueID>()
    /// Exit blocks for jumps out of an OSR build's region.
    var outside: Set<BlockID> = []
    /// forLoop pc -> the constant step of a float loop its forPrep compiled.
    var floatSteps: [Int: Double] = [:]

    init(_ input: BuildInput, _ hints: LoopHints, flow: BytecodeFlow, liveness: BytecodeLiveness) {
        self.input = input; self.hints = hints
        self.flow = flow
        self.liveness = liveness
        f = IRFunction(name: input.name, code: input.code, numParams: input.numParams,
                       maxStackSize: input.maxStackSize)
        env = [ValueID?](repeating: nil, count: input.maxStackSize)
    }

    mutating func run() {
        if let osr = input.osrEntryPC {
            precondition(flow.loopHeaders[osr] != nil, "OSR enters at a loop header")
            f.blocks[f.newBlock(pc: osr).index].instrs = []
            f.isOSRBuild = true
            cur = BlockID(0)
            // Entry checks: the running frame must hold what the loop was compiled for, else the
            // interpreter goes on (OSR refused, ARCHITECTURE.md §6 / JSC's OSR entry checks).
            for (r, t) in hints.osrTypes.sorted(by: { $0.key < $1.key }) {
                let v = get(r)
                let g = emit(t == .int ? .guardInt : .guardFloat, [v], pc: osr)!
                refinedFrom[g] = v
                env[r] = g
            }
            goto(osr, from: -1)
        } else {
            let entry = f.newBlock(pc: 0)
            cur = entry
            emit(.checkLimit, [], pc: 0)
            if flow.loopHeaders[0] != nil { goto(0, from: -1) } else { blockAt[0] = entry }
        }
        var pc = 0
        let code = input.code
        while pc < code.count {
            CompilePacing.point()
            if flow.leaders.contains(pc) && blockAt[pc] != cur {
                if cur != nil { goto(pc, from: pc - 1) }
                start(pc)
            }
            guard let b = cur else { pc += flow.size(pc); continue }
            let next = lower(pc)
            f.blocks[b.index].bytecodes = (f.blocks[b.index].bytecodes?.lowerBound ?? pc)..<next
            pc = next
        }
        assert(cur == nil, "the last instruction ends its block")
        if let c = cur { f.blocks[c.index].terminator = .exit(Exit(reason: .notCompiled, state: state(code.count - 1))) }
    }

    // MARK: environment

    mutating func get(_ r: Int) -> ValueID {
        if let v = env[r] { return v }
        let v = append(.loadReg(r))!
        env[r] = v
        return v
    }

    /// The frame state to resume the instruction at pc: every live register whose slot is stale.
    func state(_ pc: Int) -> FrameState {
        var slots: [FrameSlot] = []
        for (r, v) in env.enumerated() {
            // A value loaded from its own slot (and maybe unboxed) is still there: nothing to write.
            if let v, liveness.live[pc][r], !isSlotValue(v, r) { slots.append(FrameSlot(register: r, value: v, box: f.type(of: v).boxKind!)) }
        }
        return FrameState(pc: pc, slots: slots)
    }

    @discardableResult
    mutating func append(_ op: IROp, _ operands: [ValueID] = [], exit: Exit? = nil) -> ValueID? {
        let v = f.append(cur!, op, operands, exit: exit)
        if let v, case .constInt = op { constOf[v] = op }
        if let v, case .constFloat = op { constOf[v] = op }
        if let v, case .constNil = op { constOf[v] = op }
        if let v, case .loadReg(let r) = op { loadOf[v] = r }
        return v
    }

    /// A runtime call that can run Lua (a metamethod, or the callee): it may change any register
    /// an open upvalue points at, and debug.setlocal any local, so compiled code forgets what it
    /// held and reloads from the slots (written before the call). Returns the op's result.
    @discardableResult
    mutating func callOut(_ op: IROp, _ operands: [ValueID], pc: Int) -> ValueID? {
        assert(op.info.effect == .mayCallOut)
        let r = emit(op, operands, pc: pc)
        flushedToSlots()
        return r
    }

    /// Append op; guards and runtime calls get an exit to the instruction at pc.
    @discardableResult
    mutating func emit(_ op: IROp, _ operands: [ValueID], pc: Int) -> ValueID? {
        let exit = op.info.needsExit ? Exit(reason: op.exitReason!, state: state(pc)) : nil
        return append(op, operands, exit: exit)
    }

    /// The value as a boxed Lua value.
    mutating func boxed(_ v: ValueID) -> ValueID {
        let t = f.type(of: v)
        return t == .value ? v : append(.box(t.boxKind!), [v])!
    }

    /// After a runtime call or interpreted instruction every slot holds the truth.
    mutating func flushedToSlots() { env = env.map { _ in nil } }
}
