-- A generic for whose TFORCALL only ever called `next` (what pairs returns) takes it in behind a
-- guard of its identity. A table whose __pairs gives another iterator fails the guard once the
-- loop is entered compiled: the interpreter calls that iterator, and the sums are Lua's.
local J = dofile("support.lib")

local function total(t)
  local s = 0
  for _, v in pairs(t) do s = s + v end
  return s
end
local plain = {}
for i = 1, 50 do plain[i] = i; plain["x" .. i] = i end
print(total(plain), total(plain))
local c = J.compiled(total)
print(total(plain))
local doubled = setmetatable({}, {__pairs = function(t)
  local i = 0
  return function() i = i + 1; if i <= 40 then return i, i * 2 end end, t, nil
end})
J.deopts(total, c, "callTarget", function() assert(total(doubled) == 1640) end)
print(total(doubled), total(plain))
-- expect: 2550	2550
-- expect: 2550
-- expect: 1640	2550
