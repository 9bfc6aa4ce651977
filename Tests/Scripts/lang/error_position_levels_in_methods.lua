-- error level 2 blames the caller's line, also through method calls.
local Obj = {}
Obj.__index = Obj
function Obj:check(v) if not v then error("bad value", 2) end return v end
local o = setmetatable({}, Obj)
local function user()
  local r = o:check(false)
  return r
end
print(pcall(user))
-- expect: false	error_position_levels_in_methods.lua:7: bad value
