// What the backend tests share: compile a Lua function through the builder, the passes and the
// backend, run it on a fake frame (a buffer of Values laid out as the interpreter lays out a
// frame: Lua register r at frame[r]) with a VMState of its own, and read back the outcome in the
// IR evaluator's terms so the two can be compared.
//
// Invariants: every run gets a fresh frame and VMState (freed afterwards); the limit word is
// "no limit" unless the caller lowers it; a compiled exit reports its exit's reason and pc and
// the whole frame, as IREvaluator.leave does.
import XCTest
import CSigint
import LuaBytecode
import LuaRuntime
import X64Assembler
@testable import LuaMethodJIT

enum BackendSupport {
    /// The feedback the interpreter would record for these arguments at every instruction.
    static func feedback(_ args: [EvalValue], count: Int) -> [UInt16] {
        let bits = args.reduce(UInt16(0)) { acc, v in
            switch v {
            case .nil: return acc | 1 << UInt16(Tag.nil_)
            case .bool(let b): return acc | 1 << UInt16(b ? Tag.true_ : Tag.false_)
            case .int: return acc | Feedback.intBit
            case .float: return acc | Feedback.floatBit
            case .table: return acc | 1 << UInt16(Tag.table)
            case .string: return acc | 1 << UInt16(Tag.string)
            }
        }
        return [UInt16](repeating: bits, count: count)
    }

    /// The optimized IR of the first function in `source` under `feedback`.
    static func ir(_ source: String, feedbackFrom args: [EvalValue]) throws -> (IRFunction, FunctionPrototype) {
        let proto = try IRTestSupport.firstFunction(source)
        var f = IRBuilder.build(BuildInput(proto, feedback: feedback(args, count: proto.code.count)))
        try PassPipeline.run(&f, validate: true)
        return (f, proto)
    }

    static func value(_ v: EvalValue) -> Value {
        switch v {
        case .nil: return .nil
        case .bool(let b): return .bool(b)
        case .int(let n): return .integer(n)
        case .float(let d): return .number(d)
        case .string, .table: preconditionFailure("strings and tables need a VM: BackendHeapSupport")
        }
    }

    static func eval(_ v: Value) -> EvalValue {
        switch v.tag {
        case Tag.nil_: return .nil
        case Tag.false_: return .bool(false)
        case Tag.true_: return .bool(true)
        case Tag.integer: return .int(Int64(bitPattern: v.payload))
        case Tag.float: return .float(Double(bitPattern: v.payload))
        default: preconditionFailure("unexpected tag \(v.tag)")
        }
    }

    /// The closure argument of functions that never read theirs (no constK, upvalues or fields):
    /// 64 zero bytes that no machine code may follow.
    nonisolated(unsafe) static let fakeClosure: UnsafeMutableRawPointer = {
        let p = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 16)
        p.initializeMemory(as: UInt8.self, repeating: 0, count: 64)
        return p
    }()

    /// Runs `c` on a frame holding `args` (then nils up to the frame size).
    static func run(_ c: CompiledFunction, _ f: IRFunction, args: [EvalValue], limit: UInt = .max) -> EvalOutcome {
        let size = max(f.maxStackSize, args.count) + 8
        let frame = UnsafeMutablePointer<Value>.allocate(capacity: size)
        frame.initialize(repeating: .nil, count: size)
        for (k, v) in args.enumerated() { frame[k] = value(v) }
        let state = UnsafeMutablePointer<VMState>.allocate(capacity: 1)
        state.initialize(to: VMState(effective_limit: limit, real_limit: limit, pending: 0,
                                     interrupt_count: 0, last_interrupt_ns: 0, thread: nil, exit_code: nil, direct_calls: 0, unused: 0))
        defer { frame.deallocate(); state.deallocate() }
        let answer = c.entry(UnsafeMutableRawPointer(frame), UnsafeMutableRawPointer(state), fakeClosure)
        if answer < 0 { return .returned((0..<Int(-1 - answer)).map { eval(frame[$0]) }) }
        let e = c.exits[Int(answer)]
        let slots = (0..<max(f.maxStackSize, args.count)).map { eval(frame[$0]) }
        return .exited(e.reason, pc: e.state.pc, slots: slots)
    }

    /// One line per outcome, for comparing and for failure messages.
    static func text(_ o: EvalOutcome) -> String {
        switch o {
        case .returned(let vs): return "returned " + vs.map(\.text).joined(separator: "; ")
        case .exited(let r, let pc, let slots): return "exit \(r.name) @\(pc + 1) " + slots.map(\.text).joined(separator: "; ")
        case .unsupported(let what): return "unsupported \(what)"
        }
    }

    /// Register sets small enough that most functions spill.
    static let tight = RegisterAllocator(gp: [.rsi, .r12], xmm: [.xmm0, .xmm1])
}
