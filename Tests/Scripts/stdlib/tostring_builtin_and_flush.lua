-- tostring of a builtin function reads "function: 0x..." like any function (no "builtin:"),
-- and distinct builtins print distinct addresses; file:flush() and io.flush() return true.
local function shape(f) return (tostring(f):gsub("0x%x+", "ADDR")) end
print(shape(print), shape(string.rep), shape(io.write), shape(function() end))
print(tostring(print) == tostring(print), tostring(print) ~= tostring(type))
print(string.format("%s", math.floor):match("^function: 0x%x+$") ~= nil)
print(io.stdout:flush())
print(io.flush())
local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("x")
print(f:flush(), select("#", f:flush()))
f:close()
os.remove(name)
-- expect: function: ADDR	function: ADDR	function: ADDR	function: ADDR
-- expect: true	true
-- expect: true
-- expect: true
-- expect: true
-- expect: true	1
