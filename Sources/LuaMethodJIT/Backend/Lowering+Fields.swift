// Field access with a constant short-string key (`fieldLoad`, `fieldStore`): an inline probe of
// the table's hash part, and the helper call (HelperCalls.swift) as the exact slow path, placed
// out of line after the function's blocks.
//
// The probe, for K[k] = s (a short string: interned, its hash fixed, kept alive by the proto,
// whose code dies with it, so its address and hash are immediates): capacity 0 -> slow path;
// for slot j in 0..<JITLimits.inlineFieldProbes, the Node at ((hash + j) & (capacity - 1))
// holds s when its key's payload is s's address and its tag is string; on the first such hit
// whose value is not nil, a load copies the value out and a store overwrites it (a raw store is
// Lua's assignment exactly when the old value is not nil: __newindex is only asked for absent
// keys; the interpreter's setExistingStr does the same). Anything else — a key further along
// its probe sequence, an absent key, a nil value (an __index/__newindex may answer), a table
// with no hash part — takes the helper, which answers every case the op answers, or exits.
//
// Invariants: a hit is only ever a Node whose key is s itself, so the probe is right whatever
// the slot it starts from (it is only faster when the start is s's own); the probe clobbers only
// scratch registers, and the out-of-line helper call saves and restores the caller-saved
// registers live across it, so both paths rejoin with the same register state. Without the
// proto's constants (IR lowered alone, in tests) the op calls its helper in line, as before.
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
        guard let constants, JITLimits.inlineFieldProbes > 0 else { return nil }
        let v = constants[k]
        guard v.tag == Tag.string, v.str.pointee.isShort else { return nil }
        return (Int64(bitPattern: v.payload), v.str.pointee.hash)
    }

    /// Probes `table`'s hash part for the short string at `key`: on a hit whose value is not
    /// nil, falls through with the Node's address in scratch2; else jumps to `miss`. Clobbers
    /// every scratch register.
    mutating func probeField(table: ValueID, key: (address: Int64, hash: UInt32), miss: Label) {
        let s1 = RegisterRoles.scratch1, s2 = RegisterRoles.scratch2
        let hit = a.newLabel()
        let t: GPR
        if case .gp(let r) = location(table) {
            t = r
        } else {
            t = RegisterRoles.scratch0
            loadGP(t, table)
        }
        a.movabs(s1, key.address)
        let probes = JITLimits.inlineFieldProbes
        for j in 0..<probes {
            let last = j + 1 == probes, next = last ? miss : a.newLabel()
            a.mov(.dword, s2, Mem(t, RuntimeLayout.tableNodeCapacityOffset))
            a.alu(.sub, .dword, s2, imm: 1)
            if j == 0 { a.jcc(.below, miss) }  // no hash part
            a.alu(.and, .dword, s2, imm: Int32(bitPattern: key.hash &+ UInt32(j)))
            a.shift(.shl, .qword, s2, imm: RuntimeLayout.nodeShift)
            a.alu(.add, .qword, s2, Mem(t, RuntimeLayout.tableNodesOffset))
            a.alu(.cmp, .qword, Mem(s2, RuntimeLayout.nodeKeyOffset + RuntimeLayout.payloadOffset), s1)
            a.jcc(.notEqual, next, short: !last)
            a.alu(.cmp, .byte, Mem(s2, RuntimeLayout.nodeKeyOffset + RuntimeLayout.tagOffset), imm: Int32(Tag.string))
            if last {
                a.jcc(.notEqual, miss)
            } else {
                a.jcc(.equal, hit, short: true)
                a.bind(next)
            }
        }
        a.bind(hit)
        a.alu(.cmp, .byte, Mem(s2, RuntimeLayout.nodeValueOffset + RuntimeLayout.tagOffset), imm: Int32(Tag.nil_))
        a.jcc(.equal, miss)
    }

    /// fieldLoad K[k] and fieldStore K[k]: the probe, then the helper out of line (or the helper
    /// alone without the constants).
    mutating func lowerField(_ ins: Instr) {
        guard let (k, isLoad) = Self.fieldKey(ins.op) else { preconditionFailure("\(ins.op.text) is not a field op") }
        guard let key = constantShortString(k) else {
            fieldHelperCall(ins)
            return
        }
        let slow = a.newLabel(), done = a.newLabel()
        probeField(table: ins.operands[0], key: key, miss: slow)
        let node = Mem(RegisterRoles.scratch2, RuntimeLayout.nodeValueOffset)
        if isLoad {
            copyValue(to: Self.mem(location(ins.result!)), from: node)
        } else {
            copyValue(to: node, from: Self.mem(location(ins.operands[1])))
        }
        a.bind(done)
        coldFieldCalls.append(ColdFieldCall(ins: ins, position: position, block: currentBlock, entry: slow, back: done))
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
            a.bind(c.entry)
            (position, currentBlock) = (c.position, c.block)
            slowPathOffsets.append((a.offset, c.block, c.position - blockStarts[c.block] - 1))
            fieldHelperCall(c.ins)
            a.jmp(c.back)
        }
        coldFieldCalls = []
        (position, currentBlock) = (savedPosition, savedBlock)
    }
}
