// Control flow of the bytecode, for the IR builder: where each instruction goes next, which pcs
// start blocks, and which are loop headers (targets of back-edges).
//
// Invariants: the compare/test family and the `jmp` after it are one unit (`.cond`); an
// instruction followed by an extraArg word is two words long; the only back-edges are `forLoop`,
// `tForLoop` and a backward `jmp` (alone or after a test), as Opcode.swift states.
import LuaBytecode

enum Flow {
    /// Falls through to the next instruction.
    case next
    /// Always goes to the target.
    case goto(Int)
    /// A test at pc and its `jmp` at pc+1: goes to `taken` when the condition equals k, else `fall`.
    case cond(taken: Int, fall: Int)
    /// forPrep: runs the body at `body` or skips to `exit`.
    case forPrep(body: Int, exit: Int)
    /// forLoop / tForLoop: back to `back` or on to `exit`.
    case loop(back: Int, exit: Int)
    /// Leaves the function or compiled code (returns, tail calls, generic-for prepare).
    case stop
}

struct BytecodeFlow {
    let code: [Instruction]
    /// pcs that start a block.
    private(set) var leaders: Set<Int> = [0]
    /// Loop header pc -> the highest pc of a back-edge to it.
    private(set) var loopHeaders: [Int: Int] = [:]
    /// Loop header pc -> how many back-edges go to it.
    private(set) var backEdgeCounts: [Int: Int] = [:]

    init(_ code: [Instruction]) {
        self.code = code
        var pc = 0
        while pc < code.count {
            let f = flow(pc)
            let end = pc + size(pc)
            func target(_ t: Int, from: Int) {
                leaders.insert(t)
                if t <= from {
                    loopHeaders[t] = max(loopHeaders[t] ?? from, from)
                    backEdgeCounts[t, default: 0] += 1
                }
            }
            switch f {
            case .next: break
            case .goto(let t): target(t, from: pc); leaders.insert(end)
            case .cond(let t, let fall): target(t, from: pc); target(fall, from: pc); leaders.insert(fall)
            case .forPrep(let b, let e): target(b, from: pc); target(e, from: pc); leaders.insert(end)
            case .loop(let b, let e): target(b, from: pc); target(e, from: pc); leaders.insert(end)
            case .stop: leaders.insert(end)
            }
            pc = f.isCond ? pc + 2 : end
        }
        leaders = leaders.filter { $0 < code.count }
    }

    /// Words the instruction at pc takes (2 when an extraArg follows it).
    func size(_ pc: Int) -> Int {
        pc + 1 < code.count && code[pc + 1].opcode == .extraArg ? 2 : 1
    }

    func flow(_ pc: Int) -> Flow {
        let i = code[pc]
        switch i.opcode {
        case .jmp: return .goto(pc + 1 + i.sJ)
        case .eq, .lt, .le, .eqK, .eqI, .ltI, .leI, .gtI, .geI, .test, .testSet:
            let j = code[pc + 1]
            assert(j.opcode == .jmp, "a test is followed by a jmp")
            return .cond(taken: pc + 2 + j.sJ, fall: pc + 2)
        case .lFalseSkip: return .goto(pc + 2)
        case .forPrep: return .forPrep(body: pc + 1, exit: pc + 2 + i.bx)
        case .forLoop, .tForLoop: return .loop(back: pc + 1 - i.bx, exit: pc + 1)
        case .return, .return0, .return1, .tailCall, .tForPrep: return .stop
        case .move, .loadI, .loadF, .loadK, .loadKX, .loadFalse, .loadTrue, .loadNil, .getUpval,
             .setUpval, .getTabUp, .getTable, .getI, .getField, .setTabUp, .setTable, .setI,
             .setField, .newTable, .self, .addI, .addK, .subK, .mulK, .modK, .powK, .divK, .idivK,
             .bandK, .borK, .bxorK, .shrI, .shlI, .add, .sub, .mul, .mod, .pow, .div, .idiv,
             .band, .bor, .bxor, .shl, .shr, .unm, .bnot, .not, .len, .concat, .close, .tbc,
             .call, .tForCall, .setList, .closure, .varArg, .varArgPrep, .extraArg:
            return .next
        }
    }
}

extension Flow {
    var isCond: Bool { if case .cond = self { return true } else { return false } }
}
