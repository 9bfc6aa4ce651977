-- Integer keys the interpreter saw outside the array part (0-based arrays, sparse and negative
-- keys) are read and written through the table's own lookup in compiled code, with Lua's
-- results: a new key still goes to the slow path (it may allocate), a nil slot with __newindex
-- still calls it, an existing key is overwritten in place.
local J = dofile("support.lib")
local compiled = J.compiled

local function rotate(t, n)
  -- t[0..n-1] rotated left by one, in place: reads and writes at key 0 and beyond.
  local first = t[0]
  for i = 0, n - 2 do t[i] = t[i + 1] end
  t[n - 1] = first
  return t
end
local t = {}
for i = 0, 4 do t[i] = i * 10 end
rotate(t, 5); rotate(t, 5)
compiled(rotate)
for _ = 1, 3 do rotate(t, 5) end
print(t[0], t[1], t[2], t[3], t[4])
-- expect: 0	10	20	30	40

-- Constant keys below 1 (GETI/SETI) and negative variable keys.
local function edges(u, k)
  u[0] = (u[0] or 0) + 1
  u[-1] = (u[-1] or 0) - 1
  u[k] = (u[k] or 0) + k
  return u[0], u[-1], u[k]
end
local u = {}
print(edges(u, -5))
compiled(edges)
print(edges(u, -5))
print(edges(u, 7))
-- expect: 1	-1	-5
-- expect: 2	-2	-10
-- expect: 3	-3	7

-- A nil slot under __newindex calls it; an existing key is stored without it.
local log = {}
local mt = {__newindex = function(tab, key, v) log[#log + 1] = key; rawset(tab, key, v) end}
local function put(m, i, v) m[i] = v end
local m = setmetatable({}, mt)
put(m, 0, "a"); put(m, 0, "b")
compiled(put)
put(m, 0, "c"); put(m, -3, "d"); put(m, -3, "e")
m[0] = nil
put(m, 0, "f")
print(m[0], m[-3], table.concat(log, ","))
-- expect: f	e	0,-3,0
