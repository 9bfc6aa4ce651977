-- Every operator form whose metamethod may yield (register, constant and immediate operands),
-- and globals through an _ENV with __index/__newindex.
local Y = coroutine.yield
local mt = {}
for _, e in ipairs({"add", "sub", "mul", "div", "mod", "pow", "unm", "idiv", "band", "bor",
                    "bxor", "shl", "shr", "bnot", "len"}) do
  mt["__" .. e] = function(a, b) return Y(e) end
end
local v = setmetatable({}, mt)
local w = 2
local co = coroutine.wrap(function()
  local r = {}
  r[#r + 1] = v + w; r[#r + 1] = v + 1; r[#r + 1] = v + 1.5
  r[#r + 1] = v - w; r[#r + 1] = v - 1
  r[#r + 1] = v * w; r[#r + 1] = v * 3
  r[#r + 1] = v / w; r[#r + 1] = v / 3
  r[#r + 1] = v % w; r[#r + 1] = v % 3
  r[#r + 1] = v ^ w; r[#r + 1] = v ^ 3
  r[#r + 1] = v // w; r[#r + 1] = v // 3
  r[#r + 1] = v & w; r[#r + 1] = v & 3
  r[#r + 1] = v | w; r[#r + 1] = v | 3
  r[#r + 1] = v ~ w; r[#r + 1] = v ~ 3
  r[#r + 1] = v << w; r[#r + 1] = v << 3; r[#r + 1] = 3 << v
  r[#r + 1] = v >> w; r[#r + 1] = v >> 3
  r[#r + 1] = -v; r[#r + 1] = ~v; r[#r + 1] = #v
  return table.concat(r, " ")
end)
local names = {}
local x = co()
local k = 0
while type(x) == "string" and not x:find(" ") do
  names[#names + 1] = x
  k = k + 1
  x = co(k)
end
print(table.concat(names, " "))
print(x)

local store = {}
local env = setmetatable({}, {__index = function(_, name) return Y("get " .. name) end,
                              __newindex = function(_, name, val) Y("set " .. name); store[name] = val end})
local function withEnv()
  local _ENV = env
  return function()
    counter = 10
    return missing, counter
  end
end
co = coroutine.wrap(withEnv())
print(co())
print(co())
print(co("M"))
print(co("C"))
print(store.counter)
-- expect: add add add sub sub mul mul div div mod mod pow pow idiv idiv band band bor bor bxor bxor shl shl shl shr shr unm bnot len
-- expect: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29
-- expect: set counter
-- expect: get missing
-- expect: get counter
-- expect: M	C
-- expect: 10
