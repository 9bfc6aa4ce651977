-- Objects still marked for finalization are finalized when the state closes (end of script),
-- newest first.
local a = setmetatable({}, {__gc = function() print("closing a") end})
local b = setmetatable({}, {__gc = function() print("closing b") end})
print("end of script")
-- expect: end of script
-- expect: closing b
-- expect: closing a
