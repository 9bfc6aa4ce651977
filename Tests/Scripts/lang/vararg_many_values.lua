-- Many values through varargs and returns.
local function pass(...) return ... end
local t = {}
for i = 1, 200 do t[i] = i end
local r = table.pack(pass(table.unpack(t)))
print(r.n, r[1], r[200])
-- expect: 200	1	200
local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + (select(i, ...)) end
  return s
end
print(sum(table.unpack(t)))
-- expect: 20100
