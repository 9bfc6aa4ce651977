-- An error inside the message handler is reported as a handler error.
local ok, e = xpcall(function() error("first") end, function(m) error("second") end)
print(ok, type(e))
-- expect: false	string
print(pcall(xpcall))
-- expect: false	bad argument #2 to 'xpcall' (function expected, got no value)
