-- Integer floor division and modulo guard their divisor: zero exits, and the interpreter raises
-- Lua's error at that instruction (with its line).
local J = dofile("support.lib")
local compiled, deopts = J.compiled, J.deopts
local function fdiv(a, b) return a // b end
local function mod(a, b) return a % b end
print(fdiv(7, 2), fdiv(-7, 2), mod(7, 3), mod(-7, 3))
local c1, c2 = compiled(fdiv), compiled(mod)
print(pcall(function() return fdiv(7, 0) end))
print(pcall(function() return mod(7, 0) end))
deopts(fdiv, c1, "divisionByZero", function() assert(not pcall(fdiv, 7, 0)) end)
deopts(mod, c2, "divisionByZero", function() assert(not pcall(mod, 7, 0)) end)
print(fdiv(9, 4), mod(9, 4), fdiv(7.0, 0), mod(5, -3))
-- expect: 3	-4	1	2
-- expect: false	guard_divisionByZero_integer_floor_division.lua:5: attempt to divide by zero
-- expect: false	guard_divisionByZero_integer_floor_division.lua:6: attempt to perform 'n%0'
-- expect: 2	1	inf	-1
