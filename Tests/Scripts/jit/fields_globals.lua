-- Globals read and written by compiled code (fields of _ENV with constant keys): a global that
-- exists, one assigned only after the code was compiled, one set to nil again, and _ENV's hash
-- part growing (many new globals) between calls; a custom _ENV with __index/__newindex.
local J = dofile("support.lib")
counter = 0
local function bump(n)
  for _ = 1, n do counter = counter + step end
  return counter
end
local function late() return lateGlobal end
J.compiled(late)
print(late())
step = 2
J.compiled(bump)
print(bump(10))
lateGlobal = "now here"
print(late(), bump(5))
for i = 1, 200 do _ENV["filler" .. i] = i end  -- rebuilds _ENV's hash part
print(late(), bump(1), filler200)
lateGlobal = nil
print(late())
step = 0.5
print(bump(2))
-- A function with its own _ENV: absent names go to __index, new ones to __newindex.
local seen = {}
local env = setmetatable({}, {__index = function(_, k) return k == "step" and 7 or nil end,
                              __newindex = function(t, k, v) seen[#seen + 1] = k rawset(t, k, v) end})
local function scoped(n)
  local _ENV = env
  for _ = 1, n do total = (total or 0) + step end
  return total
end
J.compiled(scoped)
print(scoped(3), scoped(2), #seen, seen[1])
-- expect: nil
-- expect: 20
-- expect: now here	30
-- expect: now here	32	200
-- expect: nil
-- expect: 33.0
-- expect: 21	35	1	total
