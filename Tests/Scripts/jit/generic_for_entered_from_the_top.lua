-- A generic for over pairs, next or ipairs in a function compiled whole: compiled code makes the
-- loop's first step in front of its body (no interpreted TFORPREP, no OSR entry needed). Empty
-- tables, a break, nested loops, values changed during the traversal and a closing value (the
-- fourth value: a to-be-closed variable, which the interpreter's TFORPREP takes) give lua's
-- results, and the closing value's __close runs once per loop.
local J = dofile("support.lib")

local function sums(t)
  local ks, vs, n = 0, 0, 0
  for k, v in pairs(t) do
    if type(k) == "number" then ks = ks + k end
    vs = vs + v
    n = n + 1
  end
  local iv = 0
  for i, v in ipairs(t) do iv = iv + i * v end
  return ks, vs, n, iv
end
local t = {10, 20, 30, x = 1, y = 2}
print(sums(t))
J.compiled(sums)
print(sums(t))
print(sums({}))
-- expect: 6	63	5	140
-- expect: 6	63	5	140
-- expect: 0	0	0	0

local function firstOver(t, limit)
  for i, v in ipairs(t) do
    if v > limit then return i, v end
  end
  return nil
end
firstOver({1}, 0)
J.compiled(firstOver)
print(firstOver({1, 5, 9, 12}, 8), firstOver({1, 2}, 8))
-- expect: 3	nil

local function pairsProduct(a, b)
  local n = 0
  for _, x in ipairs(a) do
    for k, y in next, b do n = n + x * y end
  end
  return n
end
pairsProduct({1}, {a = 1})
J.compiled(pairsProduct)
print(pairsProduct({1, 2, 3}, {a = 10, b = 100}), pairsProduct({}, {a = 1}), pairsProduct({1}, {}))
-- expect: 660	0	0

local function doubleAll(t)
  for k, v in pairs(t) do t[k] = v * 2 end
  return t
end
doubleAll({w = 1, z = 1})
J.compiled(doubleAll)
local d = doubleAll({x = 1, y = 2, z = 3})
print(d.x, d.y, d.z)
-- expect: 2	4	6

local closed = 0
local closing = setmetatable({}, {__close = function() closed = closed + 1 end})
local function withClosing(t)
  local n = 0
  for _, v in next, t, nil, closing do n = n + v end
  return n
end
print(withClosing({1}), closed)
J.compiled(withClosing)
print(withClosing({1, 2, 3}), withClosing({}), closed)
-- expect: 1	1
-- expect: 6	0	3
local function closingFalse(t)
  local n = 0
  for _, v in next, t, nil, false do n = n + v end
  return n
end
closingFalse({1})
J.compiled(closingFalse)
print(closingFalse({4, 5}))
-- expect: 9
