-- error() with levels adds the position of the chosen caller; non-string values pass unchanged.
local function lvl1() error("one") end
local function lvl2() error("two", 2) end
local function lvl0() error("zero", 0) end
print(pcall(lvl1))
-- expect: false	error_levels_and_values.lua:2: one
print(pcall(function() lvl2() end))
-- expect: false	error_levels_and_values.lua:7: two
print(pcall(lvl0))
-- expect: false	zero
print(select("#", pcall(error)))
-- expect: 2
print(pcall(error, 42))
-- expect: false	42
