-- An uncaught call error names the method.
local s = {}
s:m()
-- expect error: attempt to call a nil value (method 'm')
