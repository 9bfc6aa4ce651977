-- __newindex is not called for keys already present (even if the value is then set to nil).
local hits = 0
local t = setmetatable({a = 1}, {__newindex = function(tab, k, v) hits = hits + 1 rawset(tab, k, v) end})
t.a = 2
t.a = nil
t.a = 3
print(t.a, hits)
-- expect: 3	1
