-- collectgarbage: collecting keeps live data intact; count returns a number.
local keep = {}
for i = 1, 1000 do keep[i] = {i, tostring(i)} end
for i = 1, 1000 do local _ = {i} end
collectgarbage()
collectgarbage("collect")
local s = 0
for i = 1, 1000 do s = s + keep[i][1] + #keep[i][2] end
print(s, type(collectgarbage("count")))
-- expect: 503393	number
