// The tokens of Lua 5.4 and how each one is shown in a syntax error.
//
// Invariant: reserved words and multi-character symbols have their own kind; single-character
// symbols are `.char(byte)`. Names, strings and numerals carry their value in the Token;
// names and strings as StringTable ids.

enum TokenKind: Equatable {
    // reserved words
    case kAnd, kBreak, kDo, kElse, kElseif, kEnd, kFalse, kFor, kFunction, kGoto, kIf, kIn
    case kLocal, kNil, kNot, kOr, kRepeat, kReturn, kThen, kTrue, kUntil, kWhile
    // multi-character symbols
    case idiv, concat, dots, eq, ge, le, ne, shl, shr, dbcolon
    // values
    case eof, float, int, name, string
    // any single-character symbol
    case char(UInt8)

    /// The reserved words, in the order of their ids in the StringTable (0..<reservedCount).
    static var reservedCount: Int { 22 }
    static func reservedKind(_ id: StringID) -> TokenKind {
        switch id {
        case 0: return .kAnd
        case 1: return .kBreak
        case 2: return .kDo
        case 3: return .kElse
        case 4: return .kElseif
        case 5: return .kEnd
        case 6: return .kFalse
        case 7: return .kFor
        case 8: return .kFunction
        case 9: return .kGoto
        case 10: return .kIf
        case 11: return .kIn
        case 12: return .kLocal
        case 13: return .kNil
        case 14: return .kNot
        case 15: return .kOr
        case 16: return .kRepeat
        case 17: return .kReturn
        case 18: return .kThen
        case 19: return .kTrue
        case 20: return .kUntil
        default:
            assert(id == 21, "not a reserved word id")
            return .kWhile
        }
    }
    static func reservedID(_ word: String) -> StringID {
        for i in 0..<reservedCount where reservedKind(StringID(i)).text == word { return StringID(i) }
        preconditionFailure("not a reserved word")
    }

    /// The fixed spelling of a token, as lua prints it in messages.
    var text: String {
        switch self {
        case .kAnd: return "and"
        case .kBreak: return "break"
        case .kDo: return "do"
        case .kElse: return "else"
        case .kElseif: return "elseif"
        case .kEnd: return "end"
        case .kFalse: return "false"
        case .kFor: return "for"
        case .kFunction: return "function"
        case .kGoto: return "goto"
        case .kIf: return "if"
        case .kIn: return "in"
        case .kLocal: return "local"
        case .kNil: return "nil"
        case .kNot: return "not"
        case .kOr: return "or"
        case .kRepeat: return "repeat"
        case .kReturn: return "return"
        case .kThen: return "then"
        case .kTrue: return "true"
        case .kUntil: return "until"
        case .kWhile: return "while"
        case .idiv: return "//"
        case .concat: return ".."
        case .dots: return "..."
        case .eq: return "=="
        case .ge: return ">="
        case .le: return "<="
        case .ne: return "~="
        case .shl: return "<<"
        case .shr: return ">>"
        case .dbcolon: return "::"
        case .eof: return "<eof>"
        case .float, .int: return "<number>"
        case .name: return "<name>"
        case .string: return "<string>"
        case .char(let c):
            if c < 32 || c >= 127 { return "<\\\(c)>" }
            return String(UnicodeScalar(c))
        }
    }
}

/// A token. Plain data (no references), so copying one costs nothing.
struct Token {
    var kind: TokenKind = .eof
    /// Name or string contents, as an id in the lexer's StringTable.
    var str: StringID = 0
    var int: Int64 = 0
    var float: Double = 0
    /// Where the token's text starts and ends in the source (names and numerals show it in
    /// "near '...'"; a quoted string's delimiter is at `start`).
    var start = 0
    var end = 0
    /// String tokens: 0 for a quoted string, else the length of its opening long bracket.
    var longLevel = 0
}
