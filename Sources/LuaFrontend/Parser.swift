// The parser's core: tokens, errors, nesting depth, functions, scopes, variables and labels.
//
// Invariants: `fs` is the function being compiled; actVars holds the active locals of fs and of
// every enclosing function (each FuncState knows where its own start); `gotos` are pending
// gotos, `labels` the visible labels, both innermost last. `level` bounds recursion. Names are
// StringTable ids (lex.strings) throughout; a Swift String is made only for output (name()).
// Speed: the hot state is plain memory (PodBuffer), reused across functions (bufferPool), and
// hot functions read `fs` once into a local, since each read of a class property retains.
import LuaBytecode

final class Parser {
    @exclusivity(unchecked) var lex: Lexer
    @exclusivity(unchecked) var fs: FuncState! = nil
    @exclusivity(unchecked) var actVars = PodBuffer<VarDesc>(capacity: 64)
    @exclusivity(unchecked) var gotos: [LabelDesc] = []
    @exclusivity(unchecked) var labels: [LabelDesc] = []
    @exclusivity(unchecked) var level = 0
    /// Set for a REPL session chunk: the locals earlier chunks left (Parser+Session.swift).
    @exclusivity(unchecked) var sessionLocals: [SessionLocal]? = nil
    /// The session locals by interned name: readonly or not.
    @exclusivity(unchecked) var sessionNames: [StringID: Bool] = [:]
    /// Swift Strings of names already needed (debug information, messages), by StringTable id.
    @exclusivity(unchecked) private var nameCache: [String?] = []
    /// Byte arrays of string constants already made, by StringTable id (shared by prototypes).
    @exclusivity(unchecked) private var bytesCache: [[UInt8]?] = []
    /// Buffers of finished FuncStates, for the next ones.
    @exclusivity(unchecked) private var bufferPool: [FuncBuffers] = []

    init(source: [UInt8], chunkName: String) {
        lex = Lexer(source: source, chunkName: chunkName)
    }
    deinit {
        lex.release()
        actVars.release()
        for b in bufferPool { b.release() }
    }

    func takeBuffers() -> FuncBuffers { bufferPool.popLast() ?? FuncBuffers() }
    func giveBack(_ b: FuncBuffers) {
        var b = b
        b.removeAll()
        bufferPool.append(b)
    }

    /// The bytes of string `id` as a constant's payload.
    func constantBytes(_ id: StringID) -> [UInt8] {
        Parser.cached(&bytesCache, id, lex.strings.count) { lex.strings.bytes($0) }
    }

    /// A name (interned by the lexer) as a Swift String, for messages and debug information.
    func name(_ id: StringID) -> String {
        Parser.cached(&nameCache, id, lex.strings.count) { lex.strings.string($0) }
    }

    /// `cache[id]`, made by `make` the first time (the cache grows to `count`, the ids so far).
    @inline(__always)
    private static func cached<T>(_ cache: inout [T?], _ id: StringID, _ count: Int, _ make: (StringID) -> T) -> T {
        let i = Int(id)
        if i < cache.count, let v = cache[i] { return v }
        let v = make(id)
        if i >= cache.count { cache.append(contentsOf: repeatElement(nil, count: count - cache.count)) }
        cache[i] = v
        return v
    }

    var tok: TokenKind { lex.token.kind }

    // MARK: errors

    /// "chunk:line: msg near 'token'" for the current token; incomplete when it is <eof>.
    func syntaxError(_ msg: String) -> SyntaxError {
        let t = lex.token
        let near: String?
        switch t.kind {
        case .char(0):
            near = nil  // lua's token 0 (a NUL byte in the source) shows no "near" part
        case .name, .string, .float, .int:
            near = "'" + String(decoding: lex.rawText(t), as: UTF8.self) + "'"
        case .eof:
            near = "<eof>"
        default:
            near = "'\(t.kind.text)'"
        }
        return SyntaxError(message: lex.errorText(msg, near: near), isIncomplete: t.kind == .eof)
    }

    /// An error about meaning rather than a token: no "near" part.
    func semanticError(_ msg: String) -> SyntaxError {
        SyntaxError(message: lex.errorText(msg, near: nil), isIncomplete: false)
    }

    func errorExpected(_ kind: TokenKind) -> SyntaxError {
        syntaxError("\(Parser.quoted(kind)) expected")
    }

    /// How lua names an expected token: symbols and reserved words quoted, <eof>/<name> bare.
    static func quoted(_ kind: TokenKind) -> String {
        switch kind {
        case .eof, .name, .string, .int, .float: return kind.text
        default: return "'\(kind.text)'"
        }
    }

    func limitError(_ limit: Int, _ what: String) -> SyntaxError {
        let whereText = fs.lineDefined == 0 ? "main function" : "function at line \(fs.lineDefined)"
        return syntaxError("too many \(what) (limit is \(limit)) in \(whereText)")
    }

    // MARK: tokens

    func next() throws { try lex.next() }

    func testNext(_ k: TokenKind) throws -> Bool {
        if tok == k { try next(); return true }
        return false
    }

    func check(_ k: TokenKind) throws {
        if tok != k { throw errorExpected(k) }
    }

    func checkNext(_ k: TokenKind) throws {
        try check(k)
        try next()
    }

    /// Expects `what` closing `who` opened at `line`.
    func checkMatch(_ what: TokenKind, _ who: TokenKind, _ line: Int) throws {
        if tok == what { try next(); return }
        if line == lex.line { throw errorExpected(what) }
        throw syntaxError("\(Parser.quoted(what)) expected (to close \(Parser.quoted(who)) at line \(line))")
    }

    func checkName() throws -> StringID {
        try check(.name)
        let s = lex.token.str
        try next()
        return s
    }

    func enterLevel() throws {
        level += 1
        if level > FrontendLimits.maxSyntaxLevels {
            throw limitError(FrontendLimits.maxSyntaxLevels, "C levels")
        }
    }
    func leaveLevel() { level -= 1 }

    static func isBlockFollow(_ k: TokenKind, withUntil: Bool) -> Bool {
        switch k {
        case .kElse, .kElseif, .kEnd, .eof: return true
        case .kUntil: return withUntil
        default: return false
        }
    }

    // MARK: the main function

    func mainFunction() throws -> FunctionPrototype {
        let main = FuncState(parser: self, parent: nil)
        open(main)
        main.isVararg = true
        main.emitABC(.varArgPrep, 0, 0, 0)
        main.upvalues.append(UpvalueDesc(inStack: true, index: 0, name: StringTable.Fixed.env))
        declareSessionUpvalues(main)
        try next()
        try statementList()
        try check(.eof)
        try emitSessionCapture()
        return try close(lastLine: 0)  // like lua, the main function spans lines 0,0
    }

    /// Drops the functions being compiled (after an error), which hold the parser.
    func dropFunctions() { fs = nil }

    func open(_ f: FuncState) {
        fs = f
        enterBlock(isLoop: false)
    }

    func close(lastLine: Int) throws -> FunctionPrototype {
        let f = fs!
        f.ret(f.registerLevel(), 0)
        try leaveBlock()
        assert(f.blocks.isEmpty)
        f.finish()
        let p = f.makePrototype(source: lex.chunkName, lastLine: lastLine)
        fs = f.parent
        return p
    }

    // MARK: blocks

    func enterBlock(isLoop: Bool) {
        let f = fs!
        let insideTBC = f.blocks.isEmpty ? false : f.block.insideTBC
        f.blocks.append(BlockScope(firstLabel: labels.count, firstGoto: gotos.count,
                                   activeVars: f.activeVarCount, isLoop: isLoop, insideTBC: insideTBC))
        assert(f.freeReg == f.registerLevel())
    }

    func leaveBlock() throws {
        let f = fs!
        let b = f.block
        let isOutermost = f.blocks.count == 1
        var hasClose = false
        let stackLevel = f.registerLevel(b.activeVars)
        for i in b.firstGoto..<gotos.count where f.registerLevel(gotos[i].activeVars) > stackLevel {
            gotos[i].exitsScope = true
        }
        removeVars(toLevel: b.activeVars)
        assert(b.activeVars == f.activeVarCount)
        if b.isLoop {
            hasClose = try createLabel(StringTable.Fixed.breakLabel, line: 0, last: false)
        }
        if !hasClose && !isOutermost && b.hasUpvalue {
            f.emitABC(.close, stackLevel, 0, 0)
        }
        f.freeReg = stackLevel
        labels.removeSubrange(b.firstLabel...)
        f.blocks.removeLast()
        if !isOutermost {
            moveGotosOut(b)
        } else if b.firstGoto < gotos.count {
            throw undefinedGoto(gotos[b.firstGoto])
        }
    }

    // MARK: variables

    func newLocal(_ name: StringID, kind: VariableKind = .regular) throws {
        if actVars.count - fs.firstLocal >= FrontendLimits.maxLocals {
            throw limitError(FrontendLimits.maxLocals, "local variables")
        }
        actVars.append(VarDesc(name: name, kind: kind))
    }

    /// Activates the last `n` declared locals: they get registers and debug entries.
    func adjustLocalVars(_ n: Int) {
        let f = fs!
        var reg = f.registerLevel()
        for _ in 0..<n {
            let vidx = f.activeVarCount
            f.activeVarCount += 1
            var v = actVars[f.firstLocal + vidx]
            v.register = reg
            reg += 1
            v.debugIndex = f.localVars.count
            f.localVars.append(LocalVarDebug(name: v.name, startPC: f.pc, endPC: 0))
            actVars[f.firstLocal + vidx] = v
        }
    }

    func removeVars(toLevel: Int) {
        let f = fs!
        while f.activeVarCount > toLevel {
            f.activeVarCount -= 1
            let v = actVars.removeLast()
            if v.debugIndex >= 0 { f.localVars[v.debugIndex].endPC = f.pc }
        }
    }

    /// Marks the block holding local `vidx` as having a captured variable.
    func markUpvalue(_ f: FuncState, _ vidx: Int) {
        var i = f.blocks.count - 1
        while i >= 0 && f.blocks[i].activeVars > vidx { i -= 1 }
        if i >= 0 { f.blocks[i].hasUpvalue = true }
        f.needsClose = true
    }

    func searchUpvalue(_ f: FuncState, _ name: StringID) -> Int? {
        let ups = f.upvalues
        for i in 0..<ups.count where ups[i].name == name { return i }
        return nil
    }

    func newUpvalue(_ f: FuncState, _ id: StringID, _ v: ExpDesc) throws -> Int {
        if f.upvalues.count >= FrontendLimits.maxUpvalues {
            let saved = fs
            fs = f
            defer { fs = saved }
            throw limitError(FrontendLimits.maxUpvalues, "upvalues")
        }
        let parent = f.parent!
        switch v.kind {
        case .local(let reg, let vidx):
            let vd = parent.localVar(vidx)
            f.upvalues.append(UpvalueDesc(inStack: true, index: reg, name: id, kind: vd.kind))
        case .upval(let idx):
            f.upvalues.append(UpvalueDesc(inStack: false, index: idx, name: id,
                                          kind: parent.upvalues[idx].kind))
        default:
            fatalError("newUpvalue: not a variable")
        }
        return f.upvalues.count - 1
    }

    /// Resolves `name` in function `f` (base: the reference is in f itself).
    func singleVarAux(_ f: FuncState?, _ name: StringID, base: Bool) throws -> ExpDesc {
        guard let f else { return ExpDesc(.void) }
        var i = f.activeVarCount - 1
        let vars = actVars.base + f.firstLocal  // f's locals, read in place
        while i >= 0 {
            if vars[i].name == name {
                let v = vars[i]
                if v.kind == .compileTimeConstant {
                    return ExpDesc(.const(f.firstLocal + i))
                }
                if !base { markUpvalue(f, i) }
                return ExpDesc(.local(reg: v.register, vidx: i))
            }
            i -= 1
        }
        if let u = searchUpvalue(f, name) { return ExpDesc(.upval(u)) }
        if f.parent == nil, sessionLocals != nil, let u = try sessionUpvalue(f, name) { return ExpDesc(.upval(u)) }
        let v = try singleVarAux(f.parent, name, base: false)
        switch v.kind {
        case .local, .upval:
            return ExpDesc(.upval(try newUpvalue(f, name, v)))
        default:
            return v
        }
    }

    func singleVar(_ name: StringID) throws -> ExpDesc {
        let f = fs!
        var v = try singleVarAux(f, name, base: true)
        if case .void = v.kind {
            v = try singleVarAux(f, StringTable.Fixed.env, base: true)
            assert({ if case .void = v.kind { return false }; return true }())
            try f.exp2anyregup(&v)
            var key = ExpDesc(.kstr(name))
            try f.indexed(&v, &key)
        }
        return v
    }

    // MARK: gotos and labels

    func undefinedGoto(_ g: LabelDesc) -> SyntaxError {
        if g.name == StringTable.Fixed.breakLabel {
            return semanticError("break outside loop at line \(g.line)")
        }
        return semanticError("no visible label '\(name(g.name))' for <goto> at line \(g.line)")
    }

    func findLabel(_ name: StringID) -> LabelDesc? {
        for l in labels[fs.firstLabel...] where l.name == name { return l }
        return nil
    }

    func newGoto(_ name: StringID, line: Int, pc: Int) {
        gotos.append(LabelDesc(name: name, pc: pc, line: line, activeVars: fs.activeVarCount,
                               needsClose: false))
    }

    /// Resolves the pending gotos of the current block that jump to `label`.
    func solveGotos(_ label: LabelDesc) throws -> Bool {
        var i = fs.block.firstGoto
        var needsClose = false
        while i < gotos.count {
            if gotos[i].name == label.name {
                let g = gotos[i]
                needsClose = needsClose || g.needsClose
                if g.activeVars < label.activeVars {
                    let v = fs.localVar(g.activeVars)
                    throw semanticError("<goto \(name(g.name))> at line \(g.line) jumps into the scope of local '\(name(v.name))'")
                }
                try fs.patchList(g.pc, label.pc)
                gotos.remove(at: i)
            } else {
                i += 1
            }
        }
        return needsClose
    }

    /// Adds a label here; returns true when a `close` was emitted for gotos that need one.
    @discardableResult
    func createLabel(_ name: StringID, line: Int, last: Bool) throws -> Bool {
        var l = LabelDesc(name: name, pc: fs.label(), line: line, activeVars: fs.activeVarCount,
                          needsClose: false)
        if last { l.activeVars = fs.block.activeVars }
        labels.append(l)
        if try solveGotos(l) {
            fs.emitABC(.close, fs.registerLevel(), 0, 0)
            return true
        }
        return false
    }

    /// Pending gotos of a closing block now belong to the enclosing one.
    func moveGotosOut(_ b: BlockScope) {
        for i in b.firstGoto..<gotos.count {
            if gotos[i].exitsScope {
                gotos[i].needsClose = gotos[i].needsClose || b.hasUpvalue
            }
            gotos[i].exitsScope = false
            gotos[i].activeVars = b.activeVars
        }
    }
}
