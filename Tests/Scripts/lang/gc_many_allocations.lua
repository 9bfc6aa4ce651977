-- Many short-lived allocations of tables, strings and closures.
local total = 0
for i = 1, 20000 do
  local t = {i, i + 1}
  local s = "s" .. i
  local f = function() return t[1] + #s end
  total = total + f()
end
print(total)
-- expect: 200118894
