-- Call errors name what was called.
print(pcall(function() undefined_fn() end))
-- expect: false	error_messages_call.lua:2: attempt to call a nil value (global 'undefined_fn')
local obj = {}
print(pcall(function() obj:m() end))
-- expect: false	error_messages_call.lua:5: attempt to call a nil value (method 'm')
print(pcall(function() obj.f() end))
-- expect: false	error_messages_call.lua:7: attempt to call a nil value (field 'f')
print(pcall(function() local n = 1; n() end))
-- expect: false	error_messages_call.lua:9: attempt to call a number value (local 'n')
print(pcall(function() ("s")() end))
-- expect: false	error_messages_call.lua:11: attempt to call a string value (constant 's')
