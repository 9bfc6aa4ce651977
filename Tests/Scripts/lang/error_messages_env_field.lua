-- Error messages call a name "global" only when the indexed table is the variable _ENV (a local
-- or an upvalue of that name); a field that happens to be called _ENV is a field (Lua 5.4.8;
-- 5.4.4 said "global 'x'" for `a._ENV.x`).
local function msg(f) local ok, e = pcall(f) print(ok, (tostring(e):gsub("^[^:]*:%d+: ", ""))) end
local a = {_ENV = {}}
msg(function() return a._ENV.x.y end)
msg(function() a._ENV.x() end)
msg(function() local _ENV = {_ENV = {}}; return _ENV._ENV.x.y end)
msg(function() local _ENV = {}; return x.y end)
msg(function() return _ENV.x.y end)
msg(function() return y.z end)
msg(function() local e = _ENV; return e.x.y end)
-- expect: false	attempt to index a nil value (field 'x')
-- expect: false	attempt to call a nil value (field 'x')
-- expect: false	attempt to index a nil value (field 'x')
-- expect: false	attempt to index a nil value (global 'x')
-- expect: false	attempt to index a nil value (global 'x')
-- expect: false	attempt to index a nil value (global 'y')
-- expect: false	attempt to index a nil value (field 'x')
