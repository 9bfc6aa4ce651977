// Stdlib: the standard library's entry point and the per-VM state the libraries share.
//
// Invariants: `openStdlib` runs once per VM, after the base library, and registers every
// library of this module; per-VM state (random generator, io defaults, indices of iterator
// natives) lives in one StdlibState object hung off `vm.extensions`.

import LuaBytecode
import LuaRuntime
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Open the string, table, math, utf8, os, io and debug libraries in `vm`.
public func openStdlib(_ vm: VM) {
    let state = StdlibState(vm)
    vm.extensions[StdlibState.key] = state
    StringLib.open(vm)
    TableLib.open(vm)
    MathLib.open(vm)
    UTF8Lib.open(vm)
    OSLib.open(vm)
    IOLib.open(vm)
    DebugLib.open(vm)
    acceptBinaryChunks(vm)
    runEmbeddedLua(vm)
}

/// Let the compile hook load string.dump's binary chunks: as in lua, a source whose first byte
/// is ESC ("\x1b", the signature's first byte) is binary, never text.
func acceptBinaryChunks(_ vm: VM) {
    guard let compileText = vm.hooks.compile else { return }
    vm.hooks.compile = { source, name in
        if source.first == ChunkDump.signature[0] {
            do {
                return (try ChunkDump.undump(source, chunkName: name), nil, false)
            } catch let e as ChunkDump.LoadError {
                return (nil, e.message, false)
            } catch {
                return (nil, "\(error)", false)
            }
        }
        return compileText(source, name)
    }
}

/// Run the library code written in Lua (stdlib/*.lua, embedded by stdlib/embed.sh). A chunk
/// that fails to compile or run is a build defect; it is reported on stderr, not hidden.
func runEmbeddedLua(_ vm: VM) {
    guard let compile = vm.hooks.compile, vm.hooks.call != nil else { return }
    for (name, source) in EmbeddedLua.chunks {
        let (fp, err, _) = compile(Array(source.utf8), "=stdlib/" + name)
        guard let proto = fp else {
            fputs("stdlib/\(name): \(err ?? "does not compile")\n", stderr)
            continue
        }
        do {
            _ = try vm.call(vm.newMainClosure(proto), [])
        } catch {
            fputs("stdlib/\(name): \(vm.tostringBasic(error.value))\n", stderr)
        }
    }
}

/// Library state owned by one VM.
final class StdlibState {
    static let key = "stdlib"
    /// Native index of the gmatch iterator step (closures over it carry the match state).
    let gmatchStep: Int
    /// Native index of utf8.codes' iterator steps (strict and lax).
    let codesStrict: Int
    let codesLax: Int
    /// Native index of the io lines iterator step.
    let linesStep: Int
    @exclusivity(unchecked) var random: RandomGenerator

    init(_ vm: VM) {
        gmatchStep = Int(vm.newNative("gmatch_aux", StringLib.gmatchStep).payload)
        codesStrict = Int(vm.newNative("codes_aux", UTF8Lib.codesStrict).payload)
        codesLax = Int(vm.newNative("codes_aux", UTF8Lib.codesLax).payload)
        linesStep = Int(vm.newNative("lines_aux", IOLib.linesStep).payload)
        random = RandomGenerator(seed1: 0, seed2: 0)
        random.seed(MathLib.entropy(), UInt64(UInt(bitPattern: ObjectIdentifier(vm).hashValue)))
    }

    static func of(_ vm: VM) -> StdlibState {
        unsafeDowncast(vm.extensions[key]!, to: StdlibState.self)
    }
}
