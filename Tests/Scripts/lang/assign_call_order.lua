-- Function calls in an expression list run left to right.
local log = {}
local function f(x) log[#log + 1] = x return x end
local a, b, c = f(1), f(2), f(3)
local t = {f(4), f(5), k = f(6)}
print(table.concat(log, ","), a + b + c)
-- expect: 1,2,3,4,5,6	6
log = {}
local r = f(1) + f(2) * f(3)
print(table.concat(log, ","), r)
-- expect: 1,2,3	7
