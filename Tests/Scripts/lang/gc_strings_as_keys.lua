-- Built strings used as keys stay findable across collections (interning and hashing agree).
local t = {}
for i = 1, 500 do t["k" .. i] = i end
collectgarbage()
local hits = 0
for i = 1, 500 do if t[string.format("k%d", i)] == i then hits = hits + 1 end end
print(hits)
-- expect: 500
