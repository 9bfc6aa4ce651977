-- collectgarbage("count") is a float in KB and drops after a big table is freed.
collectgarbage()
local before = collectgarbage("count")
local big = {}
for i = 1, 300000 do big[i] = i end
local peak = collectgarbage("count")
big = nil
collectgarbage()
local after = collectgarbage("count")
print(math.type(before), peak > before + 1000, after < peak - 1000)
-- expect: float	true	true
