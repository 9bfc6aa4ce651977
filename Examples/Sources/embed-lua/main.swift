// embed-lua: a Swift program with Lua inside. The rules of a small shop live in a Lua script; the
// Swift side gives it prices, calls its functions and reads back what it computed.

import Lua

let vm = LuaVM()

// 1. Lua's print and io.write go wherever the app wants them.
var log: [String] = []
vm.setOutputHandler { text in log.append(text) }

// 2. Values from Swift: globals, and a Swift function Lua can call.
let prices: [String: Double] = ["apple": 0.5, "pear": 0.75, "melon": 2.0]
vm["currency"] = "EUR"
vm.register("price") { args in
    guard let item = args.first?.stringValue else { throw LuaError("price: item name expected") }
    guard let p = prices[item] else { return [.nil, .string("no such item: \(item)")] }
    return [.number(p)]
}

// 3. The script: plain Lua 5.4.
let rules = """
    discount = {threshold = 10, rate = 0.1}

    function total(order)
      local sum = 0
      for item, count in pairs(order) do
        local p = assert(price(item))
        sum = sum + p * count
      end
      if sum >= discount.threshold then sum = sum * (1 - discount.rate) end
      print(string.format("total %.2f %s", sum, currency))
      return sum, sum >= discount.threshold
    end
    """

do {
    try vm.run(rules, chunkName: "=rules")

    // 4. Lua tables as Swift values.
    let discount = vm["discount"].tableValue!
    print("threshold:", try discount["threshold"].intValue ?? 0, "rate:", try discount["rate"].doubleValue ?? 0)

    // 5. Calling Lua with Swift arguments: a table made from a dictionary.
    let order = vm.table(["apple": 12, "melon": 3])
    let result = try vm.call("total", .table(order))
    print("total:", result[0].doubleValue ?? 0, "discounted:", result[1].boolValue ?? false)

    // 6. Errors come back as LuaError, with Lua's message.
    do {
        try vm.call("total", .table(vm.table(["kiwi": 1])))
    } catch {
        print("error:", error.message)
    }
} catch {
    print("unexpected error:", error)
}

print("lua printed:", log.joined().split(separator: "\n").joined(separator: " | "))
