-- collectgarbage("step", n) does work proportional to n and answers true only when a step ends a
-- cycle. (Incremental mode: lua.c starts generational, where steps are minor collections.)
-- no-gc-stress: counts the collector's steps, and stress mode collects at every safe point besides
print(collectgarbage("incremental"))
-- expect: generational
local function stepsToFinish(n)
  collectgarbage()
  local junk = {}
  for i = 1, 50000 do junk[i] = {i} end
  junk = nil
  local k = 0
  repeat k = k + 1 until collectgarbage("step", n) or k > 1000000
  return k
end
local k1, k10, k100 = stepsToFinish(1), stepsToFinish(10), stepsToFinish(100)
-- Steps of 1 KB need about ten times as many as steps of 10 KB, and so on.
print(k1 > 5 * k10, k1 < 20 * k10, k10 > 5 * k100, k10 < 20 * k100)
-- expect: true	true	true	true
-- A huge step ends a cycle at once; a negative one does nothing.
print(collectgarbage("step", 1 << 30), collectgarbage("step", -1))
-- expect: true	false
-- Small steps say false until the cycle is done; by then garbage is gone and finalizers ran.
collectgarbage()
local weak = setmetatable({}, {__mode = "v"})
local finalized = false
for i = 1, 20000 do weak[i] = {} end
local obj = setmetatable({}, {__gc = function() finalized = true end})
weak[20001], obj = obj, nil
local falses = 0
while not collectgarbage("step", 1) do falses = falses + 1 end
print(falses > 10, next(weak), finalized)
-- expect: true	nil	true
