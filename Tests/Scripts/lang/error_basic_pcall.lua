-- pcall returns true and the results, or false and the error value.
print(pcall(function(a, b) return a + b, "ok" end, 2, 3))
-- expect: true	5	ok
print(pcall(error, "msg"))
-- expect: false	msg
print(pcall(error))
-- expect: false	nil
print(pcall(function() error("with position") end))
-- expect: false	error_basic_pcall.lua:8: with position
print(select("#", pcall(function() end)))
-- expect: 1
