-- table.remove(t) in a loop is taken in: compiled code removes t[#t] of a table without a
-- metatable and gives it back. An empty table (t[0] is read and cleared, as the library does),
-- borders at holes, a result used or dropped, a metatable (its __len and __index answer: the
-- library's), a position argument (the library's), a non-table (the library's error) and
-- table.remove replaced all give lua's results.
local J = dofile("support.lib")

local function drain(t, n)
  local s = 0
  for _ = 1, n do
    local v = table.remove(t)
    if v then s = s + v end
  end
  return s, #t
end
local function drop(t, n)
  for _ = 1, n do table.remove(t) end
  return #t
end
local function fill(n) local t = {} for i = 1, n do t[i] = i end return t end
print(drain(fill(100), 40))
J.compiled(drain)
J.compiled(drop)
local total = 0
for r = 1, 20 do
  local t = fill(1000 + r)
  total = total + drain(t, 500) + drop(t, 200) + #t
end
print(total)
-- expect: 3220	60
-- expect: 7622420

-- Past the end: nil results, and t[0] removed when #t is 0.
local z = {[0] = "zero", 1, 2}
print(drain(z, 2), z[0])
print(table.remove(z), z[0], drop(z, 3))
-- expect: 3	zero
-- expect: zero	nil	0
local holes = {1, 2, nil, 4}
print(drain(holes, 1), #holes)
-- expect: 4	2

-- A metatable: __len and __index answer in the library.
local proxied = setmetatable({}, {__len = function() return 3 end, __index = function(_, k) return k * 10 end})
local c = J.compiled(drain)
J.deopts(drain, c, "storeNeedsSlowPath", function() drain(setmetatable({}, getmetatable(proxied)), 1) end)
print(drain(proxied, 2))
-- expect: 60	3

-- A position argument is the library's; a non-table raises its error.
local function removeAt(t, i) return table.remove(t, i) end
local p = {1, 2, 3}
print(removeAt(p, 1), p[1], #p)
print(pcall(drain, "x", 1))
-- expect: 1	2	2
-- expect: false	intrinsic_table_remove.lua:11: bad argument #1 to 'remove' (table expected, got string)

-- table.remove replaced: the guard of its identity fails, and the new function is called.
local original = table.remove
table.remove = function(t) return -rawget(t, 1) end
print(drain({5, 6}, 3))
table.remove = original
-- expect: -15	2
