// swift-tools-version:6.0
// vmrepl: Lua 5.4 in Swift on a tiered engine. Targets follow the pipeline (see README.md).
import PackageDescription

// Release builds drop Swift's dynamic exclusivity checks: the VM owns its memory through unsafe
// pointers and the dispatch loop must not pay for access bookkeeping (DESIGN.md §5).
let vmFlags: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"]),
]

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
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit",
                       providers: [.apt(["libedit-dev"])]),

        // The instruction set: one Opcode enum, the encoding, the function description the
        // frontend produces and the runtime loads, and the listing printer.
        .target(name: "LuaBytecode", swiftSettings: vmFlags),
        // Source text to bytecode: lexer, parser, code generator.
        .target(name: "LuaFrontend", dependencies: ["LuaBytecode"], swiftSettings: vmFlags),
        // Values, heap and GC, strings, tables, closures, metamethods, errors, VMState.
        .target(name: "LuaRuntime", dependencies: ["LuaBytecode", "CSigint"], swiftSettings: vmFlags),
        // Tier 0: the register-bytecode interpreter.
        .target(name: "LuaInterpreter", dependencies: ["LuaRuntime", "LuaBytecode"], swiftSettings: vmFlags),
        // The standard library (Swift side; Lua side lives in stdlib/ and is embedded).
        .target(name: "LuaStdlib", dependencies: ["LuaRuntime", "LuaBytecode", "LuaFrontend"], swiftSettings: vmFlags),
        // The embedding API: wires frontend, runtime, tiers and stdlib together.
        .target(name: "Lua", dependencies: ["LuaRuntime", "LuaFrontend", "LuaInterpreter", "LuaStdlib", "LuaBytecode", "CSigint"],
                swiftSettings: vmFlags),
        // x86-64 machine code: registers, operands, a code buffer with labels, GP and SSE encoders.
        // A pure encoder with no Lua inside; the only architecture-specific target.
        .target(name: "X64Assembler", dependencies: ["CCPUID"], swiftSettings: vmFlags),
        // Tier 1: bytecode + type feedback -> SSA IR with guards and frame states -> passes.
        // Meets the interpreter only through the runtime (DESIGN.md §1), so it never imports it.
        .target(name: "LuaMethodJIT", dependencies: ["LuaBytecode", "LuaRuntime"], swiftSettings: vmFlags),
        // The interactive session.
        .target(name: "LuaREPL", dependencies: ["Lua", "CEditLine", "CSigint"], swiftSettings: vmFlags),
        // The Swift runtime linked in: 2.6 MiB less resident memory and 28% fewer instructions to
        // start (no dynamic relocation of libswiftCore), measured on an empty script.
        .executableTarget(name: "vmrepl", dependencies: ["Lua", "LuaREPL"], swiftSettings: vmFlags,
                          linkerSettings: [.unsafeFlags(["-static-stdlib"])]),

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
        // The standard library: its engines (patterns, format, pack, utf8, random, sort) alone, the
        // embedded Lua sources being current, and fuzzing against lua5.4 through the built vmrepl.
        .testTarget(name: "StdlibTests", dependencies: ["LuaStdlib", "LuaBytecode", "TestSupport"]),
        // The x86-64 encoder alone: golden bytes per instruction form, proved by llvm-mc where it
        // is installed; label fix-ups; assembled functions run through mmap.
        .testTarget(name: "AssemblerTests", dependencies: ["X64Assembler"], exclude: ["Golden"]),
        // The method JIT: IR golden listings before and after passes, the validator on broken IR,
        // constant folding against the interpreter (through the embedding API, in tests only: the
        // LuaMethodJIT target itself never depends on the interpreter).
        .testTarget(name: "MethodJITTests", dependencies: ["LuaMethodJIT", "LuaFrontend", "LuaBytecode", "LuaRuntime", "Lua"],
                    exclude: ["IRGolden"]),
        // The core engine through the embedding API: interrupts (the VMState protocol), stack
        // overflow, GC stress and heap invariants, coroutines.
        .testTarget(name: "RuntimeTests", dependencies: ["Lua", "LuaRuntime", "CSigint"]),
    ]
)
