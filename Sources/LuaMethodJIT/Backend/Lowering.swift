// x86-64 lowering of an allocated IR function: prologue, blocks in index order, terminators with
// their edge moves, one out-of-line stub per exit and the one epilogue.
//
// Invariants: `Backend.unsupported` is asked first and every op it accepts has a lowering here (no
// op is silently skipped); each op computes in scratch registers and writes its result to the
// result's location, so an operand may live anywhere. Every exit (a guard's, checkLimit's, an
// `.exit` terminator's) gets its own stub: it boxes the frame state's values into their Lua slots
// and returns the exit's index through the epilogue. A return boxes its values into slots 0..<n and
// answers -1 - n (RegisterRoles' entry convention).
import LuaBytecode
import LuaRuntime
import X64Assembler

/// Why a function cannot be compiled by this backend (yet).
public struct NotCompilable: Error, CustomStringConvertible, Equatable {
    public var reason: String
    public var description: String { "not compilable: \(reason)" }
}

struct Lowering {
    let f: IRFunction
    let alloc: Allocation
    var a: Assembler
    var blockLabels: [Label] = []
    var epilogue: Label
    /// Bound at the code's first byte: exit stubs write its address into VMState.exit_code.
    var codeStart: Label
    /// Exits in stub order: a stub's index is its position here.
    var exits: [Exit] = []
    var stubs: [(label: Label, exit: Exit)] = []
    /// Stress mode (`--jit=stress`): one byte per guard, 1 until that guard's forced exit was taken.
    let stressFlags: UnsafeMutablePointer<UInt8>?
    /// The VM the code is made for (runtime calls); nil when lowering IR alone.
    let runtime: RuntimeLinks?
    /// The proto's short-string constants (field keys become immediates: Lowering+Fields.swift);
    /// nil when lowering IR alone.
    let fieldKeys: FieldKeys?
    /// Field helper calls waiting to be placed after the blocks.
    var coldFieldCalls: [ColdFieldCall] = []
    /// Limit checks' slow paths waiting to be placed after the blocks (Lowering+LimitCheck.swift).
    var limitCheckSlowPaths: [LimitCheckSlowPath] = []
    var stressTriggers = 0
    /// Indices (into `exits`) of the stress mode's forced exits.
    var stressExits: Set<Int> = []
    /// The block being lowered, and the block each exit's stub was made in.
    var currentBlock = 0
    var exitBlocks: [Int] = []
    /// Where each block's code and each exit's stub start (for listings).
    var blockOffsets: [Int] = []
    var instrOffsets: [[Int]] = []
    var exitOffsets: [Int] = []
    /// Where each out-of-line slow path starts, and the instruction (block, index) it belongs to.
    var slowPathOffsets: [(offset: Int, block: Int, instr: Int)] = []

    static let tempValueOffset: Int32 = RegisterRoles.tempValueOffset
    var tempValueSlot: Location { .stack(Self.tempValueOffset) }

    /// Per block, the compare made at its branch (RegisterAllocator.fusedCompares).
    let fusedCompares: [Int: Instr]
    /// Each value's live interval and the position of the instruction being lowered (the
    /// allocator's numbering): which registers a helper call must save.
    let ranges: [ClosedRange<Int>?]
    let blockStarts: [Int]
    var position = 0
    /// Uses of each value (operands, block arguments, returns, branch conditions, frame states).
    let useCounts: [Int]
    /// A `loadReg` whose one use is the type guard right after it: the guard reads the Lua slot
    /// itself, and the load copies nothing (value -> register).
    var readInSlot: [ValueID: Int] = [:]
    /// The boxes a block ends with whose one use is the block's `ret`: the return boxes their
    /// operands straight into the result slots instead of copying the boxed values there.
    let boxedAtReturn: [ValueID: Instr]

    init(_ f: IRFunction, _ alloc: Allocation, features: CPUFeatures, stressFlags: UnsafeMutablePointer<UInt8>? = nil,
         runtime: RuntimeLinks? = nil, fieldKeys: FieldKeys? = nil) {
        self.f = f; self.alloc = alloc; self.stressFlags = stressFlags; self.runtime = runtime
        self.fieldKeys = fieldKeys
        fusedCompares = RegisterAllocator.fusedCompares(f)
        (ranges, blockStarts) = RegisterAllocator.intervals(f)
        useCounts = Self.useCounts(f)
        boxedAtReturn = Self.boxesForReturn(f, useCounts)
        a = Assembler(features: features, capacity: 64 + 64 * f.valueTypes.count)
        epilogue = a.newLabel()
        codeStart = a.newLabel()
        blockLabels = f.blocks.map { _ in a.newLabel() }
    }

    static func useCounts(_ f: IRFunction) -> [Int] {
        var n = [Int](repeating: 0, count: f.valueTypes.count)
        func exitUses(_ e: Exit?) { for s in e?.state.slots ?? [] { n[s.value.index] += 1 } }
        for block in f.blocks {
            for ins in block.instrs {
                for v in ins.operands { n[v.index] += 1 }
                exitUses(ins.exit)
            }
            switch block.terminator {
            case .jump(let c)?: for v in c.args { n[v.index] += 1 }
            case .branch(let v, let t, let e)?:
                n[v.index] += 1
                for v in t.args + e.args { n[v.index] += 1 }
            case .ret(let vs)?: for v in vs { n[v.index] += 1 }
            case .exit(let e)?: exitUses(e)
            case nil: break
            }
        }
        return n
    }

    /// For each block ending in `ret`: its trailing `box` instructions whose results the return
    /// alone uses. Nothing between them and the return is allocated a register (a boxed result
    /// lives in a spill slot of its own), so their operands are where they were until the return.
    static func boxesForReturn(_ f: IRFunction, _ useCounts: [Int]) -> [ValueID: Instr] {
        var out: [ValueID: Instr] = [:]
        for block in f.blocks {
            guard case .ret(let vs)? = block.terminator else { continue }
            for ins in block.instrs.reversed() {
                guard case .box = ins.op, let r = ins.result, vs.contains(r), useCounts[r.index] == 1 else { break }
                out[r] = ins
            }
        }
        return out
    }

    /// The type guards whose only read of their operand is its tag and payload in memory.
    static func readsBoxedOperand(_ ins: Instr) -> Bool {
        if case .guardInt = ins.op { return true }
        if case .guardFloat = ins.op { return true }
        if case .guardTable = ins.op { return true }
        if case .guardString = ins.op { return true }
        if case .guardNumber = ins.op { return true }
        return false
    }

    /// Where a boxed value is in memory: its spill slot, or the Lua slot a `loadReg` left it in.
    func boxedMem(_ v: ValueID) -> Mem {
        if let r = readInSlot[v] { return RuntimeLayout.slot(r) }
        return Self.mem(location(v))
    }

    /// The label of a stub for `e` (emitted after the code).
    mutating func stub(_ e: Exit) -> Label {
        let l = a.newLabel()
        stubs.append((l, e))
        exitBlocks.append(currentBlock)
        return l
    }

    /// The number of stress flags `f` needs: one per guard (checkLimit included) and per combined
    /// check (Lowering+Checks).
    static func stressFlagCount(_ f: IRFunction) -> Int {
        f.blocks.reduce(0) { $0 + $1.instrs.filter { $0.op.info.isGuard || $0.op.isCheck }.count }
    }

    /// Stress mode, before a guard: the first time this code reaches it, clear its flag and exit
    /// as if the guard had failed (same exit, same frame state), so that every exit path runs.
    mutating func stressTrigger(_ e: Exit) {
        guard let flags = stressFlags else { return }
        let flag = flags + stressTriggers
        stressTriggers += 1
        let skip = a.newLabel()
        a.movImm(RegisterRoles.scratch0, Int64(Int(bitPattern: flag)))
        a.alu(.cmp, .byte, Mem(RegisterRoles.scratch0, 0), imm: 0)
        a.jcc(.equal, skip)
        a.mov(.byte, Mem(RegisterRoles.scratch0, 0), imm: 0)
        stressExits.insert(stubs.count)
        a.jmp(stub(e))
        a.bind(skip)
    }

    /// The callee-saved registers this code writes: the roles, and those the allocator handed out.
    /// Only they are saved; each keeps its slot below rbp (RegisterRoles.saved's order) either way.
    var savedRegisters: [(GPR, Int32)] {
        let used = Set(alloc.locations.compactMap { loc -> GPR? in if case .gp(let r)? = loc { return r }; return nil })
        return RegisterRoles.saved.enumerated().compactMap { k, r in
            r == RegisterRoles.frameBase || r == RegisterRoles.vmState || used.contains(r) ? (r, -8 * Int32(k + 1)) : nil
        }
    }

    /// rbp pushed, the frame made (saved registers' slots, the closure, the temporary, spill
    /// slots: a multiple of 16, so rsp is aligned for the helpers to come), registers saved.
    mutating func emitFrameSetup() {
        a.push(RegisterRoles.nativeFrame)
        a.mov(.qword, RegisterRoles.nativeFrame, .rsp)
        let frameBytes = -Int(Self.tempValueOffset) + alloc.spillBytes
        a.alu(.sub, .qword, .rsp, imm: Int32(frameBytes))
        for (r, d) in savedRegisters { a.mov(.qword, Mem(RegisterRoles.nativeFrame, d), r) }
    }

    /// The saved registers restored and the frame gone (rsp at the return address).
    mutating func emitFrameTeardown() {
        for (r, d) in savedRegisters { a.mov(.qword, r, Mem(RegisterRoles.nativeFrame, d)) }
        a.mov(.qword, .rsp, RegisterRoles.nativeFrame)
        a.pop(RegisterRoles.nativeFrame)
    }

    mutating func emitFunction() {
        a.bind(codeStart)
        emitFrameSetup()
        a.mov(.qword, RegisterRoles.frameBase, RegisterRoles.entryArguments.frame)
        a.mov(.qword, RegisterRoles.vmState, RegisterRoles.entryArguments.state)
        a.mov(.qword, Mem(RegisterRoles.nativeFrame, RegisterRoles.closureOffset), RegisterRoles.entryArguments.closure)
        for (b, block) in f.blocks.enumerated() {
            CompilePacing.point()
            currentBlock = b
            a.bind(blockLabels[b])
            blockOffsets.append(a.offset)
            instrOffsets.append([])
            emitBlockCount(b)
            // A compare whose only use is this block's branch is made at the branch, where it sets
            // the flags the branch tests (the allocator kept its operands live until there).
            let fused = fusedCompares[b]
            for (k, ins) in block.instrs.enumerated() {
                instrOffsets[b].append(a.offset)
                position = blockStarts[b] + 1 + k
                if ins.op.info.isGuard, let e = ins.exit { stressTrigger(e) }
                if case .loadReg(let r) = ins.op, k + 1 < block.instrs.count,
                   Self.readsBoxedOperand(block.instrs[k + 1]), block.instrs[k + 1].operands.first == ins.result,
                   useCounts[ins.result!.index] == 1 {
                    readInSlot[ins.result!] = r  // nothing runs between: the slot holds the value
                    continue
                }
                if let r = ins.result, boxedAtReturn[r] != nil { continue }  // done by the return
                if fused == nil || ins.result != fused!.result { lower(ins) }
            }
            var condition: Condition?
            if let fused { condition = emitCompare(fused) }
            terminate(block.terminator!, next: b + 1, condition: condition)
        }
        emitColdFieldCalls()
        emitLimitCheckSlowPaths()
        for (k, s) in stubs.enumerated() {
            a.bind(s.label)
            exitOffsets.append(a.offset)
            emitExitUncount(s.exit, block: exitBlocks[k])
            for slot in s.exit.state.slots { box(slot.value, slot.box, into: RuntimeLayout.slot(slot.register)) }
            // Which code's side table the index is for (a compiled tail call may have replaced
            // the code the frame was entered with).
            a.lea(.qword, RegisterRoles.scratch1, Mem.rip(codeStart))
            a.mov(.qword, Mem(RegisterRoles.vmState, RuntimeLayout.exitCodeOffset), RegisterRoles.scratch1)
            a.mov(.dword, RegisterRoles.scratch0, imm: Int32(k))
            if k + 1 < stubs.count { a.jmp(epilogue) }
            exits.append(s.exit)
        }
        a.bind(epilogue)
        emitFrameTeardown()
        a.ret()
    }

    mutating func jump(_ c: BlockCall, next: Int) {
        edgeMoves(c)
        if c.block.index != next { a.jmp(blockLabels[c.block.index]) }
    }

    /// Sets ZF when the bool v is false.
    mutating func testBool(_ v: ValueID) {
        switch location(v) {
        case .gp(let r): a.test(.qword, r, r)
        case .stack: a.alu(.cmp, .qword, Self.mem(location(v)), imm: 0)
        case .xmm: preconditionFailure("a bool in an SSE register")
        }
    }

    /// `condition`: the flags already hold the branch's condition (a fused compare).
    mutating func terminate(_ t: Terminator, next: Int, condition: Condition?) {
        switch t {
        case .jump(let c): jump(c, next: next)
        case .branch(let v, let yes, let no):
            if yes.block.index == next && no.args.isEmpty && yes.block != no.block {
                // The true side falls through; the false side has no edge moves: one jcc to it.
                let target = blockLabels[no.block.index]
                if let condition { a.jcc(condition.inverted, target) } else { testBool(v); a.jcc(.equal, target) }
                jump(yes, next: next)
                return
            }
            let other = a.newLabel()
            if let condition {
                a.jcc(condition.inverted, other)
            } else {
                testBool(v)
                a.jcc(.equal, other)
            }
            jump(yes, next: -1)
            a.bind(other)
            jump(no, next: next)
        case .ret(let vs):
            for (k, v) in vs.enumerated() {
                if let b = boxedAtReturn[v], case .box(let kind) = b.op {
                    box(b.operands[0], kind, into: RuntimeLayout.slot(k))
                } else {
                    box(v, f.type(of: v).boxKind!, into: RuntimeLayout.slot(k))
                }
            }
            a.movImm(RegisterRoles.scratch0, -1 - Int64(vs.count))
            a.jmp(epilogue)
        case .exit(let e):
            if let links = runtime, Self.isCompiledTailCall(Instruction(raw: links.code[e.state.pc])) {
                // The tail call writes the frame state into its slots first, then uses scratch and
                // argument registers (which may hold the state's values) for its checks: its way
                // out boxes nothing, the slots already hold every value.
                tailCall(e, links, slow: stub(Exit(reason: e.reason, state: FrameState(pc: e.state.pc, slots: []))))
            } else {
                a.jmp(stub(e))
            }
        }
    }
}

/// A lowered function installed in code memory. The CodeMemory must outlive every call through
/// `entry` (it owns the pages). The frame passed must hold the function's `maxStackSize` slots,
/// and at least as many as the values it returns.
public struct CompiledFunction {
    public let code: CodeBlock
    public let bytes: [UInt8]
    /// The exit an answer >= 0 names.
    public let exits: [Exit]
    public let allocation: Allocation
    /// (frame, state, closure): RegisterRoles' entry convention.
    public typealias Entry = @convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer, UnsafeMutableRawPointer) -> Int64
    public var entry: Entry { unsafeBitCast(code.entry, to: Entry.self) }
}

/// Machine code for one IR function, not yet installed.
public struct LoweredFunction: Sendable {
    /// Position-independent: no address of the code itself inside (helper calls carry their
    /// helpers' absolute addresses, which are fixed for the process).
    public let bytes: [UInt8]
    /// The exit an answer >= 0 names; its stub starts at `exitOffsets[i]`.
    public let exits: [Exit]
    public let allocation: Allocation
    public let blockOffsets: [Int]
    /// Per block, where each instruction's code starts.
    public let instrOffsets: [[Int]]
    public let exitOffsets: [Int]
    /// The exits that are stress mode's forced exits (not failed guards).
    public let stressExits: Set<Int>
    /// The block each exit leaves from (an OSR build's block 0 holds its entry checks).
    public let exitBlocks: [Int]
    /// Where each out-of-line slow path starts (after the blocks), and its instruction.
    public let slowPathOffsets: [(offset: Int, block: Int, instr: Int)]

    /// Listing annotations: each block's header with its parameters' locations, each IR
    /// instruction with its result's location, each exit stub's exit, at the offset it starts.
    public func annotations(_ f: IRFunction) -> [Int: [String]] {
        var notes: [Int: [String]] = [:]
        func loc(_ v: ValueID) -> String { allocation.locations[v.index].map { "\($0)" } ?? "-" }
        for (b, block) in f.blocks.enumerated() {
            let ps = block.params.map { "\($0)=\(loc($0))" }.joined(separator: " ")
            notes[blockOffsets[b], default: []].append("; b\(b)  pc \(block.pc + 1)" + (ps.isEmpty ? "" : "  " + ps))
            for (k, ins) in block.instrs.enumerated() {
                let at = ins.result.map { "  [\(loc($0))]" } ?? ""
                notes[instrOffsets[b][k], default: []].append(";   " + f.text(ins) + at)
            }
        }
        for p in slowPathOffsets {
            notes[p.offset, default: []].append("; slow path of  " + f.text(f.blocks[p.block].instrs[p.instr]))
        }
        for (i, e) in exits.enumerated() { notes[exitOffsets[i], default: []].append("; exit \(i)  " + f.text(e)) }
        return notes
    }
}

public enum Backend {
    /// Lowers `f`, or says which op has no lowering yet.
    /// `stressFlags`: stress mode, with `stressFlagCount(f)` bytes set to 1 (see `stressTrigger`).
    /// `fieldKeys`: the proto's short-string constants (the proto must outlive the code), for
    /// inline field probes. Pure: reads no Lua heap and no VM state (the compiler thread runs it).
    public static func lower(_ f: IRFunction, allocator: RegisterAllocator = RegisterAllocator(),
                             features: CPUFeatures = .host,
                             stressFlags: UnsafeMutablePointer<UInt8>? = nil,
                             runtime: RuntimeLinks? = nil,
                             fieldKeys: FieldKeys? = nil) throws(NotCompilable) -> LoweredFunction {
        if let why = unsupported(f, features: features, runtime: runtime != nil) { throw NotCompilable(reason: why) }
        let alloc = allocator.allocate(f, firstSpillOffset: Lowering.tempValueOffset)
        CompilePacing.point()
        var l = Lowering(f, alloc, features: features, stressFlags: stressFlags, runtime: runtime, fieldKeys: fieldKeys)
        l.emitFunction()
        return LoweredFunction(bytes: l.a.finish(), exits: l.exits, allocation: alloc,
                               blockOffsets: l.blockOffsets, instrOffsets: l.instrOffsets, exitOffsets: l.exitOffsets,
                               stressExits: l.stressExits, exitBlocks: l.exitBlocks, slowPathOffsets: l.slowPathOffsets)
    }

    /// The number of stress flag bytes `lower` needs for `f`.
    public static func stressFlagCount(_ f: IRFunction) -> Int { Lowering.stressFlagCount(f) }

    /// Lowers `f` and installs it in `memory`.
    public static func compile(_ f: IRFunction, into memory: CodeMemory, allocator: RegisterAllocator = RegisterAllocator(),
                               fieldKeys: FieldKeys? = nil) throws -> CompiledFunction {
        let l = try lower(f, allocator: allocator, fieldKeys: fieldKeys)
        let block = try memory.install(l.bytes, name: f.name)
        return CompiledFunction(code: block, bytes: l.bytes, exits: l.exits, allocation: l.allocation)
    }
}
