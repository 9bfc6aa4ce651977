-- A tail call returns all results of the called function; a method tail call too.
local function many() return 1, 2, 3 end
local function tail() return many() end
print(tail())
-- expect: 1	2	3
local obj = {v = 7}
function obj:get(x) return self.v, x end
local function tm() return obj:get("arg") end
print(tm())
-- expect: 7	arg
local function tcall() return setmetatable({}, {__call = function(_, a) return "called", a end})(5) end
print(tcall())
-- expect: called	5
