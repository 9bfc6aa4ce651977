-- compare-lua54: compat-5.3 __le fallback, absent from lupa's build
-- Without __le, `a <= b` is `not (b < a)` through __lt (LUA_COMPAT_5_3, on in lua's default
-- build): the operands are swapped, the result negated; `>=` likewise. __le wins when present.
local log = {}
local mt = {__lt = function(a, b) log[#log + 1] = a.v .. "<" .. b.v; return a.v < b.v end}
local function V(v) return setmetatable({v = v}, mt) end
local a, b = V(1), V(2)
print(a <= b, a >= b, b <= a, b >= a, a <= a)
-- expect: true	false	false	true	true
print(table.concat(log, " "))
-- expect: 2<1 1<2 1<2 2<1 1<1
-- In a condition (the jump form) too.
local n = 0
if a <= b then n = n + 1 end
if not (b <= a) then n = n + 1 end
while b <= a do n = n + 100 end
print(n)
-- expect: 2
-- With a number constant: the immediate forms swap the same way, so __lt sees (1, x).
log = {}
local okLe, e1 = pcall(function() return a <= 1 end)
local okGe, e2 = pcall(function() return 1 >= a end)
print(okLe, okGe, e1 == e2)
-- expect: false	false	true
print((e1:gsub("^.-:%d+: ", "")))
-- expect: attempt to index a number value (local 'a')
-- __lt on either operand: the swapped call looks at b first, then a.
local only = setmetatable({}, {__lt = function(x, y) return type(x) == "number" end})
print(only <= 5, 5 <= only, only >= 5)
-- expect: false	true	true
-- __le is used when present, never __lt.
local both = {__lt = function() error("no __lt") end, __le = function(x, y) return x.v <= y.v end}
print(setmetatable({v = 3}, both) <= setmetatable({v = 3}, both))
-- expect: true
-- A truthy non-boolean result is negated into a boolean.
local odd = setmetatable({}, {__lt = function() return "yes" end})
print(odd <= odd, odd >= odd)
-- expect: false	false
-- Neither __le nor __lt: the usual error.
print(pcall(function() return {} <= {} end))
-- expect: false	meta_le_falls_back_to_lt.lua:40: attempt to compare two table values
-- A __lt that yields inside `<=` resumes with the negated result.
local ymt = {__lt = function(x, y) coroutine.yield("in lt") return x.v < y.v end}
local p, q = setmetatable({v = 1}, ymt), setmetatable({v = 2}, ymt)
local co = coroutine.wrap(function()
  local r = {}
  r[1] = p <= q
  r[2] = q <= p
  if p >= q then r[3] = "ge" else r[3] = "lt" end
  return tostring(r[1]) .. " " .. tostring(r[2]) .. " " .. r[3]
end)
print(co(), co(), co(), co())
-- expect: in lt	in lt	in lt	true false lt
