-- A weak table that is its own metatable; dead-key slots are reused and `#`/next stay right.
local t = {}
t.__mode = "k"
setmetatable(t, t)
for i = 1, 100 do t[{}] = i end
collectgarbage()
local n = 0
for k, v in pairs(t) do n = n + 1 end
print(n, t.__mode)
local keys = {}
for i = 1, 100 do keys[i] = {}; t[keys[i]] = i end
for i = 1, 20 do t[i] = i end
collectgarbage()
n = 0
for k, v in pairs(t) do n = n + 1 end
print(n, #t, t[keys[50]])
keys = nil
collectgarbage()
n = 0
for k, v in pairs(t) do n = n + 1 end
print(n)
-- expect: 1	k
-- expect: 121	20	50
-- expect: 21
