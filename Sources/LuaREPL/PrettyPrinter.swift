// `:pp`: renders a value with nested tables expanded, keys sorted, and cycles marked.
//
// Invariants:
//  - Tables are read raw (`tableEntries`): no `__index`/`__pairs` runs while printing.
//  - A table that contains a path back to itself is labelled `<N>` where it opens, and the
//    reference that closes the cycle prints as `<cycle N>`; nothing is expanded twice on one path,
//    so the output is finite for any graph (and bounded overall by REPLLimits.prettyMaxNodes).
//  - The array part (keys 1..n without a hole) prints first, values only, in order; the other
//    keys follow, sorted by type then text, so the output is stable between runs.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import LuaEmbedding

struct PrettyPrinter {
    let vm: LuaVM
    private var labels: [UInt: Int] = [:]
    private var cycleTargets: Set<UInt> = []
    private var budget = REPLLimits.prettyMaxNodes

    init(vm: LuaVM) { self.vm = vm }

    mutating func render(_ v: LuaRef) -> String {
        var path: Set<UInt> = []
        findCycles(v, path: &path, depth: 0)
        var open: Set<UInt> = []
        return render(v, indent: "", open: &open, depth: 0)
    }

    private mutating func findCycles(_ v: LuaRef, path: inout Set<UInt>, depth: Int) {
        guard vm.typeName(v) == "table", depth <= REPLLimits.prettyMaxDepth, let id = vm.identity(of: v) else { return }
        if path.contains(id) { cycleTargets.insert(id); return }
        path.insert(id)
        for (k, val) in vm.tableEntries(of: v) {
            findCycles(k, path: &path, depth: depth + 1)
            findCycles(val, path: &path, depth: depth + 1)
        }
        path.remove(id)
    }

    private mutating func render(_ v: LuaRef, indent: String, open: inout Set<UInt>, depth: Int) -> String {
        budget -= 1
        switch vm.typeName(v) {
        case "string": return PrettyPrinter.quote(plain(v))
        case "table": break
        default: return plain(v)
        }
        guard let id = vm.identity(of: v) else { return plain(v) }
        if open.contains(id) { return "<cycle \(labels[id] ?? 0)>" }
        if depth >= REPLLimits.prettyMaxDepth || budget <= 0 { return "{...}" }
        var label = ""
        if cycleTargets.contains(id) {
            let n = labels[id] ?? labels.count + 1
            labels[id] = n
            label = "<\(n)>"
        }
        open.insert(id)
        defer { open.remove(id) }

        let (array, rest) = split(vm.tableEntries(of: v))
        if array.isEmpty && rest.isEmpty { return label + "{}" }
        let inner = indent + "  "
        var items: [String] = []
        var shown = 0
        for value in array {
            if shown == REPLLimits.prettyMaxEntries || budget <= 0 { break }
            items.append(render(value, indent: inner, open: &open, depth: depth + 1))
            shown += 1
        }
        for (key, value) in rest {
            if shown == REPLLimits.prettyMaxEntries || budget <= 0 { break }
            items.append(keyText(key) + " = " + render(value, indent: inner, open: &open, depth: depth + 1))
            shown += 1
        }
        let total = array.count + rest.count
        if shown < total { items.append("... (\(total - shown) more)") }

        let oneLine = label + "{ " + items.joined(separator: ", ") + " }"
        if oneLine.count + indent.count <= REPLLimits.prettyLineWidth && !oneLine.contains("\n") {
            return oneLine
        }
        return label + "{\n" + items.map { inner + $0 }.joined(separator: ",\n") + "\n" + indent + "}"
    }

    /// Splits raw entries into the array part (values of keys 1..n) and the rest, sorted.
    private func split(_ entries: [(key: LuaRef, value: LuaRef)]) -> ([LuaRef], [(LuaRef, LuaRef)]) {
        var ints: [Int64: LuaRef] = [:]
        var others: [(sortKey: String, key: LuaRef, value: LuaRef)] = []
        for (k, v) in entries {
            if vm.typeName(k) == "number", let i = Int64(plain(k)) {
                ints[i] = v
            } else {
                let t = vm.typeName(k)
                let order = t == "string" ? "1" : t == "number" ? "0" : "2" + t
                others.append((order + plain(k), k, v))
            }
        }
        var array: [LuaRef] = []
        var n: Int64 = 1
        while let v = ints[n] { array.append(v); ints[n] = nil; n += 1 }
        for (i, v) in ints { others.append(("0" + String(repeating: " ", count: max(0, 20 - String(i).count)) + String(i), vm.integer(i), v)) }
        others.sort { $0.sortKey < $1.sortKey }
        return (array, others.map { ($0.key, $0.value) })
    }

    private func keyText(_ k: LuaRef) -> String {
        if vm.typeName(k) == "string" {
            let s = plain(k)
            return Completer.isName(s) && !Completer.keywords.contains(s) ? s : "[" + PrettyPrinter.quote(s) + "]"
        }
        return "[" + plain(k) + "]"
    }

    private func plain(_ v: LuaRef) -> String {
        (try? vm.tostring(v)) ?? vm.typeName(v)
    }

    /// A string as a Lua literal that reads back to the same bytes.
    static func quote(_ s: String) -> String {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), b]
            case UInt8(ascii: "\n"): out += Array("\\n".utf8)
            case UInt8(ascii: "\t"): out += Array("\\t".utf8)
            case UInt8(ascii: "\r"): out += Array("\\r".utf8)
            case 0..<32, 127: out += Array(("\\" + String(b)).utf8)
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }
}
