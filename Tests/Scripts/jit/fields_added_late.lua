-- A store that once gave an object a field it lacked (a field set late, then overwritten: a
-- scheduler's `self.current = t`) is compiled as an overwrite of that field, with an exit for
-- the adding case; a store that keeps adding fields (a constructor) is left to the interpreter.
-- Either way the results are Lua's, __newindex included.
local J = dofile("support.lib")
local compiled = J.compiled

local Obj = {}
Obj.__index = Obj
local function setmany(obj, n)
  for i = 1, n do obj.cur = i end
  return obj.cur
end
local o = setmetatable({}, Obj)
print(setmany(o, 3))
local c = compiled(setmany)
print(setmany(o, 5))
print(setmany(o, 1000), rawget(o, "cur"))
local before = J.jitOn and (J.vm.tier(setmany).reasons.storeNeedsSlowPath or 0) or 0
print(setmany(o, 7), (J.jitOn and (J.vm.tier(setmany).reasons.storeNeedsSlowPath or 0) or 0) - before)
-- expect: 3
-- expect: 5
-- expect: 1000	1000
-- expect: 7	0

-- On a fresh object the store adds again: the exit lets the interpreter add it.
local fresh = setmetatable({}, Obj)
print(setmany(fresh, 2), rawget(fresh, "cur"))
-- expect: 2	2

-- __newindex answers for an absent field only; an existing one is overwritten raw.
Obj.__newindex = function(t, k, v) rawset(t, k, v * 10) end
local g = setmetatable({}, Obj)
print(setmany(g, 1), setmany(g, 3), rawget(g, "cur"))
g.cur = nil
print(setmany(g, 1))
-- expect: 10	3	3
-- expect: 10

-- A constructor filling fresh tables: its stores stay with the interpreter.
local function point(x, y) local p = {} p.x = x p.y = y return p end
local function adds() return J.jitOn and (J.vm.tier(point).reasons.storeNeedsSlowPath or 0) or 0 end
for i = 1, 3 do point(i, i) end
compiled(point)
point(0, 0)  -- in --jit=stress, each check of this version exits once here
local s, before = 0, adds()
for i = 1, 20 do local p = point(i, 2 * i) s = s + p.x + p.y end
print(s, adds() - before)
-- expect: 630	0
