-- Weakness is read at collection time from the metatable's __mode.
local mt = {}
local t = setmetatable({}, mt)
t[1] = {}
collectgarbage()
print(t[1] ~= nil)
mt.__mode = "v"
collectgarbage()
print(t[1])
mt.__mode = nil
t[1] = {}
collectgarbage()
print(t[1] ~= nil)
-- expect: true
-- expect: nil
-- expect: true
