// The `:tier` / `--counters` report: per-proto call counts, loop back-edge counts, type feedback,
// and with instruction counting on (`--jit-stats`) the share of bytecodes run in compiled code.
//
// Invariants: read-only over the protos' counters; rows are in load order (stable for tests).

import LuaBytecode
import LuaRuntime

extension LuaVM {
    /// `skippingOneLineChunksOf`: leave out the main chunks of that chunk name whose code is all
    /// on one line (the lines typed at the REPL's prompt, each run once).
    public func tierReport(for f: LuaRef?, skippingOneLineChunksOf skipped: String? = nil) -> String {
        settleCompiles()
        var protos: [UnsafeMutablePointer<Proto>] = []
        if let f = f {
            guard f.value.tag == Tag.luaClosure else { return "not a Lua function\n" }
            func collect(_ p: UnsafeMutablePointer<Proto>) {
                protos.append(p)
                for i in 0..<p.pointee.childCount { collect(p.pointee.children[i]) }
            }
            collect(f.value.lclosure.pointee.proto)
        } else {
            // The library code written in Lua (stdlib/, chunks named "=stdlib/...") is part of the
            // engine, not the user's program: the whole-VM report leaves it out. Ask for one of its
            // functions by value to see it.
            protos = core.protos.filter { p in
                let info = core.protoInfo(of: p)
                if info.source.hasPrefix("=stdlib/") { return false }
                if let skipped, info.source == skipped, info.lineDefined == 0 {
                    let lines = (0..<p.pointee.codeCount).map { p.pointee.lines[$0] }
                    if Set(lines).count <= 1 { return false }
                }
                return true
            }
        }
        var out = ""
        if core.countsBytecodes {
            if f == nil {
                out += "all code (the library's and freed functions' included): \(core.bytecodeCounts().summary)\n"
            } else if protos.count > 1 {
                var c = BytecodeCounts()
                for p in protos { c.add(p) }
                out += "this function and the functions in it: \(c.summary)\n"
            }
        }
        for p in protos {
            let info = core.protoInfo(of: p)
            let chunk = VM.chunkID(info.source)
            let name = info.lineDefined == 0 ? "main chunk (\(chunk))" : "function <\(chunk):\(info.lineDefined)>"
            let jit = tierDetail(p)
            out += "\(name)  calls=\(p.pointee.callCount)  tier=\(jit.tier)\n"
            if core.countsBytecodes {
                var c = BytecodeCounts()
                c.add(p)
                out += "  \(c.summary)\n"
            }
            for l in jit.lines { out += "  \(l)\n" }
            var loops: [String] = []
            var fbs: [String] = []
            for pc in 0..<p.pointee.codeCount {
                let n = p.pointee.backEdges[pc]
                let op = Instruction(raw: p.pointee.code[pc]).opcode
                if n > 0 && op != .call && op != .tForLoop {  // (their profile words name a callee)
                    loops.append("loop@\(pc + 1) (line \(p.pointee.lines[pc])): \(n)")
                }
                let bits = p.pointee.feedback[pc]
                if bits != 0 {
                    fbs.append("\(pc + 1) \(op.mnemonic): \(Feedback.describe(bits))")
                }
            }
            for l in loops { out += "  back-edges \(l)\n" }
            for f in fbs { out += "  types \(f)\n" }
        }
        if !core.countsBytecodes {
            out += "(\(LuaVM.countingHint))\n"
        }
        return out
    }
}
