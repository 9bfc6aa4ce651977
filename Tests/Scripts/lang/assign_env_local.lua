-- A local _ENV changes where free names resolve.
local print = print
do
  local _ENV = {y = 7}
  x = 3
  print(x, y)
  -- expect: 3	7
end
print(x)
-- expect: nil
local function withenv(_ENV) return a + b end
print(withenv({a = 1, b = 2}))
-- expect: 3
