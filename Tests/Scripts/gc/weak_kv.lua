-- Weak keys and values: an entry goes when either side dies; strings, numbers and booleans stay.
local t = setmetatable({}, {__mode = "kv"})
local k, v = {}, {}
t[k] = v
t[{}] = v
t[k] = nil
t[k] = {}
t.s = "a string value"
t[1] = 42
t[true] = false
t["long " .. string.rep("x", 60)] = "long key"
t[v] = "kept"
collectgarbage()
local n = 0
for key, val in pairs(t) do n = n + 1 end
print(n, t.s, t[1], t[true], t[v])
print(t["long " .. string.rep("x", 60)])
-- expect: 5	a string value	42	false	kept
-- expect: long key
