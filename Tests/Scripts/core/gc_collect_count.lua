-- collectgarbage: count falls after garbage is dropped; isrunning answers.
local t = {}
for i = 1, 3000 do t[i] = {i} end
local before = collectgarbage("count")
t = nil
collectgarbage()
local after = collectgarbage("count")
print(after < before, collectgarbage("isrunning"))
-- expect: true	true
