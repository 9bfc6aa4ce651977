// How the session shows a chunk's results: values, not addresses.
//
// Invariants:
//  - Values are separated by tabs and end with a newline, as lua's `print` shows them; strings
//    are written as their bytes (unquoted, as print does), numbers, booleans and nil as print
//    writes them, in colour when the session has colour.
//  - A table with no `__tostring` or `__name` in its metatable is shown by the pretty printer: on
//    one line when it fits the terminal, else its array part filled across lines. Other values
//    (and tables that name themselves) go through `tostring`, so `__tostring` is honoured.
//  - Once the program replaces the global `print`, results go through it instead, as in lua.
//  - An error (or interrupt) while rendering is reported like lua's "error calling 'print'".

import LuaEmbedding

extension REPLSession {
    func display(_ results: [LuaRef]) {
        _ = guarded { () throws(LuaError) in
            do throws(LuaError) {
                let printer = vm.global("print")
                if !vm.rawEqual(printer, builtinPrint) {
                    _ = try vm.call(printer, results)
                    return
                }
                var out: [UInt8] = []
                for (n, v) in results.enumerated() {
                    if n > 0 { out.append(9) }
                    out += try displayBytes(v)
                }
                out.append(10)
                StandardStreams.writeOutput(out)
            } catch {
                if error.isInterrupt { throw error }
                reportMessage("error calling 'print' (\(error.message))")
            }
        }
    }

    private func displayBytes(_ v: LuaRef) throws(LuaError) -> [UInt8] {
        switch vm.typeName(v) {
        case "string":
            let bytes = vm.stringBytes(v) ?? []
            // The colour goes around the bytes, which stay as they are (they need not be UTF-8).
            let (open, close) = colour.stringDelimiters
            return Array(open.utf8) + bytes + Array(close.utf8)
        case "number": return Array(colour.number(try vm.tostring(v)).utf8)
        case "boolean": return Array(colour.boolean(try vm.tostring(v)).utf8)
        case "nil": return Array(colour.nil("nil").utf8)
        case "table" where !vm.hasMetafield(v, "__tostring") && !vm.hasMetafield(v, "__name"):
            var layout = PrettyPrinter.Layout()
            layout.width = StandardStreams.terminalColumns() ?? REPLLimits.resultWidthOffTerminal
            layout.maxDepth = REPLLimits.resultMaxDepth
            layout.maxEntries = REPLLimits.resultMaxEntries
            layout.fill = true
            var printer = PrettyPrinter(vm: vm, layout: layout, colour: colour)
            return Array(printer.render(v).utf8)
        default:
            return Array(try vm.tostring(v).utf8)
        }
    }
}
