-- Weak values: entries whose values are collectable objects become nil after a full collection.
local t = setmetatable({}, {__mode = "v"})
local keep = {}
t[1] = {}            -- array part, dies
t[2] = keep          -- array part, alive
t.x = {}             -- hash part, dies
t.y = keep           -- hash part, alive
t.f = function() end
collectgarbage()
print(t[1], t[2] == keep, t.x, t.y == keep)
local n = 0
for k, v in pairs(t) do n = n + 1 end
print(n)
-- expect: nil	true	nil	true
-- expect: 2
