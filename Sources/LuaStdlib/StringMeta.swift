// StringMeta: the metatable shared by all strings: __index (method calls like ("x"):upper())
// and the arithmetic metamethods that coerce numeric strings ("10" + 1 == 11, manual §3.4.3).
//
// Invariants: a metamethod converts both operands with the lexer's number rules; when either is
// not a number it defers to the second operand's metamethod (if that operand is not a string),
// else raises "attempt to add a 'string' with a 'number'" like lua5.4. No bitwise metamethods.

import LuaRuntime

enum StringMeta {
    nonisolated(unsafe) static let events: [(String, ArithOp)] = [
        ("__add", .add), ("__sub", .sub), ("__mul", .mul), ("__mod", .mod), ("__pow", .pow),
        ("__div", .div), ("__idiv", .idiv), ("__unm", .unm),
    ]

    static func install(_ vm: VM, _ stringTable: UnsafeMutablePointer<LTable>) {
        let meta = vm.newTable()
        vm.rawSetStr(meta, vm.newString("__index"), .table(stringTable))
        for (name, op) in events {
            let f = vm.newNative("string." + name, { a throws(VMError) in try arith(a, op, name) })
            vm.rawSetStr(meta, vm.newString(name), f)
        }
        vm.setTypeMetatable(Tag.string, meta)
    }

    static func arith(_ a: Args, _ op: ArithOp, _ event: String) throws(VMError) -> Int {
        let vm = a.vm
        let x = a[1], y = a[2]
        if let nx = vm.toNumber(x), let ny = vm.toNumber(y) {
            return a.ret(try vm.arith(op, nx, op == .unm ? nx : ny))
        }
        // Not both numbers: try the second operand's metamethod.
        if !y.isString {
            let h = vm.tm(y, TM(eventName: event))
            if !h.isNil { return a.ret(try vm.call1(h, x, y)) }
        }
        let opName = String(event.dropFirst(2))
        throw vm.error("attempt to \(opName) a '\(vm.basicTypeName(x))' with a '\(vm.basicTypeName(y))'")
    }
}

extension TM {
    /// The metamethod event named `name` ("__add").
    init(eventName name: String) {
        self = TM.allCases.first { $0.name == name } ?? .add
    }
}
