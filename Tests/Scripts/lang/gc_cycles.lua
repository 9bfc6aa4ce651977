-- Cyclic structures are collected without disturbing live ones.
local live = {}
live.self = live
for i = 1, 2000 do
  local a, b = {}, {}
  a.other = b; b.other = a
end
collectgarbage()
print(live.self == live)
-- expect: true
