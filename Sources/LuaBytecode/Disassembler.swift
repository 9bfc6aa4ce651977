// The listing printer: a stable, luac -l -l like text form of a FunctionPrototype.
//
// This is what `vmrepl --bytecode FILE` and the REPL's `:bytecode` show, and what golden tests
// compare, so its format only changes on purpose. Per function: a header, one line per
// instruction `pc [line] MNEMONIC operands ; comment` (pcs count from 1 like luac), then the
// constants, locals and upvalues. Jump targets are shown as absolute pcs ("to N").

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public func listing(_ f: FunctionPrototype, recursive: Bool = true) -> String {
    var out = ""
    // Like luac: a chunk (defined at line 0) is "main"; a function listed on its own is not.
    appendListing(f, isMain: f.lineDefined == 0, recursive: recursive, into: &out)
    return out
}

private func appendListing(_ f: FunctionPrototype, isMain: Bool, recursive: Bool, into out: inout String) {
    let name = isMain ? "main" : "function"
    let src = displaySource(f.source)
    let n = f.code.count
    out += "\(name) <\(src):\(f.lineDefined),\(f.lastLineDefined)> (\(n) instruction\(n == 1 ? "" : "s"))\n"
    out += "\(f.numParams)\(f.isVararg ? "+" : "") param\(f.numParams == 1 ? "" : "s"), "
    out += "\(f.maxStackSize) slot\(f.maxStackSize == 1 ? "" : "s"), "
    out += "\(f.upvalues.count) upvalue\(f.upvalues.count == 1 ? "" : "s"), "
    out += "\(f.localVariables.count) local\(f.localVariables.count == 1 ? "" : "s"), "
    out += "\(f.constants.count) constant\(f.constants.count == 1 ? "" : "s"), "
    out += "\(f.children.count) function\(f.children.count == 1 ? "" : "s")\n"
    for pc in 0..<n {
        out += instructionLine(f, pc) + "\n"
    }
    out += "constants (\(f.constants.count)):\n"
    for (i, k) in f.constants.enumerated() {
        out += "\t\(i)\t\(constantTag(k))\t\(constantText(k))\n"
    }
    out += "locals (\(f.localVariables.count)):\n"
    for (i, v) in f.localVariables.enumerated() {
        out += "\t\(i)\t\(v.name)\t\(v.startPC + 1)\t\(v.endPC + 1)\n"
    }
    out += "upvalues (\(f.upvalues.count)):\n"
    for (i, u) in f.upvalues.enumerated() {
        out += "\t\(i)\t\(u.name)\t\(u.inStack ? 1 : 0)\t\(u.index)\n"
    }
    if recursive {
        for c in f.children {
            out += "\n"
            appendListing(c, isMain: false, recursive: true, into: &out)
        }
    }
}

/// "@file" shows as file, "=name" as name; a source string as its first line, cut short.
private func displaySource(_ s: String) -> String {
    if s.hasPrefix("@") || s.hasPrefix("=") { return String(s.dropFirst()) }
    let line = s.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    return line.count > 40 ? String(line.prefix(40)) + "..." : String(line)
}

private func constantTag(_ k: Constant) -> String {
    switch k {
    case .nil: return "N"
    case .boolean: return "B"
    case .integer: return "I"
    case .float: return "F"
    case .string: return "S"
    }
}

/// A constant as Lua source would write it (strings quoted with escapes).
public func constantText(_ k: Constant) -> String {
    switch k {
    case .nil: return "nil"
    case .boolean(let b): return b ? "true" : "false"
    case .integer(let i): return String(i)
    case .float:
        let d = k.floatValue!
        if d.isNaN { return d.sign == .minus ? "-nan" : "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return format14g(d)
    case .string(let bytes):
        var s = "\""
        for c in bytes {
            switch c {
            case UInt8(ascii: "\""): s += "\\\""
            case UInt8(ascii: "\\"): s += "\\\\"
            case 10: s += "\\n"
            case 13: s += "\\r"
            case 9: s += "\\t"
            case 32..<127: s.unicodeScalars.append(UnicodeScalar(c))
            default: s += "\\" + String(c)
            }
        }
        return s + "\""
    }
}

/// %.14g, then ".0" added to integral values (how lua prints floats).
private func format14g(_ d: Double) -> String {
    var buf = [CChar](repeating: 0, count: 64)
    _ = withVaList([d]) { vsnprintf(&buf, 64, "%.14g", $0) }
    let len = buf.firstIndex(of: 0) ?? buf.count
    var s = String(decoding: buf[..<len].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    if !s.contains(".") && !s.contains("e") && !s.contains("n") && !s.contains("i") { s += ".0" }
    return s
}

private func kString(_ f: FunctionPrototype, _ i: Int) -> String {
    i < f.constants.count ? constantText(f.constants[i]) : "?"
}

private func upName(_ f: FunctionPrototype, _ i: Int) -> String {
    i < f.upvalues.count ? f.upvalues[i].name : "?"
}

/// One instruction: `pc [line] MNEMONIC operands ; comment`.
public func instructionLine(_ f: FunctionPrototype, _ pc: Int) -> String {
    let i = f.code[pc]
    let line = pc < f.lineInfo.count ? Int(f.lineInfo[pc]) : 0
    let op = i.opcode
    let a = i.a, b = i.b, c = i.c, k = i.k
    let kk = k ? "k" : ""
    var ops: String
    var comment = ""
    switch op {
    case .move, .unm, .bnot, .not, .len:
        ops = "\(a) \(b)"
    case .loadI, .loadF:
        ops = "\(a) \(i.sBx)"
    case .loadK:
        ops = "\(a) \(i.bx)"; comment = kString(f, i.bx)
    case .loadKX:
        ops = "\(a)"
        if pc + 1 < f.code.count { comment = kString(f, f.code[pc + 1].ax) }
    case .loadFalse, .lFalseSkip, .loadTrue, .close, .tbc, .return1, .varArgPrep:
        ops = "\(a)"
    case .loadNil:
        ops = "\(a) \(b)"; comment = "\(b + 1) out"
    case .getUpval, .setUpval:
        ops = "\(a) \(b)"; comment = upName(f, b)
    case .getTabUp:
        ops = "\(a) \(b) \(c)"; comment = "\(upName(f, b)) \(kString(f, c))"
    case .getTable, .add, .sub, .mul, .mod, .pow, .div, .idiv, .band, .bor, .bxor, .shl, .shr:
        ops = "\(a) \(b) \(c)"
    case .getI:
        ops = "\(a) \(b) \(c)"
    case .getField:
        ops = "\(a) \(b) \(c)"; comment = kString(f, c)
    case .setTabUp:
        ops = "\(a) \(b) \(c)\(kk)"
        comment = "\(upName(f, a)) \(kString(f, b))" + (k ? " \(kString(f, c))" : "")
    case .setTable, .setI:
        ops = "\(a) \(b) \(c)\(kk)"; if k { comment = kString(f, c) }
    case .setField:
        ops = "\(a) \(b) \(c)\(kk)"
        comment = kString(f, b) + (k ? " \(kString(f, c))" : "")
    case .newTable:
        ops = "\(a) \(b) \(c)\(kk)"
    case .self:
        ops = "\(a) \(b) \(c)\(kk)"; if k { comment = kString(f, c) }
    case .addI, .shrI, .shlI:
        ops = "\(a) \(b) \(i.sC)"
    case .addK, .subK, .mulK, .modK, .powK, .divK, .idivK, .bandK, .borK, .bxorK:
        ops = "\(a) \(b) \(c)"; comment = kString(f, c)
    case .concat:
        ops = "\(a) \(b)"
    case .jmp:
        ops = "\(i.sJ)"; comment = "to \(pc + 2 + i.sJ)"
    case .eq, .lt, .le:
        ops = "\(a) \(b) \(k ? 1 : 0)"
    case .eqK:
        ops = "\(a) \(b) \(k ? 1 : 0)"; comment = kString(f, b)
    case .eqI, .ltI, .leI, .gtI, .geI:
        ops = "\(a) \(i.sB) \(k ? 1 : 0)"; if c != 0 { comment = "float" }
    case .test:
        ops = "\(a) \(k ? 1 : 0)"
    case .testSet:
        ops = "\(a) \(b) \(k ? 1 : 0)"
    case .call:
        ops = "\(a) \(b) \(c)"
        comment = (b == 0 ? "all in" : "\(b - 1) in") + " " + (c == 0 ? "all out" : "\(c - 1) out")
    case .tailCall:
        ops = "\(a) \(b) \(c)\(kk)"; comment = b == 0 ? "all in" : "\(b - 1) in"
    case .return:
        ops = "\(a) \(b) \(c)\(kk)"; comment = b == 0 ? "all out" : "\(b - 1) out"
    case .return0:
        ops = ""
    case .forLoop, .tForLoop:
        ops = "\(a) \(i.bx)"; comment = "to \(pc + 2 - i.bx)"
    case .forPrep:
        ops = "\(a) \(i.bx)"; comment = "exit to \(pc + i.bx + 3)"
    case .tForPrep:
        ops = "\(a) \(i.bx)"; comment = "to \(pc + i.bx + 2)"
    case .tForCall:
        ops = "\(a) \(c)"
    case .setList:
        ops = "\(a) \(b) \(c)\(kk)"
    case .closure:
        ops = "\(a) \(i.bx)"
    case .varArg:
        ops = "\(a) \(c)"; comment = c == 0 ? "all out" : "\(c - 1) out"
    case .extraArg:
        ops = "\(i.ax)"
    }
    var s = "\t\(pc + 1)\t[\(line)]\t\(op.mnemonic)"
    if !ops.isEmpty { s += "\t" + ops }
    if !comment.isEmpty { s += "\t; " + comment }
    return s
}
