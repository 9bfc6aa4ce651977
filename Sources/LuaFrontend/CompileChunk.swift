// The frontend's entry point: source bytes in, a compiled main function or a syntax error out.
//
// Invariants: compileChunk never traps on any input (bad input is a SyntaxError); the main
// function is vararg with one upvalue, `_ENV` (inStack, index 0).
import LuaBytecode

public enum ParseOutcome {
    case success(FunctionPrototype)
    case failure(SyntaxError)
}

public struct SyntaxError: Error, Sendable {
    /// Exactly lua's form: "chunk:line: msg near 'tok'".
    public var message: String
    /// True when the input ended where more was required (the REPL asks for another line).
    public var isIncomplete: Bool
    public init(message: String, isIncomplete: Bool) {
        self.message = message; self.isIncomplete = isIncomplete
    }
}

public func compileChunk(_ source: [UInt8], chunkName: String) -> ParseOutcome {
    compile(source, chunkName: chunkName, sessionLocals: nil)
}

/// One compile of a main function: `sessionLocals` non-nil compiles a REPL chunk in their scope.
func compile(_ source: [UInt8], chunkName: String, sessionLocals: [SessionLocal]?) -> ParseOutcome {
    let p = Parser(source: source, chunkName: chunkName)
    p.sessionLocals = sessionLocals
    defer { p.dropFunctions() }
    do {
        return .success(try p.mainFunction())
    } catch let e as SyntaxError {
        return .failure(e)
    } catch {
        return .failure(SyntaxError(message: "\(error)", isIncomplete: false))
    }
}
