// Which Lua registers can be read at each pc before being written: what an exit resuming the
// interpreter there must put back in the frame. Dead registers are left out of frame states,
// so that compiled code neither keeps nor writes back values nobody will read.
//
// Invariants: conservative in every doubt (a register is dead only when no path from pc can read
// it first): the registers of active locals are always live (the debug library can read them, and
// closures capture only locals); "up to top" operands, closures (which capture registers the
// prototype's upvalue list names) and frame-wide operations read every register from theirs up;
// a write kills a register only when the instruction always writes it. Without the local ranges
// (debug info), every register is live.
import LuaBytecode

struct BytecodeLiveness {
    /// live[pc] bit r: register r may be read at or after pc before it is written.
    private(set) var live: [[Bool]]

    init(_ code: [Instruction], flow: BytecodeFlow, registers n: Int, localRanges: [Range<Int>]?) {
        guard let ranges = localRanges else {
            live = code.map { _ in [Bool](repeating: true, count: n) }
            return
        }
        live = code.map { _ in [Bool](repeating: false, count: n) }
        let active = code.indices.map { pc in ranges.filter { $0.contains(pc) }.count }
        let effects = code.indices.map { Self.effect(code, $0, n) }
        var changed = true
        while changed {
            changed = false
            for pc in stride(from: code.count - 1, through: 0, by: -1) where flow.isInstructionStart(pc) {
                var out = [Bool](repeating: false, count: n)
                for s in flow.successors(pc) where s < code.count { for r in 0..<n where live[s][r] { out[r] = true } }
                let (reads, writes) = effects[pc]
                for r in writes where r < n { out[r] = false }
                for r in reads where r < n { out[r] = true }
                for r in 0..<min(active[pc], n) { out[r] = true }
                if out != live[pc] { live[pc] = out; changed = true }
            }
        }
    }

    /// Registers the instruction may read, and registers it always writes.
    static func effect(_ code: [Instruction], _ pc: Int, _ n: Int) -> (reads: [Int], writes: [Int]) {
        let i = code[pc]
        let a = i.a, b = i.b, c = i.c
        let fromA = Array(a..<max(a, n))
        let all = Array(0..<n)
        func rk(_ x: Int) -> [Int] { i.k ? [] : [x] }
        switch i.opcode {
        case .move: return ([b], [a])
        case .loadI, .loadF, .loadK, .loadKX, .loadFalse, .lFalseSkip, .loadTrue, .getUpval, .getTabUp,
             .newTable:
            return ([], [a])
        case .loadNil: return ([], Array(a...(a + b)))
        case .setUpval, .tbc, .test, .return1: return ([a], [])
        case .getTable: return ([b, c], [a])
        case .getI, .getField, .addI, .addK, .subK, .mulK, .modK, .powK, .divK, .idivK, .bandK, .borK,
             .bxorK, .shrI, .shlI, .unm, .bnot, .not, .len:
            return ([b], [a])
        case .setTabUp: return (rk(c), [])
        case .setTable: return ([a, b] + rk(c), [])
        case .setI, .setField: return ([a] + rk(c), [])
        case .self: return ([b] + rk(c), [a, a + 1])
        case .add, .sub, .mul, .mod, .pow, .div, .idiv, .band, .bor, .bxor, .shl, .shr: return ([b, c], [a])
        case .concat: return (Array(a..<(a + b)), [a])
        case .jmp, .return0, .varArg, .extraArg: return ([], [])
        case .eq, .lt, .le: return ([a, b], [])
        case .eqK, .eqI, .ltI, .leI, .gtI, .geI: return ([a], [])
        case .testSet: return ([b], [])
        case .call: return (b == 0 ? fromA : Array(a..<(a + b)), [])
        case .tailCall: return (i.k ? all : b == 0 ? fromA : Array(a..<(a + b)), [])
        case .return: return (i.k ? all : b == 0 ? fromA : Array(a..<(a + b - 1)), [])
        case .forLoop, .forPrep: return ([a, a + 1, a + 2], [])
        case .tForPrep: return ([a, a + 1, a + 2, a + 3], [])
        case .tForCall: return ([a, a + 1, a + 2, a + 3], [])
        case .tForLoop: return ([a, a + 1, a + 2, a + 3, a + 4], [])
        case .setList: return (b == 0 ? fromA : Array(a...(a + b)), [])
        case .close: return (fromA, [])
        case .closure, .varArgPrep: return (all, [a].filter { _ in i.opcode == .closure })
        }
    }
}

extension BytecodeFlow {
    /// Whether pc starts an instruction (not an extraArg word, not the jmp of a test pair).
    func isInstructionStart(_ pc: Int) -> Bool { code[pc].opcode != .extraArg }

    /// Where control can go after the instruction at pc (the jmp of a test pair included).
    func successors(_ pc: Int) -> [Int] {
        switch flow(pc) {
        case .next: return [pc + size(pc)]
        case .goto(let t): return [t]
        case .cond(let t, let f): return [pc + 1, t, f]
        case .forPrep(let b, let e): return [b, e]
        case .loop(let b, let e): return [b, e]
        case .stop: return []
        }
    }
}
