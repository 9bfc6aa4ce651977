-- error's level argument chooses which position is prepended.
local function lvl1() error("one", 1) end
local function lvl2() error("two", 2) end
local function lvl0() error("zero", 0) end
local function caller() lvl2() end
print(pcall(lvl1))
-- expect: false	error_levels.lua:2: one
print(pcall(caller))
-- expect: false	error_levels.lua:5: two
print(pcall(lvl0))
-- expect: false	zero
