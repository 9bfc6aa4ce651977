// Capturing Lua's output: print and the io library's standard output written to a C stdio stream
// whose writes call the app's handler (COutputStream: fopencookie, or funopen on Apple platforms).
//
// Invariants: while a handler is set, the runtime's standardOutput and the io.stdout handle point
// at this VM's OutputFile stream, which is line-buffered and flushed when the outermost run or
// call from Swift returns; replacing or removing the handler flushes the old stream to the old
// handler first, then closes it. The handler runs on the VM's thread, inside Lua's print.

import COutputStream
import LuaRuntime
import LuaStdlib
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif

/// A C stream that hands every buffered write to a Swift closure.
final class OutputFile {
    final class Sink {
        let handler: ([UInt8]) -> Void
        init(_ handler: @escaping ([UInt8]) -> Void) { self.handler = handler }
    }
    let sink: Sink
    let file: UnsafeMutablePointer<FILE>

    init?(_ handler: @escaping ([UInt8]) -> Void) {
        sink = Sink(handler)
        let cookie = Unmanaged.passUnretained(sink).toOpaque()
        guard let f = output_stream_open(cookie, { cookie, bytes, count in
            guard let cookie, let bytes else { return }
            let buffer = Array(UnsafeRawBufferPointer(start: bytes, count: count))
            Unmanaged<Sink>.fromOpaque(cookie).takeUnretainedValue().handler(buffer)
        }) else { return nil }
        file = f
        setvbuf(file, nil, _IOLBF, 4096)
    }

    deinit { fclose(file) }
}

extension LuaVM {
    /// `setOutputHandler` with the bytes as Lua wrote them (Lua strings need not be UTF-8).
    public func setRawOutputHandler(_ handler: (([UInt8]) -> Void)?) {
        flushOutput()
        let old = output
        if let handler, let out = OutputFile(handler) {
            output = out
            redirectStandardOutput(core, to: out.file)
        } else {
            output = nil
            redirectStandardOutput(core, to: nil)
        }
        _ = old  // closed (and flushed to its handler) when released here, after the switch
    }

    /// Hand what is buffered to the handler (nothing to do without one).
    func flushOutput() {
        if let out = output { fflush(out.file) }
    }

    func closeOutput() {
        guard output != nil else { return }
        flushOutput()
        redirectStandardOutput(core, to: nil)
        output = nil
    }
}
