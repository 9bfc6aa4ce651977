// Field access with a constant short-string key (`fieldLoad`, `fieldStore`): an inline probe of
// the table's hash part, and the helper call (HelperCalls.swift) as the exact slow path, placed
// out of line after the function's blocks.
//
// The probe, for K[k] = s (a short string: interned, its hash fixed, kept alive by the proto,
// whose code dies with it, so its address and hash are immediates) walks the first
// JITLimits.inlineFieldProbes slots of the lookup LTable.getShortStr makes: from
// (hash & (capacity - 1)) on, a Node holds s when its key's payload is s's address and its tag
// is string; a Node whose key is nil ends the lookup (s is absent), as does a capacity of 0.
// On a hit whose value is not nil, a load copies the value out and a store overwrites it (a raw
// store is Lua's assignment exactly when the old value is not nil: __newindex is only asked for
// absent keys; the interpreter's setExistingStr does the same). A load whose answer is proven
// nil (absent, or the key holding nil) goes on out of line, as the helper would: no metatable,
// nil; a metatable whose raw "__index" is a table, one more probe of that table, whose hit with
// a value not nil is the answer (the class pattern), and whose proven nil is the answer when it
// has no metatable itself. Anything else — probes ended undecided, a
// store to an absent or nil field, an __index function or a longer chain — takes the helper,
// which answers every case the op answers (a store to a key holding nil, when the metatable is
// known to have no __newindex), or exits.
//
// Invariants: a hit is only ever a Node whose key is s itself, and absence only ever the empty
// slot the runtime's own lookup would stop at, so the probe is right whatever slot it starts
// from; the probe clobbers only scratch registers, and the out-of-line helper call saves and
// restores the caller-saved registers live across it, so every path rejoins with the same
// register state. Without the proto's field keys (IR lowered alone, in tests) the op calls its
// helper in line, as before; without the VM's "__index" there is no inline chain. Lowering never
// reads the Lua heap: the keys' addresses and hashes are read on the VM's thread beforehand
// (`FieldKeys`), so the backend may run on the compiler thread (Engine/CompileJob.swift).
import LuaBytecode
import LuaRuntime
import X64Assembler

/// A helper call placed after the blocks: lowered as `ins` at `position` in `block` would be,
/// entered at `entry`, and going back to `back`.
struct ColdFieldCall {
    var ins: Instr
    var position: Int
    var block: Int
    var entry: Label
    var back: Label
    /// A load's path for a key proven absent (Lowering.emitChain): its label, the register
    /// holding the table, the key.
    var chain: (label: Label, table: GPR, key: (address: Int64, hash: UInt32))?
}

/// The short-string constants of a proto as the immediates an inline probe embeds (address and
/// hash), read from its K on the VM's thread. The strings stay alive as long as the proto, whose
/// code dies with it.
public struct FieldKeys: Sendable {
    public struct Key: Sendable, Equatable { public var address: Int64; public var hash: UInt32 }
    let keys: [Key?]
    public init(_ k: UnsafeMutablePointer<Value>, count: Int) {
        keys = (0..<count).map { i in
            let v = k[i]
            guard v.tag == Tag.string, v.str.pointee.isShort else { return nil }
            return Key(address: Int64(bitPattern: v.payload), hash: v.str.pointee.hash)
        }
    }
    subscript(_ i: Int) -> Key? { i < keys.count ? keys[i] : nil }
}

extension Lowering {
    /// The constant index of a field op's key, and whether it loads (else it stores).
    static func fieldKey(_ op: IROp) -> (k: Int, isLoad: Bool)? {
        if case .fieldLoad(let k) = op { return (k, true) }
        if case .fieldStore(let k) = op { return (k, false) }
        return nil
    }

    /// The address and hash of K[k] when the code may embed them (a short string constant).
    func constantShortString(_ k: Int) -> (address: Int64, hash: UInt32)? {
        guard let fieldKeys, JITLimits.inlineFieldProbes > 0, let key = fieldKeys[k] else { return nil }
        return (key.address, key.hash)
    }

    /// Probes the hash part of the table in `t` for the short string `key`, as the runtime's
    /// lookup (LTable.getShortStr) does for its first JITLimits.inlineFieldProbes slots: on a
    /// hit whose value is not nil, falls through with the Node's address in scratch2; jumps to
    /// `absent` when the lookup's answer is nil (no hash part, an empty slot reached before the
    /// key, or the key holding nil), to `miss` when the probes end undecided. Clobbers scratch1
    /// and scratch2 only.
    mutating func probeField(_ t: GPR, key: (address: Int64, hash: UInt32), miss: Label, absent: Label) {
        let s1 = RegisterRoles.scratch1, s2 = RegisterRoles.scratch2
        let found = a.newLabel()
        a.movabs(s1, key.address)
        let probes = JITLimits.inlineFieldProbes
        for j in 0..<probes {
            let other = a.newLabel()
            a.mov(.dword, s2, Mem(t, RuntimeLayout.tableNodeCapacityOffset))
            a.alu(.sub, .dword, s2, imm: 1)
            if j == 0 { a.jcc(.below, absent) }  // no hash part
            a.alu(.and, .dword, s2, imm: Int32(bitPattern: key.hash &+ UInt32(j)))
            a.shift(.shl, .qword, s2, imm: RuntimeLayout.nodeShift)
            a.alu(.add, .qword, s2, Mem(t, RuntimeLayout.tableNodesOffset))
            a.alu(.cmp, .qword, Mem(s2, RuntimeLayout.nodeKeyOffset + RuntimeLayout.payloadOffset), s1)
            a.jcc(.notEqual, other, short: true)
            a.alu(.cmp, .byte, Mem(s2, RuntimeLayout.nodeKeyOffset + RuntimeLayout.tagOffset), imm: Int32(Tag.string))
            a.jcc(.equal, found, short: true)
            a.bind(other)
            // Another key goes on to the next slot; an empty slot ends the lookup: absent.
            if absent != miss {
                a.alu(.cmp, .byte, Mem(s2, RuntimeLayout.nodeKeyOffset + RuntimeLayout.tagOffset), imm: Int32(Tag.nil_))
                a.jcc(.equal, absent)
            }
        }
        a.jmp(miss)
        a.bind(found)
        a.alu(.cmp, .byte, Mem(s2, RuntimeLayout.nodeValueOffset + RuntimeLayout.tagOffset), imm: Int32(Tag.nil_))
        a.jcc(.equal, absent)
    }

    /// The register holding `table`'s pointer (scratch0 when it lives in memory).
    mutating func tableRegister(_ table: ValueID) -> GPR {
        if case .gp(let r) = location(table) { return r }
        loadGP(RegisterRoles.scratch0, table)
        return RegisterRoles.scratch0
    }

    /// fieldLoad K[k] and fieldStore K[k]: the probe, then the helper out of line (or the helper
    /// alone without the constants). A load whose key is absent from the table goes on out of
    /// line: nil without a metatable, else one probe of the metatable's `__index` table.
    mutating func lowerField(_ ins: Instr) {
        guard let (k, isLoad) = Self.fieldKey(ins.op) else { preconditionFailure("\(ins.op.text) is not a field op") }
        guard let key = constantShortString(k) else {
            fieldHelperCall(ins)
            return
        }
        let slow = a.newLabel(), done = a.newLabel()
        let chain = isLoad && indexNameKey != nil ? a.newLabel() : nil
        let t = tableRegister(ins.operands[0])
        probeField(t, key: key, miss: slow, absent: chain ?? slow)
        let node = Mem(RegisterRoles.scratch2, RuntimeLayout.nodeValueOffset)
        if isLoad {
            copyValue(to: Self.mem(location(ins.result!)), from: node)
        } else {
            copyValue(to: node, from: Self.mem(location(ins.operands[1])))
        }
        a.bind(done)
        coldFieldCalls.append(ColdFieldCall(ins: ins, position: position, block: currentBlock, entry: slow, back: done,
                                            chain: chain.map { ($0, t, key) }))
    }

    /// The address and hash of the VM's "__index" (nil when lowering IR alone).
    var indexNameKey: (address: Int64, hash: UInt32)? {
        guard let name = runtime?.indexName else { return nil }
        return (Int64(Int(bitPattern: name)), name.assumingMemoryBound(to: LString.self).pointee.hash)
    }

    /// A load's key is absent from the table in `c.table`: no metatable, nil; a metatable whose
    /// `__index` is a table holding the key (the class pattern), its value; absent from that
    /// table too, which has no metatable, nil; anything else (a function, a longer chain,
    /// undecided probes), the helper at `c.entry`.
    mutating func emitChain(_ c: ColdFieldCall, _ chain: (label: Label, table: GPR, key: (address: Int64, hash: UInt32))) {
        let s0 = RegisterRoles.scratch0, s2 = RegisterRoles.scratch2
        let out = Self.mem(location(c.ins.result!)), noMetatable = a.newLabel()
        a.bind(chain.label)
        a.mov(.qword, s0, Mem(chain.table, RuntimeLayout.tableMetatableOffset))
        a.test(.qword, s0, s0)
        a.jcc(.equal, noMetatable)
        probeField(s0, key: indexNameKey!, miss: c.entry, absent: c.entry)
        a.alu(.cmp, .byte, Mem(s2, RuntimeLayout.nodeValueOffset + RuntimeLayout.tagOffset), imm: Int32(Tag.table))
        a.jcc(.notEqual, c.entry)
        a.mov(.qword, s0, Mem(s2, RuntimeLayout.nodeValueOffset + RuntimeLayout.payloadOffset))
        let absentFromClass = a.newLabel()
        probeField(s0, key: chain.key, miss: c.entry, absent: absentFromClass)
        copyValue(to: out, from: Mem(s2, RuntimeLayout.nodeValueOffset))
        a.jmp(c.back)
        // Absent from the class too: nil when the class has no metatable, else the helper.
        a.bind(absentFromClass)
        a.alu(.cmp, .qword, Mem(s0, RuntimeLayout.tableMetatableOffset), imm: 0)
        a.jcc(.notEqual, c.entry)
        a.bind(noMetatable)
        a.mov(.qword, out.advanced(by: RuntimeLayout.payloadOffset), imm: 0)
        storeTag(out, Tag.nil_)
        a.jmp(c.back)
    }

    /// The helper call of a field op (its exit when the helper leaves the answer to the
    /// interpreter).
    mutating func fieldHelperCall(_ ins: Instr) {
        let s0 = RegisterRoles.scratch0
        guard let (k, isLoad) = Self.fieldKey(ins.op) else { preconditionFailure("\(ins.op.text) is not a field op") }
        if isLoad {
            // The "__index" name for the helper's chain, in the result's payload (see fieldLoad).
            let out = Self.mem(location(ins.result!))
            a.movImm(s0, Int64(Int(bitPattern: runtime?.indexName)))
            a.mov(.qword, out.advanced(by: RuntimeLayout.payloadOffset), s0)
            callHelper(Helpers.fieldLoad, for: ins, gp: [.value(ins.operands[0]), .constantPayload(k), .address(out)])
        } else {
            callHelper(Helpers.fieldStore, for: ins,
                       gp: [.value(ins.operands[0]), .constantPayload(k), .address(Self.mem(location(ins.operands[1])))])
        }
        a.test(.qword, s0, s0)
        a.jcc(.equal, stub(ins.exit!))
    }

    /// The out-of-line helper calls, after the blocks (and before the exit stubs they may add).
    mutating func emitColdFieldCalls() {
        let (savedPosition, savedBlock) = (position, currentBlock)
        for c in coldFieldCalls {
            (position, currentBlock) = (c.position, c.block)
            slowPathOffsets.append((a.offset, c.block, c.position - blockStarts[c.block] - 1))
            if let chain = c.chain { emitChain(c, chain) }
            a.bind(c.entry)
            fieldHelperCall(c.ins)
            a.jmp(c.back)
        }
        coldFieldCalls = []
        (position, currentBlock) = (savedPosition, savedBlock)
    }
}
