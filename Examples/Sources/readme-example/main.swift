// readme-example: the program of README.md's "Use it from Swift", verbatim (PackageTests checks
// that the README still shows exactly this file from `import Lua` on, and what it prints).

import Lua

let vm = LuaVM()

// Lua's print and io.write go to a closure instead of standard output.
var output = ""
vm.setOutputHandler { output += $0 }

// Globals and a Swift function for the script.
vm["taxRate"] = 0.2
vm.register("round2") { args in
    guard let x = args.first?.doubleValue else { throw LuaError("round2: number expected") }
    return [.number((x * 100).rounded() / 100)]
}

do {
    // Run a chunk; its results come back as LuaValues.
    try vm.run("""
        function invoice(items)
          local net = 0
          for _, item in ipairs(items) do net = net + item.price * item.count end
          print("items: " .. #items)
          return round2(net), round2(net * (1 + taxRate))
        end
        """, chunkName: "=invoice")

    // Tables made in Swift, passed to a Lua function.
    let items = vm.table([.table(vm.table(["price": 9.99, "count": 3])),
                          .table(vm.table(["price": 0.5, "count": 10]))])
    let totals = try vm.call("invoice", .table(items))
    print("net", totals[0].doubleValue!, "gross", totals[1].doubleValue!)  // net 34.97 gross 41.96

    // Tables read back: subscripts run metamethods, as Lua's indexing does.
    let config = try vm.run("return {name = 'shop', sizes = {1, 2, 3}}")[0].tableValue!
    print(try config["name"].stringValue!, try config["sizes"].arrayValue!.count)  // shop 3

    // Errors are LuaError, with lua's message.
    try vm.run("return invoice({{price = 1}})")
} catch {
    print("error:", error)  // error: invoice:3: attempt to perform arithmetic on a nil value (field 'count')
}
print(output, terminator: "")  // items: 2
