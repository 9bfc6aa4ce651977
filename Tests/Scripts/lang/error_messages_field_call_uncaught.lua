-- An uncaught call of a missing field names the field.
local t = {}
t.y()
-- expect error: attempt to call a nil value (field 'y')
