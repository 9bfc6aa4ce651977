-- Finalizers run in the reverse order of marking (setmetatable order).
local log = {}
local hold = {}
for i = 1, 5 do
  hold[i] = setmetatable({}, {__gc = function() log[#log + 1] = i end})
end
hold = nil   -- all five become unreachable in the same cycle
collectgarbage()
print(table.concat(log, " "))
-- expect: 5 4 3 2 1
