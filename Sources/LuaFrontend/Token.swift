// The tokens of Lua 5.4 and how each one is shown in a syntax error.
//
// Invariant: reserved words and multi-character symbols have their own kind; single-character
// symbols are `.char(byte)`. Names, strings and numerals carry their value in the Token.

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

    static let reserved: [String: TokenKind] = [
        "and": .kAnd, "break": .kBreak, "do": .kDo, "else": .kElse, "elseif": .kElseif,
        "end": .kEnd, "false": .kFalse, "for": .kFor, "function": .kFunction, "goto": .kGoto,
        "if": .kIf, "in": .kIn, "local": .kLocal, "nil": .kNil, "not": .kNot, "or": .kOr,
        "repeat": .kRepeat, "return": .kReturn, "then": .kThen, "true": .kTrue,
        "until": .kUntil, "while": .kWhile,
    ]

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

struct Token {
    var kind: TokenKind = .eof
    var bytes: [UInt8] = []      // name or string contents
    var int: Int64 = 0
    var float: Double = 0
    /// The raw text lua would show for a name/string/numeral token in "near '...'".
    var raw: [UInt8] = []
}
