// A script's `...`, as lua builds them: from the global `arg` as the code run before the script
// (LUA_INIT, -e) left it.
//
// Invariants: a non-table `arg` is the error "'arg' is not a table"; the count is `#arg` (its
// `__len` included), and the values are read raw, arg[1] .. arg[#arg].

import LuaEmbedding

@MainActor func scriptArguments(_ vm: LuaVM) throws(LuaError) -> [LuaRef] {
    let table = vm.global("arg")
    guard vm.typeName(table) == "table" else {
        throw LuaError(message: "'arg' is not a table")
    }
    let length = try vm.run(Array("return #...".utf8), chunkName: "=(command line)", args: [table])
    guard let n = length.first.flatMap({ vm.integerValue($0) }) else {
        throw LuaError(message: "object length is not an integer")
    }
    return n < 1 ? [] : (1...n).map { vm.rawGet(table, vm.integer($0)) }
}
