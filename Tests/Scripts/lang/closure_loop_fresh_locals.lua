-- Each loop iteration creates a fresh local; closures see the value of their iteration.
local fs = {}
for i = 1, 3 do
  local j = i * 2
  fs[i] = function() j = j + 1 return i, j end
end
print(fs[1]())
-- expect: 1	3
print(fs[1]())
-- expect: 1	4
print(fs[3]())
-- expect: 3	7
