-- binary_trees: builds and walks many short-lived complete binary trees; allocation and GC.
-- Written in the Lua that LuaJIT also runs (no // or bitwise operators); prints one checksum line.
local MAXDEPTH = 14

local function make(d)
  if d == 0 then return {} end
  d = d - 1
  return {make(d), make(d)}
end

local function check(t)
  local l = t[1]
  if l then return 1 + check(l) + check(t[2]) end
  return 1
end

local mindepth = 4
local maxdepth = math.max(mindepth + 2, MAXDEPTH)
local total = check(make(maxdepth + 1))
local longlived = make(maxdepth)
for d = mindepth, maxdepth, 2 do
  local iters = math.floor(2 ^ (maxdepth - d + mindepth))
  local c = 0
  for _ = 1, iters do c = c + check(make(d)) end
  total = total + c
end
total = total + check(longlived)
print("checksum", string.format("%d", total))
