-- Loop conditions combining and/or/not with side effects evaluated in order.
local log = {}
local function f(name, v) log[#log + 1] = name; return v end
local i = 0
while f("a", i < 2) and not f("b", false) do i = i + 1 end
print(i, table.concat(log, ""))
-- expect: 2	ababa
