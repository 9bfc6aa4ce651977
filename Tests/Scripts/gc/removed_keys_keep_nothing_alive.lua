-- A key whose value was set to nil keeps its slot (so `next` can go on past it, and a field set
-- to nil and back is found again), but not its object: the collector frees it, finalizer run.
local t = {a = 1}
local k = setmetatable({}, {__gc = function() print("collected") end})
t[k] = 1
t[k] = nil
k = nil
collectgarbage()
collectgarbage()
t.b = 2
t.c = 3
local n = 0
for _ in pairs(t) do n = n + 1 end
print(n)
-- Fields set to nil and back, and keys added and removed again and again: the table holds what
-- was last set, and nothing removed.
for round = 1, 200 do
  t.a = nil
  t["x" .. round] = round
  t["x" .. round] = nil
  t.a = round
end
n = 0
for _ in pairs(t) do n = n + 1 end
print(n, t.a, t.x200)
-- expect: collected
-- expect: 3
-- expect: 3	200	nil
