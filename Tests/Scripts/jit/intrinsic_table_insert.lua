-- table.insert(t, v) in a loop is taken in: t[#t + 1] = v done by compiled code for a table
-- without a metatable (the array grows as the library's own insert grows it). A table with a
-- metatable (its __newindex answers), borders at holes, nil values, a non-table (the library's
-- error, with its position) and table.insert replaced all give lua's results.
local J = dofile("support.lib")

local function fill(t, n, r)
  for i = 1, n do table.insert(t, i * r) end
  return #t
end
local t = {}
print(fill(t, 1000, 2), t[1], t[1000])
J.compiled(fill)
local s = 0
for r = 1, 20 do local u = {} fill(u, 2000, r) s = s + #u + u[2000] end
print(s)
-- expect: 1000	2	2000
-- expect: 460000

local c = J.compiled(fill)
local scaled = {__newindex = function(t, k, v) rawset(t, k, v * 10) end}
local logged
J.deopts(fill, c, "storeNeedsSlowPath", function() logged = setmetatable({}, scaled); fill(logged, 1, 1) end)
print(#logged, logged[1], logged[2])
local holes = {1, 2, nil, 4}
print(fill(holes, 2, 1), #holes)
print(pcall(fill, "x", 1, 1))
-- expect: 1	10	nil
-- expect: 6	6
-- expect: false	intrinsic_table_insert.lua:8: bad argument #1 to 'insert' (table expected, got string)

local function pairsOfNil(n)
  local w = {}
  for i = 1, n do table.insert(w, nil) table.insert(w, i) end
  return #w, w[n]
end
print(pairsOfNil(300))
-- expect: 300	300

-- table.insert replaced: the guard of its identity fails, and the new function is called.
local original = table.insert
table.insert = function(t, v) rawset(t, #t + 1, -v) end
print(fill({}, 3, 1))
local u = {}
fill(u, 2, 5)
print(u[1], u[2])
table.insert = original
-- expect: 3
-- expect: -5	-10
