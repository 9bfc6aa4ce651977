-- == is false across types and identity for tables and functions.
local t, u = {}, {}
local f = function() end
print(t == t, t == u, f == f, 1 == "1", nil == false)
-- expect: true	false	true	false	false
print(t ~= u, "x" ~= "x", print == print)
-- expect: true	false	true
