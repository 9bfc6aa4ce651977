-- Index errors name the variable kind: global, local, field, upvalue, method.
print(pcall(function() return undefined_global.x end))
-- expect: false	error_messages_index.lua:2: attempt to index a nil value (global 'undefined_global')
print(pcall(function() local l; return l.x end))
-- expect: false	error_messages_index.lua:4: attempt to index a nil value (local 'l')
local t = {}
print(pcall(function() return t.y.z end))
-- expect: false	error_messages_index.lua:7: attempt to index a nil value (field 'y')
local up
print(pcall(function() return up[1] end))
-- expect: false	error_messages_index.lua:10: attempt to index a nil value (upvalue 'up')
print(pcall(function() t.a.b = 1 end))
-- expect: false	error_messages_index.lua:12: attempt to index a nil value (field 'a')
print(pcall(function() x.y = 1 end))
-- expect: false	error_messages_index.lua:14: attempt to index a nil value (global 'x')
