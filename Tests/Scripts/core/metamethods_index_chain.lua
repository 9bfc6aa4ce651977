-- __index/__newindex chains (__newindex only for absent keys) through tables and functions; rawget/rawset bypass them.
local base = {greet = function(self) return "hi " .. self.name end}
local mid = setmetatable({}, {__index = base})
local obj = setmetatable({name = "x"}, {__index = mid})
print(obj:greet(), rawget(obj, "greet"))
-- expect: hi x	nil
local log = {}
local proxy = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k; rawset(t, k, v * 2) end})
proxy.a = 1; proxy.a = 5
print(proxy.a, #log)
-- expect: 5	1
local calls = setmetatable({}, {__call = function(self, a, b) return a + b end})
print(calls(2, 3))
-- expect: 5
