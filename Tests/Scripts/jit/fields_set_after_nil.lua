-- A field set to nil keeps its key in the table; setting it again is Lua's assignment to an
-- absent field: __newindex answers if the metatable has one (once: the field then exists, and
-- the loop's later stores overwrite it), else the value is stored. Stores
-- (interpreted, and compiled in a loop) write such a key in place only when the metatable is
-- known to have no __newindex, including after __newindex comes and goes.
local J = dofile("support.lib")
local compiled = J.compiled

local log = {}
local mt = {}
local o = setmetatable({x = 1}, mt)
local function set(t, v, n)
  for _ = 1, n do t.x = v end
  return rawget(t, "x")
end
o.x = nil
print(set(o, 2, 3))
compiled(set)
o.x = nil
print(set(o, 3, 3))
-- expect: 2
-- expect: 3

mt.__newindex = function(t, k, v) log[#log + 1] = k .. "=" .. v; rawset(t, k, v * 10) end
o.x = nil
print(set(o, 4, 3), table.concat(log, " "))
-- expect: 4	x=4

mt.__newindex = nil
o.x = nil
print(set(o, 5, 2), #log)
-- expect: 5	1

-- __newindex back under a key the metatable held as nil: the store must see it again.
mt.__newindex = function(t, k, v) log[#log + 1] = k .. "=" .. v; rawset(t, k, -v) end
o.x = nil
print(set(o, 6, 2), table.concat(log, " "))
-- expect: 6	x=4 x=6

-- A table without a metatable: a nil field is simply set.
local plain = {x = true, y = 1}
plain.x = nil
print(set(plain, 7, 2), plain.y)
-- expect: 7	1
