-- A field read compiled for plain tables meets an absent key in a table whose __index is a
-- function: the load exits and the interpreter calls the metamethod.
local J = dofile("support.lib")
local compiled, deopts = J.compiled, J.deopts
local function field(o) return o.y end
print(field({y = 1}), field({y = 2}))
local c = compiled(field)
local calls = 0
local proxy = setmetatable({}, {__index = function(_, k) calls = calls + 1 return "mm:" .. k end})
print(field(proxy), calls)
deopts(field, c, "nilNeedsMetatable", function() assert(field(proxy) == "mm:y") end)
-- __index chains of plain tables are the compiled load's own (no exit).
local base = {y = "inherited"}
print(field(setmetatable({}, {__index = base})), field({y = 3}))
-- expect: 1	2
-- expect: mm:y	1
-- expect: inherited	3
