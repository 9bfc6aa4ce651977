-- Integer keys the array part does not hold (index 0, negative keys, a sparse hash part) read in a
-- hot loop: the array-part speculation fails until the code reads them through the table's own
-- lookup; results are Lua's, including __index answering a missing key.
local J = dofile("support.lib")
local function sum(t, lo, hi)
  local s = 0
  for i = lo, hi do
    local v = t[i]
    if v then s = s + v end
  end
  return s
end
local zeroBased = {}
for i = 0, 99 do zeroBased[i] = i end
local sparse = {}
for i = 1, 200 do sparse[i * 7919 % 1009] = i end
local total = 0
for _ = 1, 50 do total = total + sum(zeroBased, 0, 99) + sum(sparse, -5, 1010) end
print(total)
J.ranCompiled(sum)
-- A metatable's __index answers the keys the table lacks (the compiled read must not skip it).
local withDefault = setmetatable({[0] = 1}, {__index = function(_, k) return k < 0 and -1 or 2 end})
print(sum(withDefault, -2, 3), sum(zeroBased, 0, 99))
-- expect: 1252500
-- expect: 5	4950
