// How a chunk name is shown in messages: lua's chunk id rules.
//
// "=name" shows as name, "@file" as file (cut from the left with "..." when too long), any other
// source as [string "first line..."]. The result fits chunkIDSize - 1 bytes. One definition for
// the compiler's syntax errors and the runtime's error positions and tracebacks.

/// The size lua gives a chunk id, terminator included (LUA_IDSIZE): messages match lua's.
public let chunkIDSize = 60

public func chunkID(_ name: String) -> String {
    let bytes = Array(name.utf8)
    let limit = chunkIDSize - 1
    if let first = bytes.first, first == UInt8(ascii: "=") {
        return String(decoding: bytes[1...].prefix(limit), as: UTF8.self)
    }
    if let first = bytes.first, first == UInt8(ascii: "@") {
        let rest = bytes[1...]
        if rest.count <= limit { return String(decoding: rest, as: UTF8.self) }
        return "..." + String(decoding: rest.suffix(limit - 3), as: UTF8.self)
    }
    // [string "source"]: keep the first line only, and at most what fits.
    let pre = Array("[string \"".utf8), post = Array("\"]".utf8), dots = Array("...".utf8)
    let room = limit - pre.count - dots.count - post.count
    let nl = bytes.firstIndex(of: UInt8(ascii: "\n"))
    var out = pre
    if bytes.count < room && nl == nil {
        out += bytes
    } else {
        var line = nl.map { Array(bytes[..<$0]) } ?? bytes
        if line.count > room { line = Array(line.prefix(room)) }
        out += line + dots
    }
    out += post
    return String(decoding: out, as: UTF8.self)
}
