-- Compiled field reads and writes while the table's hash part grows under them (a rehash moves
-- every key to a new slot of a larger part), and on tables of different sizes and key orders
-- passed to the same code in one loop: a field is always looked up in the table at hand.
local J = dofile("support.lib")
local function grow(t, n)
  local s = 0
  for i = 1, n do
    s = s + t.a * 1000 + t.b
    t.b = t.b + 1
    t["extra" .. i] = i  -- a new key: now and then the hash part is rebuilt
  end
  return s, t.a, t.b
end
J.compiled(grow)
local t = {a = 1, b = 2}
print(grow(t, 100))
print(grow(t, 3))
t.a = nil  -- a's slot keeps its key, the value is nil: now an error (arithmetic on nil)
print(pcall(grow, t, 1))
local function sumFields(list)
  local s = 0
  for i = 1, #list do
    local o = list[i]
    s = s + o.x + o.y
    o.y = o.y + 1
  end
  return s
end
J.compiled(sumFields)
local layouts = {
  {x = 1, y = 2},
  {y = 20, x = 10},
  {x = 100, y = 200, z = 1, w = 2, v = 3, u = 4, q = 5, r = 6, s = 7},
  setmetatable({y = 1000}, {__index = {x = 2000}}),
  {1, 2, 3, x = 10000, y = 20000},
}
for i = 1, 40 do layouts[#layouts + 1] = {["k" .. i] = i, x = i, y = -i} end
local total = 0
for _ = 1, 5 do total = total + sumFields(layouts) end
print(total, layouts[1].y, layouts[4].y, rawget(layouts[4], "x"))
-- One table is replaced by another with a different layout between calls.
local shape = {x = 1, y = 1}
for i = 1, 30 do shape["pad" .. i] = i end
print(sumFields({shape, {x = 5, y = 5}}), shape.y)
-- expect: 105150	1	102
-- expect: 3309	1	105
-- expect: false	fields_rehash_and_layouts.lua:8: attempt to perform arithmetic on a nil value (field 'a')
-- expect: 167115	7	1005	nil
-- expect: 12	2
