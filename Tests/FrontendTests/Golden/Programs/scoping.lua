-- scoping: shadowing, compile-time constants, _ENV, locals in nested blocks, goto rules
local x <const> = 10
local y <const> = "str"
local z <const> = x * 2
print(x, y, z, x + z)
local function usesConst() return x + 1 end
print(usesConst())
local x = 1
print(x)
do
  local _ENV = {print = print, tostring = tostring}
  g = 5
  print(g, tostring(rawget))
end
print(g)
local function env()
  local _ENV <const> = {v = "from env"}
  return v
end
print(env())
gv = 1
local function setg() gv = gv + 1 end
setg()
print(gv)
local a = 1
local function shadow(a) a = a + 1; return a end
print(shadow(10), a)
for a = 1, 2 do local a = a * 10; print(a) end
print(a)
do
  local i = 0
  ::top::
  do
    local inner = i
    i = i + 1
    if i < 3 then goto top end
  end
  print(i)
end
local tbl = {}
local k <close> = nil
print("close ok")
