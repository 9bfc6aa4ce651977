-- Upvalues reach several levels up.
local function outer()
  local a = "a"
  return function()
    local b = "b"
    return function()
      local c = "c"
      return function() return a .. b .. c end
    end
  end
end
print(outer()()()())
-- expect: abc
local x = 0
local function l1() return function() return function() x = x + 1 return x end end end
print(l1()()(), l1()()(), x)
-- expect: 1	2	2
