-- debug.setmetatable marks an object for finalization like setmetatable does (manual §2.5.3).
local t = {}
debug.setmetatable(t, {__gc = function() print("finalized") end})
t = nil
collectgarbage()
print("after collect")
-- expect: finalized
-- expect: after collect
