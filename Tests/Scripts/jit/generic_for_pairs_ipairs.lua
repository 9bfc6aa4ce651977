-- A generic for over pairs, next or ipairs compiles without calling the iterator: the same
-- traversals as the interpreter's (array part, then hash part; ipairs to the first nil), with
-- one, two or three loop variables, holes, fields cleared and overwritten during the traversal,
-- float keys, a break, nested loops, and ipairs through an __index that answers past the array.
local J = dofile("support.lib")

local function keysOf(t)
  local out = {}
  for k in pairs(t) do out[#out + 1] = tostring(k) end
  table.sort(out)
  return table.concat(out, " ")
end

local function sums(t)
  local ks, vs, n, third = 0, 0, 0, 0
  for k, v, extra in pairs(t) do
    if math.type(k) == "integer" then ks = ks + k end
    vs = vs + v
    n = n + 1
    if extra ~= nil then third = third + 1 end
  end
  return ks, vs, n, third
end

local function weighted(t)
  local s, n = 0, 0
  for i, v in ipairs(t) do
    s = s + i * v
    n = n + 1
  end
  return s, n
end

local function viaNext(t)
  local s = 0
  for k, v in next, t do s = s + v end
  return s
end

local mixed = {}
for i = 1, 40 do mixed[i] = i end
for i = 1, 30 do mixed["k" .. i] = i * 2 end
mixed[100] = 7
mixed[2.0 ^ 70] = 1
mixed[0.5] = 3
local holes = {1, 2, 3, nil, 5, 6}
for _ = 1, 3 do sums(mixed); weighted(mixed); viaNext(mixed) end
J.compiled(sums); J.compiled(weighted); J.compiled(viaNext)
print(sums(mixed))
print(weighted(mixed))
print(viaNext(mixed))
print(sums({}), weighted({}), viaNext({}))
print(sums(holes))
print(weighted(holes))
print(keysOf({10, 20, x = 1, [3.0] = 30}))

-- Fields cleared and existing fields overwritten during the traversal (allowed by the manual).
local function clearOdd(t)
  local seen = 0
  for k, v in pairs(t) do
    seen = seen + 1
    if v % 2 == 1 then t[k] = nil else t[k] = v * 10 end
  end
  return seen
end
local m = {}
for i = 1, 20 do m[i] = i; m["s" .. i] = i end
clearOdd({1, 2, 3})
J.compiled(clearOdd)
print(clearOdd(m), sums(m))

-- A break, and a loop in a loop.
local function firstBig(t, limit)
  for k, v in pairs(t) do
    if v > limit then return k, v end
  end
  return nil
end
local function pairsOfPairs(outer)
  local n = 0
  for _, inner in ipairs(outer) do
    for _, v in pairs(inner) do n = n + v end
  end
  return n
end
firstBig({1, 2}, 5); pairsOfPairs({{1}})
J.compiled(firstBig); J.compiled(pairsOfPairs)
print(firstBig({5, 9, 12, 30}, 10))
print(pairsOfPairs({{1, 2}, {a = 3, b = 4}, {}, {5}}))

-- ipairs asks __index once the array ends, and stops at its first nil.
local proxy = setmetatable({1, 2, 3}, {__index = function(_, i) if i <= 5 then return i * 10 end end})
print(weighted(proxy))
-- expect: 920	1761	73	0
-- expect: 22140	40
-- expect: 1761
-- expect: 0	0	0
-- expect: 17	17	5	0
-- expect: 14	3
-- expect: 1 2 3 x
-- expect: 40	110	2200	20	0
-- expect: 3	12
-- expect: 15
-- expect: 424	5
