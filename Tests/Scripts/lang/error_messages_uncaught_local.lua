-- An uncaught index error names the local.
local x
x.y = 2
-- expect error: error_messages_uncaught_local.lua:3: attempt to index a nil value (local 'x')
