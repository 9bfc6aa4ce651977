// The golden cases for control flow, the stack, nops and SSE (see EncodingCases.swift). Jumps to
// labels are not here: their bytes depend on the layout and LabelTests checks them.
import X64Assembler

extension EncodingCases {
    static func control(_ l: inout CaseList) {
        typealias O = Operands
        for r in O.gprs {
            l.add("jmp \(r.name(.qword))") { $0.jmp(r) }
            l.add("call \(r.name(.qword))") { $0.call(r) }
            l.add("push \(r.name(.qword))") { $0.push(r) }
            l.add("pop \(r.name(.qword))") { $0.pop(r) }
        }
        for m in O.mems {
            l.add("jmp \(m.ptr(.qword))") { $0.jmp(m) }
            l.add("call \(m.ptr(.qword))") { $0.call(m) }
        }
        for m in O.someMems {
            l.add("push \(m.ptr(.qword))") { $0.push(m) }
            l.add("pop \(m.ptr(.qword))") { $0.pop(m) }
        }
        for i in O.imms(.qword) { l.add("push \(i)") { $0.push(imm: i) } }
        l.add("ret") { $0.ret() }
        l.add("int3") { $0.int3() }
        l.add("ud2") { $0.ud2() }
        // The recommended nops, spelled so llvm-mc picks the same displacement sizes.
        let nops = ["nop", "xchg ax, ax", "nop dword ptr [rax]", "{disp8} nop dword ptr [rax]",
                    "{disp8} nop dword ptr [rax + 1*rax]", "{disp8} nop word ptr [rax + 1*rax]",
                    "{disp32} nop dword ptr [rax]", "{disp32} nop dword ptr [rax + 1*rax]",
                    "{disp32} nop word ptr [rax + 1*rax]"]
        for (k, text) in nops.enumerated() { l.add(text) { $0.nop(k + 1) } }
    }

    static func sse(_ l: inout CaseList) {
        typealias O = Operands
        for op in SSEOp.allCases {
            for (d, r) in O.pairs(O.xmms) {
                l.add("\(op.name) \(d.name), \(r.name)") { $0.sse(op, d, r) }
            }
            let mems = op == .addsd ? O.mems : O.someMems
            for (k, m) in mems.enumerated() {
                let d = O.xmms[(k + 3) % 16]
                l.add("\(op.name) \(d.name), \(op.isPacked ? "xmmword ptr" : "qword ptr") \(m.text)") {
                    $0.sse(op, d, m)
                }
            }
        }
        for (d, r) in O.pairs(O.xmms) {
            l.add("movsd \(d.name), \(r.name)") { $0.movsd(d, r) }
        }
        for (k, m) in O.mems.enumerated() {
            let x = O.xmms[k % 16]
            l.add("movsd \(x.name), \(m.ptr(.qword))") { $0.movsd(x, m) }
            l.add("movsd \(m.ptr(.qword)), \(x.name)") { $0.movsd(m, x) }
        }
        for (k, x) in O.xmms.enumerated() {
            let r = O.gprs[(7 * k + 5) % 16]
            l.add("movq \(x.name), \(r.name(.qword))") { $0.movq(x, r) }
            l.add("movq \(r.name(.qword)), \(x.name)") { $0.movq(r, x) }
            l.add("cvtsi2sd \(x.name), \(r.name(.qword))") { $0.cvtsi2sd(x, r) }
            l.add("cvttsd2si \(r.name(.qword)), \(x.name)") { $0.cvttsd2si(r, x) }
        }
        for (k, m) in O.someMems.enumerated() {
            let x = O.xmms[(k + 8) % 16]
            let r = O.gprs[(k + 8) % 16]
            l.add("cvtsi2sd \(x.name), \(m.ptr(.qword))") { $0.cvtsi2sd(x, m) }
            l.add("cvttsd2si \(r.name(.qword)), \(m.ptr(.qword))") { $0.cvttsd2si(r, m) }
        }
        for mode in RoundingMode.allCases {
            for (d, r) in O.pairs(O.xmms) {
                l.add("roundsd \(d.name), \(r.name), \(mode.rawValue)") { $0.roundsd(d, r, mode) }
            }
            for (k, m) in O.someMems.enumerated() {
                let d = O.xmms[(k + Int(mode.rawValue)) % 16]
                l.add("roundsd \(d.name), \(m.ptr(.qword)), \(mode.rawValue)") { $0.roundsd(d, m, mode) }
            }
        }
    }
}
