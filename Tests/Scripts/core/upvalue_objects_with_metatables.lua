-- An object held in an upvalue is read and written with GETTABUP/SETTABUP, as a local one is with
-- GETFIELD/SETFIELD: fields through `__index` tables and functions, existing fields overwritten
-- whatever the metatable, a nil field handed to `__newindex` while it has one, and set in place
-- once it has none.
local Base = {kind = "base", greet = function(self) return "hi " .. self.name end}
Base.__index = Base
local obj = setmetatable({name = "o"}, Base)
local log = {}
local guarded = setmetatable({x = 1}, {__newindex = function(t, k, v) log[#log + 1] = k .. "=" .. tostring(v); rawset(t, k, v) end,
                                       __index = function(_, k) return "default " .. k end})

local function use()
  obj.name = obj.name .. "!"          -- existing field, metatable present
  obj.extra = nil                     -- absent, stays absent
  local k = obj.kind                  -- through __index
  guarded.x = guarded.x + 1           -- existing: no __newindex call
  guarded.y = 10                      -- absent: __newindex
  local z = guarded.z                 -- __index function
  return obj:greet(), k, obj.extra, guarded.x, z
end
print(use())
print(use())
print(#log, log[1], log[2])
-- expect: hi o!	base	nil	2	default z
-- expect: hi o!!	base	nil	3	default z
-- expect: 1	y=10	nil

-- A field set to nil and back, many times, on an object with a metatable: the value read back is
-- always the last one written, and `next` still walks every field.
local Task = {}
Task.__index = Task
local t = setmetatable({a = 1, b = 2, c = 3}, Task)
local function toggle(n)
  local s = 0
  for i = 1, n do
    t.work = nil
    t.dev = i
    if t.work == nil then s = s + 1 end
    t.work = i
    t.dev = nil
    s = s + t.work + (t.dev or 0)
  end
  return s
end
print(toggle(2000))
local keys = {}
for k in pairs(t) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, " "))
-- expect: 2003000
-- expect: a b c work
