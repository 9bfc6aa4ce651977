// The golden cases for general-purpose instructions: moves, extensions, ALU, test, multiply,
// divide, one-operand ops, shifts, setcc and cmovcc (see EncodingCases.swift).
import X64Assembler

extension EncodingCases {
    static func moves(_ l: inout CaseList) {
        typealias O = Operands
        for s in Size.allCases {
            for (d, r) in O.pairs(O.gprs) {
                l.add("mov \(d.name(s)), \(r.name(s))") { $0.mov(s, d, r) }
            }
            let mems = s == .qword ? O.mems : O.someMems
            for (k, m) in mems.enumerated() {
                let r = O.gprs[k % 16]
                l.add("mov \(r.name(s)), \(m.ptr(s))") { $0.mov(s, r, m) }
                l.add("mov \(m.ptr(s)), \(r.name(s))") { $0.mov(s, m, r) }
            }
            let imms = O.imms(s)
            for (k, d) in O.gprs.enumerated() {
                let i = imms[k % imms.count]
                l.add("mov \(d.name(s)), \(i)") { $0.mov(s, d, imm: i) }
            }
            for (k, m) in O.someMems.enumerated() {
                let i = imms[(k + 3) % imms.count]
                l.add("mov \(m.ptr(s)), \(i)") { $0.mov(s, m, imm: i) }
            }
        }
        for (k, d) in O.gprs.enumerated() {
            let v: Int64 = [0x1234_5678_9abc_def0, -0x8000_0000_0000_0000, 5, -1][k % 4]
            l.add("movabs \(d.name(.qword)), \(v)") { $0.movabs(d, v) }
        }
        // movImm picks the shortest: zero-extended imm32, sign-extended imm32, or movabs.
        let values: [Int64] = [0, 1, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, -1, -0x8000_0000,
                                0x1_0000_0000, -0x8000_0001, Int64.max, Int64.min]
        for (k, v) in values.enumerated() {
            let d = O.gprs[(3 * k + 2) % 16]
            let text: String
            if v >= 0 && v <= 0xffff_ffff { text = "mov \(d.name(.dword)), \(v)" }
            else if Int32(exactly: v) != nil { text = "mov \(d.name(.qword)), \(v)" }
            else { text = "movabs \(d.name(.qword)), \(v)" }
            l.add(text) { $0.movImm(d, v) }
        }
        for (k, m) in O.mems.enumerated() {
            let d = O.gprs[(k + 5) % 16]
            l.add("lea \(d.name(.qword)), \(m.text)") { $0.lea(.qword, d, m) }
        }
        for (k, m) in O.someMems.enumerated() {
            let d = O.gprs[(k + 9) % 16]
            l.add("lea \(d.name(.dword)), \(m.text)") { $0.lea(.dword, d, m) }
        }
        for (to, from) in [(Size.word, Size.byte), (.dword, .byte), (.qword, .byte), (.dword, .word), (.qword, .word)] {
            for (d, r) in O.pairs(O.gprs) {
                l.add("movzx \(d.name(to)), \(r.name(from))") { $0.movzx(to, d, from, r) }
                l.add("movsx \(d.name(to)), \(r.name(from))") { $0.movsx(to, d, from, r) }
            }
            for (k, m) in O.someMems.enumerated() {
                let d = O.gprs[(k + 2) % 16]
                l.add("movzx \(d.name(to)), \(m.ptr(from))") { $0.movzx(to, d, from, m) }
                l.add("movsx \(d.name(to)), \(m.ptr(from))") { $0.movsx(to, d, from, m) }
            }
        }
        for (d, r) in O.pairs(O.gprs) {
            l.add("movsxd \(d.name(.qword)), \(r.name(.dword))") { $0.movsxd(d, r) }
        }
        for (k, m) in O.someMems.enumerated() {
            let d = O.gprs[(k + 4) % 16]
            l.add("movsxd \(d.name(.qword)), \(m.ptr(.dword))") { $0.movsxd(d, m) }
        }
    }

    static func alu(_ l: inout CaseList) {
        typealias O = Operands
        for op in ALUOp.allCases {
            for s in Size.allCases {
                let n = op.name
                for (d, r) in O.pairs(O.regs(s)) {
                    l.add("\(n) \(d.name(s)), \(r.name(s))") { $0.alu(op, s, d, r) }
                }
                let mems = op == .add && s == .qword ? O.mems : O.fewMems
                for (k, m) in mems.enumerated() {
                    let r = O.gprs[(k + 7) % 16]
                    l.add("\(n) \(r.name(s)), \(m.ptr(s))") { $0.alu(op, s, r, m) }
                    l.add("\(n) \(m.ptr(s)), \(r.name(s))") { $0.alu(op, s, m, r) }
                }
                let imms = O.imms(s)
                // rax has the short accumulator form; rcx is the general one at every boundary.
                for d in [GPR.rax, .rcx] {
                    for i in imms { l.add("\(n) \(d.name(s)), \(i)") { $0.alu(op, s, d, imm: i) } }
                }
                for (k, d) in O.regs(s).enumerated() where d != .rax && d != .rcx {
                    let i = imms[k % imms.count]
                    l.add("\(n) \(d.name(s)), \(i)") { $0.alu(op, s, d, imm: i) }
                }
                for (k, m) in O.fewMems.enumerated() {
                    let i = imms[(k + 1) % imms.count]
                    l.add("\(n) \(m.ptr(s)), \(i)") { $0.alu(op, s, m, imm: i) }
                }
            }
        }
        for s in Size.allCases {
            for (d, r) in O.pairs(O.regs(s)) {
                l.add("test \(d.name(s)), \(r.name(s))") { $0.test(s, d, r) }
            }
            for (k, m) in O.someMems.enumerated() {
                let r = O.gprs[(k + 3) % 16]
                l.add("test \(m.ptr(s)), \(r.name(s))") { $0.test(s, m, r) }
            }
            let imms = O.imms(s)
            for i in imms { l.add("test \(GPR.rax.name(s)), \(i)") { $0.test(s, .rax, imm: i) } }
            for (k, d) in O.regs(s).enumerated() where d != .rax {
                let i = imms[k % imms.count]
                l.add("test \(d.name(s)), \(i)") { $0.test(s, d, imm: i) }
            }
            for (k, m) in O.someMems.enumerated() {
                let i = imms[(k + 2) % imms.count]
                l.add("test \(m.ptr(s)), \(i)") { $0.test(s, m, imm: i) }
            }
        }
    }

    static func arith(_ l: inout CaseList) {
        typealias O = Operands
        for s in [Size.word, .dword, .qword] {
            for (d, r) in O.pairs(O.regs(s)) {
                l.add("imul \(d.name(s)), \(r.name(s))") { $0.imul(s, d, r) }
            }
            let imms = O.imms(s)
            for (k, (d, r)) in O.pairs(O.regs(s)).enumerated() {
                let i = imms[k % imms.count]
                l.add("imul \(d.name(s)), \(r.name(s)), \(i)") { $0.imul(s, d, r, imm: i) }
            }
            for (k, m) in O.someMems.enumerated() {
                let d = O.gprs[(k + 6) % 16]
                let i = imms[(k + 3) % imms.count]
                l.add("imul \(d.name(s)), \(m.ptr(s))") { $0.imul(s, d, m) }
                l.add("imul \(d.name(s)), \(m.ptr(s)), \(i)") { $0.imul(s, d, m, imm: i) }
            }
            for c in Condition.allCases {
                let (d, r) = O.pairs(O.gprs)[Int(c.rawValue)]
                l.add("cmov\(c.suffix) \(d.name(s)), \(r.name(s))") { $0.cmov(c, s, d, r) }
                let m = O.someMems[Int(c.rawValue) % O.someMems.count]
                l.add("cmov\(c.suffix) \(r.name(s)), \(m.ptr(s))") { $0.cmov(c, s, r, m) }
            }
        }
        for op in UnaryOp.allCases {
            for s in Size.allCases {
                for d in O.regs(s) { l.add("\(op.name) \(d.name(s))") { $0.unary(op, s, d) } }
                for m in O.fewMems { l.add("\(op.name) \(m.ptr(s))") { $0.unary(op, s, m) } }
            }
        }
        l.add("cqo") { $0.cqo() }
        l.add("cdq") { $0.cdq() }
        for op in ShiftOp.allCases {
            for s in Size.allCases {
                let counts: [UInt8] = [1, 2, 7, UInt8(s.rawValue * 8 - 1)]
                for (k, d) in O.regs(s).enumerated() {
                    let c = counts[k % counts.count]
                    l.add("\(op.name) \(d.name(s)), \(c)") { $0.shift(op, s, d, imm: c) }
                    if k % 4 == 1 { l.add("\(op.name) \(d.name(s)), cl") { $0.shiftCL(op, s, d) } }
                }
                for (k, m) in O.fewMems.enumerated() {
                    let c = counts[(k + 1) % counts.count]
                    l.add("\(op.name) \(m.ptr(s)), \(c)") { $0.shift(op, s, m, imm: c) }
                    l.add("\(op.name) \(m.ptr(s)), cl") { $0.shiftCL(op, s, m) }
                }
            }
        }
        for c in Condition.allCases {
            let regs = c == .equal ? O.gprs : [O.gprs[Int(c.rawValue)], O.gprs[(Int(c.rawValue) + 4) % 16]]
            for d in regs { l.add("set\(c.suffix) \(d.name(.byte))") { $0.setcc(c, d) } }
            let m = O.someMems[Int(c.rawValue) % O.someMems.count]
            l.add("set\(c.suffix) \(m.ptr(.byte))") { $0.setcc(c, m) }
        }
    }
}
