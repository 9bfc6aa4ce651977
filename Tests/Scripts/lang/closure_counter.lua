-- Closures keep their own copies of the enclosing locals per call.
local function counter()
  local n = 0
  return function() n = n + 1 return n end
end
local c1, c2 = counter(), counter()
print(c1(), c1(), c1(), c2())
-- expect: 1	2	3	1
