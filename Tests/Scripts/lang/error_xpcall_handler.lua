-- xpcall calls the handler with the error and returns its result.
print(xpcall(function() error("bad") end, function(m) return "handled: " .. m end))
-- expect: false	handled: error_xpcall_handler.lua:2: bad
print(xpcall(function(a, b) return a * b end, print, 6, 7))
-- expect: true	42
print(xpcall(function() error({1, 2, 3}) end, function(t) return #t end))
-- expect: false	3
print(xpcall(function() local x = nil; return x.y end, function(m) return (m:gsub("^.-:%d+: ", "")) end))
-- expect: false	attempt to index a nil value (local 'x')
