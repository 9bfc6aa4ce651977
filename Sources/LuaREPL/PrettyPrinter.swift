// Renders values with nested tables expanded, keys sorted and cycles marked: `:pp`, and the
// session's display of table results.
//
// Invariants:
//  - Tables are read raw (`tableEntries`): no `__index`/`__pairs` runs while printing.
//  - A table that contains a path back to itself is labelled `<N>` where it opens, and the
//    reference that closes the cycle prints as `<cycle N>`; nothing is expanded twice on one path,
//    so the output is finite for any graph (and bounded overall by `Layout.maxNodes`).
//  - The array part (keys 1..n without a hole) prints first, values only, in order; the other
//    keys follow sorted: numbers by value, then strings by their bytes, then booleans, then the
//    rest by type; so the output is stable between runs.
//  - Strings print as Lua literals that read back to the same bytes: control bytes and bytes that
//    are not UTF-8 as decimal escapes (`"\255\254A"`).
//  - A table that fits in the width takes one line. Otherwise `:pp` (expanded) puts each entry on
//    its own line; a result display (`fill`) packs the array part across lines as words in a
//    paragraph and puts each keyed entry on its own line.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import LuaEmbedding

struct PrettyPrinter {
    struct Layout {
        var width = REPLLimits.prettyLineWidth
        var maxDepth = REPLLimits.prettyMaxDepth
        var maxEntries = REPLLimits.prettyMaxEntries
        var maxNodes = REPLLimits.prettyMaxNodes
        var fill = false
    }

    let vm: LuaVM
    let layout: Layout
    let colour: Colour
    private var labels: [UInt: Int] = [:]
    private var cycleTargets: Set<UInt> = []
    private var budget: Int

    init(vm: LuaVM, layout: Layout = Layout(), colour: Colour = .off) {
        self.vm = vm
        self.layout = layout
        self.colour = colour
        budget = layout.maxNodes
    }

    mutating func render(_ v: LuaRef) -> String {
        var path: Set<UInt> = []
        findCycles(v, path: &path, depth: 0)
        var open: Set<UInt> = []
        return render(v, indent: "", open: &open, depth: 0)
    }

    private mutating func findCycles(_ v: LuaRef, path: inout Set<UInt>, depth: Int) {
        guard vm.typeName(v) == "table", depth <= layout.maxDepth, let id = vm.identity(of: v) else { return }
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
        case "string": return colour.string(PrettyPrinter.quote(vm.stringBytes(v) ?? []))
        case "number": return colour.number(plain(v))
        case "boolean": return colour.boolean(plain(v))
        case "nil": return colour.nil(plain(v))
        case "table": break
        default: return plain(v)
        }
        guard let id = vm.identity(of: v) else { return plain(v) }
        if open.contains(id) { return "<cycle \(labels[id] ?? 0)>" }
        if depth >= layout.maxDepth || budget <= 0 { return "{...}" }
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
            if shown == layout.maxEntries || budget <= 0 { break }
            items.append(render(value, indent: inner, open: &open, depth: depth + 1))
            shown += 1
        }
        let arrayShown = shown
        for (key, value) in rest {
            if shown == layout.maxEntries || budget <= 0 { break }
            items.append(keyText(key) + " = " + render(value, indent: inner, open: &open, depth: depth + 1))
            shown += 1
        }
        let total = array.count + rest.count
        if shown < total { items.append("... (\(total - shown) more)") }

        let oneLine = label + "{ " + items.joined(separator: ", ") + " }"
        if Colour.visibleWidth(oneLine) + indent.count <= layout.width && !oneLine.contains("\n") {
            return oneLine
        }
        var lines: [String] = []
        var lastLineIsArray = false  // the last line holds array items only: more may join it
        for (n, item) in items.enumerated() {
            let isArrayItem = n < arrayShown && !item.contains("\n")
            if layout.fill, isArrayItem, lastLineIsArray, let last = lines.last,
               inner.count + Colour.visibleWidth(last) + 2 + Colour.visibleWidth(item) <= layout.width {
                lines[lines.count - 1] = last + ", " + item
            } else {
                lines.append(item)
                lastLineIsArray = isArrayItem
            }
        }
        return label + "{\n" + lines.map { inner + $0 }.joined(separator: ",\n") + "\n" + indent + "}"
    }

    /// Splits raw entries into the array part (values of keys 1..n) and the rest, sorted.
    private func split(_ entries: [(key: LuaRef, value: LuaRef)]) -> ([LuaRef], [(LuaRef, LuaRef)]) {
        var ints: [Int64: LuaRef] = [:]
        var others: [(key: LuaRef, value: LuaRef)] = []
        for (k, v) in entries {
            if vm.isInteger(k), let i = vm.integerValue(k) { ints[i] = v } else { others.append((k, v)) }
        }
        var array: [LuaRef] = []
        var n: Int64 = 1
        while let v = ints[n] { array.append(v); ints[n] = nil; n += 1 }
        for (i, v) in ints { others.append((vm.integer(i), v)) }
        let keyed = others.map { (order: sortKey($0.key), key: $0.key, value: $0.value) }
            .sorted { PrettyPrinter.precedes($0.order, $1.order) }
        return (array, keyed.map { ($0.key, $0.value) })
    }

    /// How a key sorts: its class (numbers, strings, booleans, other types), then its number,
    /// then its bytes.
    private func sortKey(_ k: LuaRef) -> (rank: Int, number: Double, integer: Int64, bytes: [UInt8]) {
        switch vm.typeName(k) {
        case "number": return (0, vm.numberValue(k) ?? 0, vm.integerValue(k) ?? 0, [])
        case "string": return (1, 0, 0, vm.stringBytes(k) ?? [])
        case "boolean": return (2, 0, 0, Array(plain(k).utf8))
        default: return (3, 0, 0, Array((vm.typeName(k) + " " + plain(k)).utf8))
        }
    }

    private static func precedes(_ a: (rank: Int, number: Double, integer: Int64, bytes: [UInt8]),
                                  _ b: (rank: Int, number: Double, integer: Int64, bytes: [UInt8])) -> Bool {
        if a.rank != b.rank { return a.rank < b.rank }
        if a.number != b.number { return a.number < b.number }
        if a.integer != b.integer { return a.integer < b.integer }  // large integers equal as doubles
        return a.bytes.lexicographicallyPrecedes(b.bytes)
    }

    private func keyText(_ k: LuaRef) -> String {
        if let bytes = vm.stringBytes(k) {
            let s = String(decoding: bytes, as: UTF8.self)
            if Completer.isName(s) && !Completer.keywords.contains(s) && s.utf8.elementsEqual(bytes) { return s }
            return "[" + colour.string(PrettyPrinter.quote(bytes)) + "]"
        }
        return "[" + render(key: k) + "]"
    }

    private func render(key k: LuaRef) -> String {
        switch vm.typeName(k) {
        case "number": return colour.number(plain(k))
        case "boolean": return colour.boolean(plain(k))
        default: return plain(k)
        }
    }

    private func plain(_ v: LuaRef) -> String {
        (try? vm.tostring(v)) ?? vm.typeName(v)
    }

    /// A string as a Lua literal that reads back to the same bytes.
    static func quote(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        var i = 0
        func decimal(_ b: UInt8) {
            let next = i + 1 < bytes.count ? bytes[i + 1] : 0
            let digits = String(b)
            let padded = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(next)
                ? String(repeating: "0", count: 3 - digits.count) + digits : digits
            out += Array(("\\" + padded).utf8)
        }
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), b]
            case UInt8(ascii: "\n"): out += Array("\\n".utf8)
            case UInt8(ascii: "\t"): out += Array("\\t".utf8)
            case UInt8(ascii: "\r"): out += Array("\\r".utf8)
            case 0..<32, 127: decimal(b)
            case 128...:
                let n = utf8SequenceLength(bytes, at: i)
                if n == 0 {
                    decimal(b)
                } else {
                    out += bytes[i..<(i + n)]
                    i += n
                    continue
                }
            default: out.append(b)
            }
            i += 1
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }

    /// The length of the well-formed UTF-8 sequence of a non-ASCII character at `i`, or 0 when
    /// the bytes there are not one (stray continuation, overlong form, surrogate, past U+10FFFF).
    static func utf8SequenceLength(_ b: [UInt8], at i: Int) -> Int {
        let lead = b[i]
        var length = 0
        var second: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; second = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; second = 0x80...0x9F
        case 0xF0: length = 4; second = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; second = 0x80...0x8F
        default: return 0
        }
        guard i + length <= b.count, second.contains(b[i + 1]) else { return 0 }
        for k in 2..<length where !(0x80...0xBF).contains(b[i + k]) { return 0 }
        return length
    }
}
