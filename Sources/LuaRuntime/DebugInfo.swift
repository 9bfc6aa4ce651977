// Debug information: chunk ids, current lines, variable names for messages, tracebacks.
//
// Invariants: a Lua frame's savedPC points at the instruction after the one executing (so the
// current pc is savedPC - code - 1); names are derived from the bytecode and the proto's debug
// description (vm.protoInfo[proto.id]) only on error paths, never on the fast path.

import LuaBytecode

extension VM {
    /// lua's chunkid: "@file" -> "file", "=name" -> "name", source text -> [string "..."].
    /// How a chunk name is shown in messages (LuaBytecode's chunkID, lua's rules).
    public static func chunkID(_ source: String) -> String { LuaBytecode.chunkID(source) }

    public func protoInfo(of p: UnsafeMutablePointer<Proto>) -> FunctionPrototype { protoInfo[p.pointee.id] }

    /// The pc currently executing in a Lua frame.
    public func currentPC(_ ci: UnsafeMutablePointer<CallInfo>) -> Int {
        guard let c = ci.pointee.closure, let spc = ci.pointee.savedPC else { return 0 }
        return max(0, c.pointee.proto.pointee.code.distance(to: spc) - 1)
    }

    public func currentLine(_ ci: UnsafeMutablePointer<CallInfo>) -> Int {
        guard let c = ci.pointee.closure else { return -1 }
        let p = c.pointee.proto
        let pc = currentPC(ci)
        let line = pc < p.pointee.codeCount ? Int(p.pointee.lines[pc]) : Int(protoInfo(of: p).lineDefined)
        return line > 0 ? line : -1  // stripped code (string.dump(f, true)) has no line info
    }

    /// luaL_where: "chunk:line:" for a Lua frame with line info, "" otherwise.
    public func wherePrefix(_ ci: UnsafeMutablePointer<CallInfo>) -> String {
        guard ci.pointee.closure != nil, currentLine(ci) > 0 else { return "" }
        return position(ci)
    }

    /// "chunk:line:" for a Lua frame, "" otherwise.
    public func position(_ ci: UnsafeMutablePointer<CallInfo>) -> String {
        guard let c = ci.pointee.closure else { return "" }
        return "\(VM.chunkID(protoInfo(of: c.pointee.proto).source)):\(currentLine(ci)):"
    }

    /// The frame `level` levels up from the running one (0 = running), or nil.
    public func frame(level: Int) -> UnsafeMutablePointer<CallInfo>? {
        var ci: UnsafeMutablePointer<CallInfo>? = current.pointee.ci
        var l = level
        while let c = ci, l > 0 {
            if c == current.pointee.baseCI { return nil }
            ci = c.pointee.previous; l -= 1
        }
        if let c = ci, c == current.pointee.baseCI { return nil }
        return ci
    }

    /// A runtime error (lua's luaG_runerror): "chunk:line:" prefix when the running frame is Lua code.
    public func runtimeError(_ msg: String) -> VMError {
        var prefix = ""
        if let ci = current?.pointee.ci, ci.pointee.closure != nil { prefix = position(ci) }
        let v = Value.string(newString(prefix.isEmpty ? msg : prefix + " " + msg))
        errorValue = v
        return VMError(kind: .error, value: v)
    }

    /// luaL_error: the position of the Lua code that called the running native (level 1).
    public func error(_ msg: String) -> VMError { error(bytes: Array(msg.utf8)) }

    /// `error(_:)` for a message that is bytes, not necessarily UTF-8 (it may quote the input).
    public func error(bytes msg: [UInt8]) -> VMError {
        var prefix = ""
        if let ci = current?.pointee.ci {
            if ci.pointee.closure != nil { prefix = wherePrefix(ci) }
            else if let p = ci.pointee.previous, p.pointee.closure != nil { prefix = wherePrefix(p) }
        }
        let v = Value.string(newString(prefix.isEmpty ? msg : Array(prefix.utf8) + [0x20] + msg))
        errorValue = v
        return VMError(kind: .error, value: v)
    }

    /// An error with an arbitrary value (lua's `error(v)`), no position added.
    public func errorWithValue(_ v: Value) -> VMError {
        errorValue = v
        return VMError(kind: .error, value: v)
    }

    // MARK: names of variables, for messages

    /// Name of register `reg` if it is an active local at `pc`.
    public func localName(_ p: UnsafeMutablePointer<Proto>, _ reg: Int, _ pc: Int) -> String? {
        var n = reg + 1
        for lv in protoInfo(of: p).localVariables {
            if lv.startPC > pc { break }
            if pc < lv.endPC {
                n -= 1
                if n == 0 { return lv.name }
            }
        }
        return nil
    }

    func upvalueName(_ p: UnsafeMutablePointer<Proto>, _ i: Int) -> String {
        let ups = protoInfo(of: p).upvalues
        return i < ups.count && !ups[i].name.isEmpty ? ups[i].name : "?"  // stripped: no names
    }

    /// The instruction (pc) that last set `reg` before `lastpc`, or -1 if unknown.
    func findSetReg(_ p: UnsafeMutablePointer<Proto>, _ lastpc: Int, _ reg: Int) -> Int {
        var setreg = -1
        var jmptarget = 0
        let code = p.pointee.code
        var pc = 0
        while pc < lastpc {
            let ins = Instruction(raw: code[pc])
            let a = ins.a
            var change = false
            guard let op = Opcode(rawValue: ins.opRaw) else { pc += 1; continue }
            switch op {
            case .loadNil: change = reg >= a && reg <= a + ins.b
            case .tForCall: change = reg >= a + 2
            case .call, .tailCall: change = reg >= a
            case .jmp:
                let dest = pc + 1 + ins.sJ
                if dest <= lastpc && dest > jmptarget { jmptarget = dest }
            case .move, .loadI, .loadF, .loadK, .loadKX, .loadFalse, .lFalseSkip, .loadTrue,
                 .getUpval, .getTabUp, .getTable, .getI, .getField, .newTable, .addI, .addK, .subK,
                 .mulK, .modK, .powK, .divK, .idivK, .bandK, .borK, .bxorK, .shrI, .shlI, .add, .sub,
                 .mul, .mod, .pow, .div, .idiv, .band, .bor, .bxor, .shl, .shr, .unm, .bnot, .not, .len,
                 .concat, .testSet, .closure, .forLoop, .forPrep, .tForLoop:
                change = reg == a
            case .self: change = reg == a || reg == a + 1
            case .varArg: change = reg >= a
            case .setUpval, .setTabUp, .setTable, .setI, .setField, .close, .tbc, .eq, .lt, .le, .eqK,
                 .eqI, .ltI, .leI, .gtI, .geI, .test, .return, .return0, .return1, .tForPrep,
                 .setList, .varArgPrep, .extraArg:
                change = false
            }
            if change { setreg = pc < jmptarget ? -1 : pc }
            pc += 1
        }
        return setreg
    }

    func constantName(_ p: UnsafeMutablePointer<Proto>, _ k: Int) -> String {
        let v = p.pointee.k[k]
        return v.isString ? LString.swiftString(v.str) : "?"
    }

    /// lua's getobjname: what register `reg` holds at `lastpc` ("global", "local", "field",
    /// "upvalue", "method", "constant") and its name.
    public func objectName(_ p: UnsafeMutablePointer<Proto>, _ lastpc: Int, _ reg: Int) -> (String, String)? {
        if let n = localName(p, reg, lastpc) { return ("local", n) }
        let pc = findSetReg(p, lastpc, reg)
        if pc < 0 { return nil }
        let ins = Instruction(raw: p.pointee.code[pc])
        guard let op = Opcode(rawValue: ins.opRaw) else { return nil }
        switch op {
        case .move:
            if ins.b < ins.a { return objectName(p, pc, ins.b) }
        case .getTabUp:
            let k = constantName(p, ins.c)
            return (upvalueName(p, ins.b) == "_ENV" ? "global" : "field", k)
        case .getTable:
            let keyName = registerConstantName(p, pc, ins.c)
            return (isEnv(p, pc, ins.b) ? "global" : "field", keyName)
        case .getI:
            return ("field", "integer index")
        case .getField:
            return (isEnv(p, pc, ins.b) ? "global" : "field", constantName(p, ins.c))
        case .getUpval:
            return ("upvalue", upvalueName(p, ins.b))
        case .loadK, .loadKX:
            // loadKX takes its constant index from the extraArg that follows it.
            let kIndex = op == .loadK ? ins.bx : Instruction(raw: p.pointee.code[pc + 1]).ax
            let v = p.pointee.k[kIndex]
            if v.isString { return ("constant", LString.swiftString(v.str)) }
        case .self:
            let name = ins.k ? constantName(p, ins.c) : registerConstantName(p, pc, ins.c)
            return ("method", name)
        default:
            break
        }
        return nil
    }

    func registerConstantName(_ p: UnsafeMutablePointer<Proto>, _ pc: Int, _ reg: Int) -> String {
        if let (kind, name) = objectName(p, pc, reg), kind == "constant" { return name }
        return "?"
    }

    /// Whether register `reg` holds the variable `_ENV` (a local or an upvalue of that name), so
    /// that indexing it names a global. A field that happens to be called `_ENV` (`a._ENV.x`)
    /// does not count (Lua 5.4.8; 5.4.4 said "global 'x'" there).
    func isEnv(_ p: UnsafeMutablePointer<Proto>, _ pc: Int, _ reg: Int) -> Bool {
        if let (kind, name) = objectName(p, pc, reg), kind == "local" || kind == "upvalue" { return name == "_ENV" }
        return false
    }

    /// " (global 'x')" for register `reg` of the running Lua frame `ci`, or "".
    public func varInfo(_ ci: UnsafeMutablePointer<CallInfo>, register reg: Int) -> String {
        guard let c = ci.pointee.closure else { return "" }
        if let (kind, name) = objectName(c.pointee.proto, currentPC(ci), reg) { return " (\(kind) '\(name)')" }
        return ""
    }

    public func varInfo(_ ci: UnsafeMutablePointer<CallInfo>, upvalue i: Int) -> String {
        guard let c = ci.pointee.closure else { return "" }
        return " (upvalue '\(upvalueName(c.pointee.proto, i))')"
    }

    public func varInfo(_ ci: UnsafeMutablePointer<CallInfo>, constant k: Int) -> String {
        guard let c = ci.pointee.closure else { return "" }
        let v = c.pointee.proto.pointee.k[k]
        if v.isString { return " (constant '\(LString.swiftString(v.str))')" }
        return ""
    }

    // MARK: function names for tracebacks

    /// How the function running in `ci` was called, from its caller's instruction.
    public func functionName(_ ci: UnsafeMutablePointer<CallInfo>) -> (String, String)? {
        if ci.pointee.status & CallStatus.tailCalled != 0 { return nil }
        guard let caller = ci.pointee.previous else { return nil }
        return funcNameFromCall(caller)
    }

    /// What frame `caller` is calling, from its instruction: ("local", "f"), ("metamethod",
    /// "index")..., or nil.
    public func funcNameFromCall(_ caller: UnsafeMutablePointer<CallInfo>) -> (String, String)? {
        if caller.pointee.status & CallStatus.hooked != 0 { return ("hook", "?") }
        if caller.pointee.status & CallStatus.finalizer != 0 { return ("metamethod", "__gc") }
        guard let cc = caller.pointee.closure else { return nil }
        let p = cc.pointee.proto
        let pc = currentPC(caller)
        let ins = Instruction(raw: p.pointee.code[pc])
        guard let op = Opcode(rawValue: ins.opRaw) else { return nil }
        let tm: String
        switch op {
        case .call, .tailCall: return objectName(p, pc, ins.a)
        case .tForCall: return ("for iterator", "for iterator")
        case .self, .getTabUp, .getTable, .getI, .getField: tm = "index"
        case .setTabUp, .setTable, .setI, .setField: tm = "newindex"
        case .addI, .addK, .add: tm = "add"
        case .subK, .sub: tm = "sub"
        case .mulK, .mul: tm = "mul"
        case .modK, .mod: tm = "mod"
        case .powK, .pow: tm = "pow"
        case .divK, .div: tm = "div"
        case .idivK, .idiv: tm = "idiv"
        case .bandK, .band: tm = "band"
        case .borK, .bor: tm = "bor"
        case .bxorK, .bxor: tm = "bxor"
        case .shlI, .shl: tm = "shl"
        case .shrI, .shr: tm = "shr"
        case .unm: tm = "unm"
        case .bnot: tm = "bnot"
        case .len: tm = "len"
        case .concat: tm = "concat"
        case .eq: tm = "eq"
        case .lt, .ltI, .gtI: tm = "lt"
        case .le, .leI, .geI: tm = "le"
        case .close, .return: tm = "close"
        case .move, .loadI, .loadF, .loadK, .loadKX, .loadFalse, .lFalseSkip, .loadTrue, .loadNil,
             .getUpval, .setUpval, .newTable, .not, .tbc, .jmp, .eqK, .eqI, .test, .testSet,
             .return0, .return1, .forLoop, .forPrep, .tForPrep, .tForLoop, .setList, .closure,
             .varArg, .varArgPrep, .extraArg:
            return nil
        }
        return ("metamethod", tm)
    }

    /// "name" if `v` is a function stored in a loaded module ("string.rep") or a global ("print").
    func globalFunctionName(_ v: Value) -> String? {
        if v.tag == Tag.lightNative, natives[Int(v.payload)].isLibrary { return natives[Int(v.payload)].name }
        let loaded = loadedTable
        var k = Value.nil
        while let (mk, mv) = try? next(loaded, k) {
            k = mk
            guard mk.isString, mv.isTable else { continue }
            var k2 = Value.nil
            while let (fk, fv) = try? next(mv.tbl, k2) {
                k2 = fk
                if fk.isString && fv.tag == v.tag && fv.payload == v.payload {
                    let mod = LString.swiftString(mk.str)
                    let f = LString.swiftString(fk.str)
                    return mod == "_G" ? f : mod + "." + f
                }
            }
        }
        return nil
    }

    /// The text lua's traceback shows for one frame.
    public func frameDescription(_ ci: UnsafeMutablePointer<CallInfo>, _ th: UnsafeMutablePointer<LThread>) -> String {
        let fv = th.pointee.stack[ci.pointee.funcIdx]
        if let c = ci.pointee.closure {
            let info = protoInfo(of: c.pointee.proto)
            let line = currentLine(ci)  // no line info (stripped): "src:" without a number, as lua
            let whereText = line > 0 ? "\(VM.chunkID(info.source)):\(line):" : "\(VM.chunkID(info.source)):"
            if info.lineDefined == 0 { return "\(whereText) in main chunk" }
            if fv.tag == Tag.luaClosure && fv.payload == UInt64(UInt(bitPattern: c)), let g = globalFunctionName(fv) {
                return "\(whereText) in function '\(g)'"
            }
            if let (kind, name) = functionName(ci) {
                if kind == "global" { return "\(whereText) in function '\(name)'" }
                return "\(whereText) in \(kind) '\(name)'"
            }
            return "\(whereText) in function <\(VM.chunkID(info.source)):\(info.lineDefined)>"
        }
        if ci.pointee.nativeIndex >= 0 {
            let e = natives[ci.pointee.nativeIndex]
            if e.isLibrary { return "[C]: in function '\(e.name)'" }
            if let (kind, name) = functionName(ci) {
                if kind == "global" { return "[C]: in function '\(name)'" }
                return "[C]: in \(kind) '\(name)'"
            }
            return "[C]: in ?"
        }
        return "[C]: in ?"
    }

    /// lua's `stack traceback:` text for the current thread, starting `level` frames up.
    /// `throughResumers`: a coroutine's frames go on with those of the threads that resumed it,
    /// down to the main chunk (an interrupt, which no resume catches, shows where it stopped and
    /// how the code got there).
    public func traceback(level: Int = 0, thread: UnsafeMutablePointer<LThread>? = nil,
                          throughResumers: Bool = false) -> String {
        var th = thread ?? current!
        var lines = ["stack traceback:"]
        var ci: UnsafeMutablePointer<CallInfo>? = th.pointee.ci
        var l = level
        while let c = ci, l > 0, c != th.pointee.baseCI { ci = c.pointee.previous; l -= 1 }
        var cis: [(UnsafeMutablePointer<CallInfo>, UnsafeMutablePointer<LThread>)] = []
        while true {
            while let c = ci, c != th.pointee.baseCI {
                cis.append((c, th))
                ci = c.pointee.previous
            }
            if throughResumers, let r = th.pointee.resumer {
                th = r
                ci = r.pointee.ci
                continue
            }
            // A finalizer's frames sit, as in lua, on top of the thread it interrupted.
            guard th == gcx.finalizerThread, let t = gcx.interrupted.last else { break }
            th = t
            ci = t.pointee.ci
        }
        // Describe only the frames shown (the first 10 and last 11 of a deep stack).
        func describe(_ frame: (UnsafeMutablePointer<CallInfo>, UnsafeMutablePointer<LThread>)) -> [String] {
            let (c, th) = frame
            if c.pointee.status & CallStatus.pcall != 0 {
                return ["\t[C]: in function '\(c.pointee.status & CallStatus.xpcall != 0 ? "xpcall" : "pcall")'"]
            }
            var out = ["\t" + frameDescription(c, th)]
            if c.pointee.status & CallStatus.tailCalled != 0 { out.append("\t(...tail calls...)") }
            return out
        }
        var frames: [String] = []
        if cis.count > 22 {
            for c in cis.prefix(10) { frames += describe(c) }
            // lua shows 10 + 11 levels of N and says it skips N - 22 (one less than it does).
            frames.append("\t...\t(skipping \(cis.count - 22) levels)")
            for c in cis.suffix(11) { frames += describe(c) }
        } else {
            for c in cis { frames += describe(c) }
        }
        lines += frames
        return lines.joined(separator: "\n")
    }
}
