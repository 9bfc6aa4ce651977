// What the engine reads from the profile words the interpreter keeps beside the back-edge counts
// (Proto.backEdges) and in the feedback: each CALL's callee, for the builder to take in
// (Build/IRBuilder+Inline.swift), and the fields each store added; and keeping every proto that
// compiled code guards on alive.
//
// Invariants: a Lua callee is only ever named by a proto that is live now (matched among
// `vm.protos`, never by dereferencing a profile word) and unambiguous (two live protos with the
// same profile bits name neither); a native only by an index below the natives' count whose
// entry a library registered. While any machine code exists (installed or waiting to be freed),
// the protos its guards name are marked by the collector, so none is freed and no other proto can
// take its address. A compile job in flight is cancelled instead when a proto it names is freed
// (JITEngine+Background.swift).
import LuaBytecode
import LuaRuntime

extension JITEngine {
    /// CALL pc -> the callee its profile names, for the CALLs whose feedback saw one kind of
    /// callee only; TFORCALL pc -> `next` or ipairs' iterator, when that was the only iterator
    /// it called.
    static func callTargets(_ vm: VM, _ p: UnsafeMutablePointer<Proto>) -> [Int: CallTarget] {
        let luaOnly = UInt16(1) << UInt16(Tag.luaClosure & 15)
        let nativeOnly = UInt16(1) << UInt16(Tag.lightNative & 15)
        var out: [Int: CallTarget] = [:]
        var liveProtos: [UInt32: UnsafeMutablePointer<Proto>?]?
        for pc in 0..<p.pointee.codeCount where Instruction(raw: p.pointee.code[pc]).opcode == .tForCall {
            // A generic for's iterator: its word is the TFORLOOP's after it (CallProfile).
            guard pc + 1 < p.pointee.codeCount, p.pointee.feedback[pc] == nativeOnly else { continue }
            let word = p.pointee.backEdges[pc + 1]
            guard word & CallProfile.nativeBit != 0 else { continue }
            let index = Int(word & ~CallProfile.nativeBit)
            if index == vm.nextIndex { out[pc] = .intrinsic(.next, nativeIndex: index) }
            if index == vm.ipairsIteratorIndex { out[pc] = .intrinsic(.ipairsIterator, nativeIndex: index) }
        }
        for pc in 0..<p.pointee.codeCount where Instruction(raw: p.pointee.code[pc]).opcode == .call {
            let word = p.pointee.backEdges[pc], seen = p.pointee.feedback[pc]
            if seen == nativeOnly && word & CallProfile.nativeBit != 0 {
                let index = Int(word & ~CallProfile.nativeBit)
                guard index < vm.natives.count, vm.natives[index].isLibrary,
                      let what = Intrinsic(rawValue: vm.natives[index].name), what.isCall else { continue }
                out[pc] = .intrinsic(what, nativeIndex: index)
            } else if seen == luaOnly && word != 0 && word & CallProfile.nativeBit == 0 {
                if liveProtos == nil {
                    var m: [UInt32: UnsafeMutablePointer<Proto>?] = [:]
                    for q in vm.protos {
                        let key = CallProfile.lua(q)
                        m[key] = m[key] == nil ? q : .some(nil)  // a collision names neither
                    }
                    liveProtos = m
                }
                guard let q = liveProtos![word] ?? nil else { continue }
                let info = vm.protoInfo(of: q)
                guard InlineCandidate.fits(info.code, isVararg: info.isVararg) else { continue }
                out[pc] = .lua(InlineCandidate(
                    name: info.lineDefined == 0 ? "main chunk" : "function (\(VM.chunkID(info.source)):\(info.lineDefined))",
                    proto: UInt(bitPattern: q), code: info.code, constants: info.constants,
                    numParams: info.numParams, maxStackSize: info.maxStackSize,
                    feedback: Array(UnsafeBufferPointer(start: q.pointee.feedback, count: q.pointee.codeCount))))
            }
        }
        return out
    }

    /// SETFIELD/SETTABUP that gave a table a field it lacked more than once (a constructor
    /// filling fresh tables): compiled code overwrites fields only, so those stores are left to
    /// the interpreter. One that added once (a field set late on an object, then overwritten)
    /// is compiled, with an exit for the adding case.
    static func storesThatAddFields(_ p: UnsafeMutablePointer<Proto>) -> Set<Int> {
        var out: Set<Int> = []
        for pc in 0..<p.pointee.codeCount where Feedback.addedFields(p.pointee.feedback[pc]) >= 2 {
            switch Instruction(raw: p.pointee.code[pc]).opcode {
            case .setField, .setTabUp: out.insert(pc)
            default: break
            }
        }
        return out
    }

    /// The calls `f` took in, for the compile line of `--jit-log`: each callee's name, with how
    /// many sites took it in ("math.sqrt x2"); nil when none.
    static func takenIn(_ f: IRFunction) -> String? {
        var sites: [String: Set<Int>] = [:]
        for block in f.blocks {
            for ins in block.instrs {
                if case .guardFunction(let callee) = ins.op, let pc = ins.exit?.state.pc { sites[callee.name, default: []].insert(pc) }
            }
        }
        guard !sites.isEmpty else { return nil }
        return sites.keys.sorted().map { sites[$0]!.count > 1 ? "\($0) x\(sites[$0]!.count)" : $0 }.joined(separator: ", ")
    }

    /// The protos whose address the guards of `f` compare with.
    static func guardedProtos(_ f: IRFunction) -> [UnsafeMutablePointer<Proto>] {
        var out: Set<UInt> = []
        for block in f.blocks {
            for ins in block.instrs {
                if case .guardFunction(.lua(let proto, _)) = ins.op { out.insert(proto) }
            }
        }
        return out.sorted().map { UnsafeMutablePointer<Proto>(bitPattern: $0)! }
    }

    /// Every proto some machine code guards on (the collector marks them).
    public var protosCodeNeeds: [UnsafeMutablePointer<Proto>] {
        if let c = guardedProtosCache { return c }
        let c = Array(guardedProtoCounts.keys)
        guardedProtosCache = c
        return c
    }

    func link(_ v: CodeVersion) {
        byEntry[UInt(bitPattern: v.entry)] = v
        for p in v.guardedProtos { guardedProtoCounts[p, default: 0] += 1; guardedProtosCache = nil }
    }

    func unlink(_ v: CodeVersion) {
        guard byEntry.removeValue(forKey: UInt(bitPattern: v.entry)) != nil else { return }
        for p in v.guardedProtos {
            let n = guardedProtoCounts[p]! - 1
            guardedProtoCounts[p] = n == 0 ? nil : n
            guardedProtosCache = nil
        }
    }
}
