// LibrarySupport: the glue between the VM-independent engines and the native-function API:
// error translation, lua's position arithmetic, and small value utilities.
//
// Invariants: engines throw LibraryError (raised like luaL_error, with the caller's position),
// ArgumentError ("bad argument #i to 'name' (...)") or a VMError that came from a callback
// (interrupts and errors of called Lua code), which passes through untouched.

import LuaRuntime

/// Run engine code and turn its errors into Lua errors.
@inline(__always)
func bridged<T>(_ a: Args, _ body: () throws -> T) throws(VMError) -> T {
    do {
        return try body()
    } catch let e as VMError {
        throw e
    } catch let e as ArgumentError {
        throw a.argError(e.index, e.message)
    } catch let e as LibraryError {
        throw a.vm.error(bytes: e.bytes)
    } catch {
        throw a.vm.error("\(error)")
    }
}

/// The VM answers the engines' interrupt checks with its own (the limit compare).
extension VM: InterruptSource {}

/// The hook the engines call periodically so Ctrl-C can stop a long library loop (no allocation).
@inline(__always)
func interruptHook(_ vm: VM) -> InterruptCheck { InterruptCheck(vm) }

/// The same hook as a closure, for engines that take closures anyway (sort).
func interruptClosure(_ vm: VM) -> () throws -> Void {
    { [unowned(unsafe) vm] in try vm.checkInterrupt() }
}

/// lua's relative start position: negative counts from the end; result is >= 1 (may exceed len+1).
@inline(__always)
func startPosition(_ pos: Int64, _ len: Int) -> Int {
    if pos > 0 { return Int(pos) }
    if pos == 0 { return 1 }
    if pos < -Int64(len) { return 1 }
    return len + Int(pos) + 1
}

/// lua's relative end position, clipped to [0, len].
@inline(__always)
func endPosition(_ pos: Int64, _ len: Int) -> Int {
    if pos > Int64(len) { return len }
    if pos >= 0 { return Int(pos) }
    if pos < -Int64(len) { return 0 }
    return len + Int(pos) + 1
}

extension VM {
    /// A Lua string value for bytes [start, end) of a buffer.
    @inline(__always)
    func substring(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Value {
        .string(newString(b.baseAddress.map { $0 + start }, end - start))
    }

    /// lua's luaL_typename (basic type names, no __name).
    func basicTypeName(_ v: Value) -> String { typeName(v) }
}

extension Args {
    /// luaL_optinteger that also accepts absent arguments at the end.
    @inline(__always)
    func int(_ i: Int, default d: Int64) throws(VMError) -> Int64 { try optInteger(i, d) }

    /// Reserve n result slots (lua's luaL_checkstack with the given message).
    func reserve(_ n: Int, _ msg: String) throws(VMError) {
        if n >= Limits.defaultMaxStackSlots / 2 { throw vm.error("stack overflow (\(msg))") }
        try vm.ensureStack(n)
    }
}
