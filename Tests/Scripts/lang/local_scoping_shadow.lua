-- Locals shadow outer locals and globals; a local is visible only after its declaration.
x = "global"
local x = x .. "+local"
print(x)
-- expect: global+local
do
  local x = "inner"
  print(x)
  -- expect: inner
end
print(x)
-- expect: global+local
local y = 1
local y = y + 1
print(y)
-- expect: 2
local function g() return x end
print(g())
-- expect: global+local
