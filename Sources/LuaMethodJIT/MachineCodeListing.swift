// Machine-code listings: bytes decoded by Capstone into stable text, one line per instruction,
// `OFFSET  BYTES  mnemonic operands` in Intel syntax, with the caller's annotations in between.
//
// Invariants: the text depends only on the bytes, the start address (jump and call targets
// print as absolute addresses), the data ranges and the annotations, never on the machine, so
// goldens can compare it. Offsets are relative to the start, in hex of at least four digits.
// Every byte appears on exactly one line: an instruction, `.byte` data (ranges the caller marks
// as data, 8 per line) or `(bad)` for a byte that does not start a valid instruction (decoding
// resumes at the next byte, as objdump does).
import CCapstone

public struct MachineCodeListing {
    public let code: [UInt8]
    /// The address of `code[0]` when it runs (or any fixed value, for goldens).
    public let address: UInt64
    /// Byte ranges that hold data (constants after the code), listed as `.byte`, not decoded.
    public let data: [Range<Int>]

    public init(code: [UInt8], address: UInt64 = 0, data: [Range<Int>] = []) {
        self.code = code
        self.address = address
        self.data = data.filter { !$0.isEmpty }.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// The listing. `annotate(offset)` is asked once before each line that starts at `offset`
    /// (an instruction or data) and once with `code.count` at the end; the lines it returns
    /// (bytecode pcs and source lines, IR) are printed there verbatim.
    public func lines(annotate: (Int) -> [String] = { _ in [] }) -> [String] {
        var out: [String] = []
        let width = max(4, String(code.count, radix: 16).count)
        func emit(_ offset: Int, _ bytes: ArraySlice<UInt8>, _ text: String) {
            out.append(contentsOf: annotate(offset))
            var column = bytes.map(hex2).joined(separator: " ")
            let columnWidth = JITLimits.listingBytesColumn * 3 - 1
            if column.count < columnWidth { column += String(repeating: " ", count: columnWidth - column.count) }
            let hexOffset = String(offset, radix: 16)
            out.append(String(repeating: "0", count: width - hexOffset.count) + hexOffset + "  " + column + "  " + text)
        }
        let decoder = CapstoneX64()
        var offset = 0
        var nextData = 0
        while offset < code.count {
            while nextData < data.count && data[nextData].upperBound <= offset { nextData += 1 }
            if nextData < data.count && data[nextData].contains(offset) {
                let end = min(data[nextData].upperBound, offset + 8, code.count)
                let bytes = code[offset..<end]
                emit(offset, bytes, ".byte " + bytes.map { "0x" + hex2($0) }.joined(separator: ", "))
                offset = end
                continue
            }
            let limit = nextData < data.count ? min(data[nextData].lowerBound, code.count) : code.count
            if let decoder, let (length, text) = decoder.decode(code, from: offset, to: limit,
                                                                address: address + UInt64(offset)) {
                emit(offset, code[offset..<offset + length], text)
                offset += length
            } else {
                emit(offset, code[offset..<offset + 1], "(bad)")
                offset += 1
            }
        }
        out.append(contentsOf: annotate(code.count))
        return out
    }

    /// The listing as one string, a newline after each line.
    public func text(annotate: (Int) -> [String] = { _ in [] }) -> String {
        lines(annotate: annotate).map { $0 + "\n" }.joined()
    }
}

/// Two lower-case hex digits.
func hex2(_ b: UInt8) -> String { (b < 16 ? "0" : "") + String(b, radix: 16) }

/// A Capstone handle for x86-64, Intel syntax, without instruction details (not needed for text).
final class CapstoneX64 {
    private var handle: csh = 0
    private let insn: UnsafeMutablePointer<cs_insn>
    /// Capstone's functions, loaded on first use (CCapstone/shim.h).
    private let cs: vmrepl_capstone_api

    init?() {
        guard let api = vmrepl_capstone()?.pointee else { return nil }
        cs = api
        guard cs.open(CS_ARCH_X86, CS_MODE_64, &handle) == CS_ERR_OK else { return nil }
        guard cs.option(handle, CS_OPT_SYNTAX, Int(CS_OPT_SYNTAX_INTEL.rawValue)) == CS_ERR_OK,
              let insn = cs.malloc(handle) else {
            _ = cs.close(&handle)
            return nil
        }
        self.insn = insn
    }

    deinit {
        cs.free(insn, 1)
        _ = cs.close(&handle)
    }

    /// The length and text (`mnemonic operands`) of the instruction at `code[from]`, decoding no
    /// byte at or past `to`; nil when those bytes are no valid instruction.
    func decode(_ code: [UInt8], from: Int, to: Int, address: UInt64) -> (Int, String)? {
        code.withUnsafeBufferPointer { buf -> (Int, String)? in
            var p: UnsafePointer<UInt8>? = buf.baseAddress! + from
            var size = to - from
            var pc = address
            guard cs.disasm_iter(handle, &p, &size, &pc, insn) else { return nil }
            let mnemonic = Self.string(&insn.pointee.mnemonic)
            let operands = Self.string(&insn.pointee.op_str)
            return (Int(insn.pointee.size), operands.isEmpty ? mnemonic : mnemonic + " " + operands)
        }
    }

    private static func string<T>(_ tuple: UnsafeMutablePointer<T>) -> String {
        UnsafeMutableRawPointer(tuple).withMemoryRebound(to: CChar.self, capacity: MemoryLayout<T>.size) {
            String(cString: $0)
        }
    }
}
