-- A removed entry keeps no key alive: a long-string key stops counting in collectgarbage("count")
-- at the next collection, and lookups, inserts and traversals stay right around the dead slot.
-- A removed long-string key is freed by the next collection (and a new equal key works).
local t = {}
local key = string.rep("k", 200000)
t[key] = true
collectgarbage()
local withKey = collectgarbage("count")
t[key] = nil
key = nil
collectgarbage()
local without = collectgarbage("count")
print(withKey - without > 150, next(t))
-- expect: true	nil
t[string.rep("k", 200000)] = 1
print(t[string.rep("k", 200000)], next(t) == string.rep("k", 200000))
-- expect: 1	true
-- Short string keys too: a removed entry keeps no key alive; clearing during traversal works.
local u = {}
for i = 1, 100 do u["key" .. i] = i end
local n = 0
for k in pairs(u) do u[k] = nil; n = n + 1; collectgarbage() end
print(n, next(u))
-- expect: 100	nil
