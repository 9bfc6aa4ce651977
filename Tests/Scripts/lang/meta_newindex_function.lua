-- __newindex as a function intercepts assignments of absent keys only.
local log = {}
local t = setmetatable({exists = 0}, {__newindex = function(tab, k, v)
  log[#log + 1] = k .. "=" .. tostring(v)
  rawset(tab, k, v * 2)
end})
t.x = 5
t.exists = 7
t.x = 6
print(t.x, t.exists, table.concat(log, ","))
-- expect: 6	7	x=5
