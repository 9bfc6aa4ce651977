-- __gc runs exactly once for an unreachable object.
local count = 0
do
  setmetatable({}, {__gc = function() count = count + 1 end})
end
collectgarbage()
print(count)
collectgarbage()
collectgarbage()
print(count)
-- expect: 1
-- expect: 1
