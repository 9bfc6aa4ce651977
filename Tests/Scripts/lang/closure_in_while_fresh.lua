-- Locals declared inside a while body are fresh per iteration.
local fs, i = {}, 0
while i < 3 do
  i = i + 1
  local v = i * i
  fs[i] = function() return v end
end
print(fs[1](), fs[2](), fs[3]())
-- expect: 1	4	9
