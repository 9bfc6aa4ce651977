// swift-tools-version:6.0
// Examples: Swift programs that embed Lua through the `Lua` product of vmrepl. In an app the
// dependency reads `.package(url: "<vmrepl's git URL>", from: "<version>")`; here it is the
// enclosing checkout. Tests/PackageTests builds this package against a tagged clone (as a
// versioned dependency) and runs it.
import PackageDescription

let package = Package(
    name: "Examples",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        // A game-rules script: globals from Swift, a Swift function Lua calls, a Lua function
        // Swift calls, tables read back, output captured, errors reported.
        .executableTarget(name: "embed-lua", dependencies: [.product(name: "Lua", package: "vmrepl")]),
        // README.md's example, verbatim.
        .executableTarget(name: "readme-example", dependencies: [.product(name: "Lua", package: "vmrepl")]),
    ]
)
