// The base library's `warn` (manual §6.1): messages to the warning system, "@on"/"@off" control.
//
// Invariant: every argument is checked to be a string (or number) before anything is emitted; a
// control message is a single argument starting with '@' (unknown controls are ignored).

import LuaRuntime

extension BaseLibrary {
    static func warn(_ a: Args) throws(VMError) -> Int {
        let vm = a.vm
        var pieces: [[UInt8]] = []
        for i in 1...max(a.count, 1) { pieces.append(Array(try a.checkBytes(i))) }
        if pieces.count == 1, let first = pieces[0].first, first == UInt8(ascii: "@") {
            let control = String(decoding: pieces[0].dropFirst(), as: UTF8.self)
            if control == "on" { vm.gcx.warningsOn = true } else if control == "off" { vm.gcx.warningsOn = false }
            return 0
        }
        vm.warning(String(decoding: pieces.joined(), as: UTF8.self))
        return 0
    }
}
