// swift-tools-version:6.0
// vmrepl: Lua 5.4 in Swift on a tiered engine. Targets follow the pipeline (see README.md).
import PackageDescription

// No unsafe flags in the library's targets: SwiftPM refuses them in a package that is used as a
// versioned dependency (`.package(url:, from:)`). Release speed without
// `-enforce-exclusivity=unchecked` comes from `@exclusivity(unchecked)` on the VM's state (see
// LuaRuntime/VM.swift). The executable's `-static-stdlib` stays: it only matters to this package.

let package = Package(
    name: "vmrepl",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vmrepl", targets: ["vmrepl"]),
        .library(name: "Lua", targets: ["Lua"]),
    ],
    targets: [
        // C shims, only where Swift cannot go.
        .target(name: "CSigint"),
        .target(name: "CCPUID"),
        // A C stdio stream over a write callback (fopencookie needs _GNU_SOURCE): output capture.
        .target(name: "COutputStream"),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit",
                       providers: [.apt(["libedit-dev"])]),
        // Capstone's header only: the library is opened with dlopen on the first listing
        // (CCapstone/shim.h). No pkgConfig, whose `-lcapstone` would link it anyway and make every
        // start-up pay its 77k relocations (1.3M instructions, 3 MB resident on `vmrepl -e ''`).
        .systemLibrary(name: "CCapstone", providers: [.apt(["libcapstone-dev"])]),

        // The instruction set: one Opcode enum, the encoding, the function description the
        // frontend produces and the runtime loads, and the listing printer.
        .target(name: "LuaBytecode"),
        // Source text to bytecode: lexer, parser, code generator.
        .target(name: "LuaFrontend", dependencies: ["LuaBytecode"]),
        // Values, heap and GC, strings, tables, closures, metamethods, errors, VMState.
        .target(name: "LuaRuntime", dependencies: ["LuaBytecode", "CSigint"]),
        // Tier 0: the register-bytecode interpreter.
        .target(name: "LuaInterpreter", dependencies: ["LuaRuntime", "LuaBytecode"]),
        // The standard library (Swift side; Lua side lives in stdlib/ and is embedded).
        .target(name: "LuaStdlib", dependencies: ["LuaRuntime", "LuaBytecode", "LuaFrontend"]),
        // The embedding API (LuaVM, LuaValue, LuaTable, LuaFunction, LuaError): wires frontend,
        // runtime, tiers and stdlib together. Foundation-free, so the vmrepl binary links none.
        .target(name: "LuaEmbedding", dependencies: ["LuaRuntime", "LuaFrontend", "LuaInterpreter", "LuaStdlib",
                                                    "LuaMethodJIT", "LuaBytecode", "CSigint", "COutputStream"]),
        // The `Lua` product's module, what Swift code imports: LuaEmbedding re-exported, plus
        // Foundation's LocalizedError for LuaError, and the DocC catalog (Lua.docc).
        .target(name: "Lua", dependencies: ["LuaEmbedding"]),
        // x86-64 machine code: registers, operands, a code buffer with labels, GP and SSE encoders.
        // A pure encoder with no Lua inside; the only architecture-specific target.
        .target(name: "X64Assembler", dependencies: ["CCPUID"]),
        // Tier 1, the method JIT (being built): bytecode + type feedback -> SSA IR with guards and
        // frame states -> passes -> linear-scan allocation and x86-64 lowering (Backend/, not wired into
        // the VM yet; CSigint for VMState's layout); code memory (W^X, a byte budget, a perf map) and machine-code
        // listings through Capstone. Meets the interpreter only through the runtime
        // (ARCHITECTURE.md), so it never imports it.
        .target(name: "LuaMethodJIT", dependencies: ["LuaBytecode", "LuaRuntime", "X64Assembler", "CCapstone", "CSigint"]),
        // The interactive session.
        .target(name: "LuaREPL", dependencies: ["LuaEmbedding", "CEditLine", "CSigint"]),
        // The Swift runtime linked in: 2.6 MiB less resident memory and 28% fewer instructions to
        // start (no dynamic relocation of libswiftCore), measured on an empty script.
        // `--no-export-dynamic` takes back the `-export-dynamic` that -static-stdlib adds: it put
        // every public Swift symbol of our modules (4182) in the dynamic symbol table, which the
        // runtime's start-up dladdr walks and every library's symbol lookup hashes into; with it
        // `vmrepl -e ''` runs 5% fewer instructions (361 dynamic symbols left: the C ones the
        // shared libraries need). Nothing looks our symbols up dynamically.
        .executableTarget(name: "vmrepl", dependencies: ["LuaEmbedding", "LuaREPL"],
                          linkerSettings: [.unsafeFlags(["-static-stdlib", "-Xlinker", "--no-export-dynamic"])]),

        // What the test targets share: the seeded generator behind every fuzz and stress test.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // Runs Tests/Scripts/**/*.lua on the built vmrepl in every engine mode (and against lua5.4),
        // and fuzzes `vmrepl -`. It drives the binary only, so it imports none of the modules.
        .testTarget(name: "ScriptTests", dependencies: ["TestSupport"]),
        // The session and Ctrl-C as a person uses them: the built vmrepl on a pseudo-terminal,
        // real SIGINTs. Drives the binary only, so it imports none of the modules.
        .testTarget(name: "REPLTests", dependencies: ["TestSupport"]),
        // The frontend alone: listing goldens, syntax error messages, fuzzing, encoding checks.
        .testTarget(name: "FrontendTests", dependencies: ["LuaFrontend", "LuaBytecode", "TestSupport"],
                    exclude: ["Golden"]),
        // The standard library: its engines (patterns, format, pack, utf8, random, sort) and the
        // runtime's exact float formatting (DecimalFormat) alone, the embedded Lua sources being
        // current, and fuzzing against lua5.4 through the built vmrepl.
        .testTarget(name: "StdlibTests", dependencies: ["LuaStdlib", "LuaRuntime", "LuaBytecode", "TestSupport"]),
        // The x86-64 encoder alone: golden bytes per instruction form, proved by llvm-mc where it
        // is installed; label fix-ups; assembled functions run through mmap.
        .testTarget(name: "AssemblerTests", dependencies: ["X64Assembler"], exclude: ["Golden"]),
        // The JIT's pieces alone: IR golden listings before and after passes, the validator on
        // broken IR, constant folding and IR evaluation against the interpreter (through the
        // embedding API, in tests only); assembled functions installed in code memory and called,
        // W^X checked in /proc/self/maps, the byte budget, the perf map, Capstone listings; lowered
        // functions run on a fake frame against the IR evaluator (Backend*).
        .testTarget(name: "MethodJITTests", dependencies: ["LuaMethodJIT", "X64Assembler", "TestSupport", "LuaFrontend",
                                                          "LuaBytecode", "LuaRuntime", "Lua", "CSigint"],
                    exclude: ["Golden", "IRGolden"]),
        // The core engine through the embedding API: interrupts (the VMState protocol), stack
        // overflow, GC stress and heap invariants, coroutines.
        // The `Lua` product's API as an app sees it: imports only Lua.
        .testTarget(name: "LuaAPITests", dependencies: ["Lua"]),
        // The `Lua` product as a versioned dependency: builds and runs Examples/ against a tagged
        // snapshot of this checkout (one debug build of everything: minutes). Imports no module.
        .testTarget(name: "PackageTests"),
        .testTarget(name: "RuntimeTests", dependencies: ["Lua", "LuaRuntime", "CSigint"]),
    ]
)
