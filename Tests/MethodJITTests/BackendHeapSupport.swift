// Backend tests on a real heap: a runtime VM (LuaRuntime's own, no interpreter) holds the
// function's proto (its constants, loaded as the interpreter loads them), a closure with closed
// upvalues, and the tables and strings of the arguments, built with the runtime's table API
// (newTable, rawSetInt, rawSetStr; an empty metatable where the EvalTable has one). Machine code
// runs on a fake frame with that closure; the IR evaluator runs the same IR on deep copies of the
// same arguments and upvalues. A run's text is its outcome, then every argument table's contents
// and every upvalue after the run: both sides must write the same things.
//
// Invariants: no collection can run (nothing here reaches a GC safe point), so the objects built
// stay valid for the run; each run gets fresh tables, a fresh closure and a fresh frame; tables are
// not aliased between arguments (the evaluator's copies would not be).
import XCTest
import CSigint
import LuaBytecode
import LuaRuntime
import X64Assembler
@testable import LuaMethodJIT

final class HeapRun {
    let vm: VM
    let closure: UnsafeMutablePointer<LClosure>
    var tables: [(EvalTable, UnsafeMutablePointer<LTable>)] = []

    init(_ vm: VM, proto: UnsafeMutablePointer<Proto>, upvals: [EvalValue]) {
        self.vm = vm
        precondition(proto.pointee.upvalCount == upvals.count, "one value per upvalue of the function")
        closure = vm.allocLuaClosure(proto)
        for (i, u) in upvals.enumerated() { LClosure.upvals(closure)[i] = vm.newClosedUpval(value(u)) }
    }

    func value(_ v: EvalValue) -> Value {
        switch v {
        case .nil, .bool, .int, .float: return BackendSupport.value(v)
        case .string(let s): return .string(vm.newString(s))
        case .table(let e):
            if let known = tables.first(where: { $0.0 === e }) { return .table(known.1) }
            let t = vm.newTable(narray: e.array.count, nhash: e.fields.count)
            tables.append((e, t))
            for (k, x) in e.array.enumerated() { vm.rawSetInt(t, Int64(k + 1), value(x)) }
            for (k, x) in e.fields where x != .nil { vm.rawSetStr(t, vm.newString(k), value(x)) }
            if e.hasMetatable { t.pointee.metatable = vm.newTable() }
            return .table(t)
        }
    }

    func eval(_ v: Value) -> EvalValue {
        switch v.tag {
        case Tag.string: return .string(LString.swiftString(v.str))
        case Tag.table: return .table(EvalTable(array: []))
        default: return BackendSupport.eval(v)
        }
    }

    /// A table's contents in EvalTable.contents' form.
    func contents(_ t: UnsafeMutablePointer<LTable>) -> String {
        let array = (0..<t.pointee.arraySize).map { eval(t.pointee.array![$0]).text }
        var fields: [(String, String)] = []
        for j in 0..<t.pointee.nodeCapacity {
            let n = t.pointee.nodes![j]
            if n.key.tag == Tag.string && !n.value.isNil { fields.append((LString.swiftString(n.key.str), eval(n.value).text)) }
        }
        let fs = fields.sorted { $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }
        return "{" + (array + fs).joined(separator: ", ") + "}" + (t.pointee.metatable != nil ? "+mt" : "")
    }

    /// Runs `c` on a frame holding `args`; the outcome, then the argument tables and upvalues.
    func run(_ c: CompiledFunction, _ f: IRFunction, args: [EvalValue]) -> String {
        let size = max(f.maxStackSize, args.count) + 8
        let frame = UnsafeMutablePointer<Value>.allocate(capacity: size)
        frame.initialize(repeating: .nil, count: size)
        let argTables = args.map { v -> UnsafeMutablePointer<LTable>? in
            let x = value(v)
            return x.tag == Tag.table ? x.tbl : nil
        }
        for (k, v) in args.enumerated() { frame[k] = value(v) }
        let state = UnsafeMutablePointer<VMState>.allocate(capacity: 1)
        state.initialize(to: VMState(effective_limit: .max, real_limit: .max, pending: 0,
                                     interrupt_count: 0, last_interrupt_ns: 0, thread: nil, exit_code: nil, direct_calls: 0, unused: 0))
        defer { frame.deallocate(); state.deallocate() }
        let answer = c.entry(UnsafeMutableRawPointer(frame), UnsafeMutableRawPointer(state), UnsafeMutableRawPointer(closure))
        let outcome: String
        if answer < 0 {
            outcome = "returned " + (0..<Int(-1 - answer)).map { eval(frame[$0]).text }.joined(separator: "; ")
        } else {
            let e = c.exits[Int(answer)]
            let slots = (0..<max(f.maxStackSize, args.count)).map { eval(frame[$0]).text }
            outcome = "exit \(e.reason.name) @\(e.state.pc + 1) " + slots.joined(separator: "; ")
        }
        let upvals = (0..<closure.pointee.upvalCount).map { i -> String in
            let v = LClosure.upvals(closure)[i].pointee.v.pointee
            return v.tag == Tag.table ? contents(v.tbl) : eval(v).text
        }
        return outcome + " | args " + argTables.compactMap { $0.map(contents) }.joined(separator: " ")
            + " | upvals " + upvals.joined(separator: "; ")
    }

    /// The evaluator's run on copies of `args` and `upvals`, in `run`'s form.
    static func evaluate(_ f: IRFunction, _ proto: FunctionPrototype, args: [EvalValue], upvals: [EvalValue]) -> String {
        let args = args.map(\.copied)
        var ev = IREvaluator(f, constants: proto.constants, args: args, upvals: upvals.map(\.copied))
        let outcome = BackendSupport.text(ev.run())
        let tables = args.compactMap { v -> String? in if case .table(let t) = v { return t.contents }; return nil }
        let ups = ev.upvals.map { v -> String in if case .table(let t) = v { return t.contents }; return v.text }
        return outcome + " | args " + tables.joined(separator: " ") + " | upvals " + ups.joined(separator: "; ")
    }
}

extension BackendSupport {
    /// The optimized IR of the first function in `source`, every instruction's feedback `bits`.
    static func ir(_ source: String, bits: UInt16) throws -> (IRFunction, FunctionPrototype) {
        let proto = try IRTestSupport.firstFunction(source)
        var f = IRBuilder.build(BuildInput(proto, feedback: [UInt16](repeating: bits, count: proto.code.count)))
        try PassPipeline.run(&f, validate: true)
        return (f, proto)
    }
}
