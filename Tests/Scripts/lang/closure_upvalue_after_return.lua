-- Upvalues survive after the enclosing function returns and are closed per scope exit.
local fs = {}
local function make(n)
  local x = n
  fs[#fs + 1] = function() return x end
  x = x * 10
end
make(1); make(2)
print(fs[1](), fs[2]())
-- expect: 10	20
