-- An error inside a wrapped coroutine propagates with the position of the Lua caller prepended.
local f = coroutine.wrap(function() error("boom") end)
print(pcall(function() f() end))
-- expect: false	coroutine_wrap_error_position.lua:3: coroutine_wrap_error_position.lua:2: boom
print(pcall(f))
-- expect: false	cannot resume dead coroutine
local g = coroutine.wrap(function() error({code = 7}) end)
local ok, e = pcall(g)
print(ok, type(e), e.code)
-- expect: false	table	7
