// What the engine tells about a proto (`:tier`, `vmrepl.tier`, `:disasm`), and the requests the
// `vmrepl` module and the REPL make of it (compile now, continue interpreted).
//
// Invariant: read-only over the records, except `compileNow` and `deoptimize`, which go through the
// same paths as tier-up and discarding. Whoever asks about tiers first lets the compiles in
// flight finish and installs them (`settle`): the answers do not depend on the compiler
// thread's timing.
import LuaBytecode
import LuaRuntime

/// One proto's state in the JIT.
public struct TierInfo: Sendable {
    /// "interpreted", "compiled", "compiled with OSR entries" or "OSR entries".
    public var tier: String
    /// Code versions made over the proto's life, and installed now.
    public var versions: Int
    public var installed: Int
    public var osrTaken: Int
    public var osrRefused: Int
    /// Deopts by reason and pc (0-based), most frequent first.
    public var deopts: [(reason: DeoptReason, pc: Int, count: Int)]
    /// Why the last compilation was refused, if it was.
    public var refusal: String?
}

extension JITEngine {
    public func info(_ p: UnsafeMutablePointer<Proto>) -> TierInfo {
        guard p.pointee.jitRecord >= 0, let rec = records[Int(p.pointee.jitRecord)] else {
            return TierInfo(tier: "interpreted", versions: 0, installed: 0, osrTaken: 0, osrRefused: 0, deopts: [], refusal: nil)
        }
        let tier: String
        switch (rec.whole != nil, !rec.osr.isEmpty) {
        case (true, true): tier = "compiled with OSR entries"
        case (true, false): tier = "compiled"
        case (false, true): tier = "OSR entries"
        case (false, false): tier = "interpreted"
        }
        let deopts = rec.deopts.map { (reason: $0.key.reason, pc: $0.key.pc, count: $0.value) }
            .sorted { ($0.count, $1.pc) > ($1.count, $0.pc) }
        return TierInfo(tier: tier, versions: rec.versions, installed: rec.installed.count, osrTaken: rec.osrTaken,
                        osrRefused: rec.osrRefused, deopts: deopts, refusal: rec.refusal)
    }

    /// Compile `p` whole now (`vmrepl.compile`): nil when its code is installed, else why not.
    /// On the VM's thread, the caller waiting, with background compilation too: the compiles in
    /// flight are finished and installed first.
    public func compileNow(_ vm: VM, _ p: UnsafeMutablePointer<Proto>) -> String? {
        settle(vm)
        sweep(vm)
        let rec = record(p)
        // Made afresh from the feedback as it is now (the installed version may predate it).
        if let old = rec.whole { discard(vm, rec, old, why: "vmrepl.compile()") }
        switch compile(vm, rec, osrHeader: nil) {
        case .success(let v):
            rec.whole = v
            p.pointee.jitEntry = v.entry
            p.pointee.tierUpAt = 0
            return nil
        case .failure(let why):
            refuse(vm, rec, pc: 0, why.reason)
            return why.reason
        }
    }

    /// `vmrepl.deopt()` from a frame of `p` at `pc`: drop p's code, so the frame and the next calls
    /// run interpreted (until p tiers up again). True when the frame was running compiled code
    /// until it reached this call (it left through the exit at `pc`).
    public func deoptimize(_ vm: VM, _ p: UnsafeMutablePointer<Proto>, pc: Int) -> Bool {
        let wasCompiled = lastExit.map { $0.proto == UInt(bitPattern: p) && $0.pc == pc } ?? false
        if p.pointee.jitRecord >= 0, let rec = records[Int(p.pointee.jitRecord)] {
            for v in rec.installed { discard(vm, rec, v, why: "vmrepl.deopt()") }
        }
        return wasCompiled
    }

    /// The IR and the machine code of each installed version of `p`, machine code decoded by
    /// Capstone and annotated with the IR (blocks with their bytecode pcs, exits with their states).
    public func listing(_ p: UnsafeMutablePointer<Proto>) -> String {
        guard p.pointee.jitRecord >= 0, let rec = records[Int(p.pointee.jitRecord)], !rec.installed.isEmpty else {
            return "no compiled code\n"
        }
        var out = ""
        for v in rec.installed {
            out += "-- version \(v.number)" + (v.osrHeader.map { ", OSR entry at pc \($0 + 1)" } ?? ", whole function")
                + ": \(v.lowered.bytes.count) bytes at 0x\(String(v.block.address, radix: 16))\n"
            out += "-- IR\n" + v.ir.listing
            out += "-- x86-64\n"
            var notes = v.lowered.annotations(v.ir)
            // Each block's first bytecode, with its source line, where its machine code starts.
            for (b, block) in v.ir.blocks.enumerated() where block.pc < p.pointee.codeCount {
                let i = Instruction(raw: p.pointee.code[block.pc])
                notes[v.lowered.blockOffsets[b], default: []].insert(
                    "; [line \(p.pointee.lines[block.pc])] pc \(block.pc + 1)  \(i.opcode.mnemonic)", at: 0)
            }
            out += MachineCodeListing(code: v.lowered.bytes, address: v.block.address).text { notes[$0] ?? [] }
        }
        return out
    }
}
