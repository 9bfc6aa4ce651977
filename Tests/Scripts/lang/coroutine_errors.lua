-- Errors inside coroutines come back from resume; wrap rethrows them.
local co = coroutine.create(function() error("inside") end)
print(coroutine.resume(co))
-- expect: false	coroutine_errors.lua:2: inside
print(coroutine.status(co))
-- expect: dead
local w = coroutine.wrap(function() error({code = 7}) end)
local ok, e = pcall(w)
print(ok, e.code)
-- expect: false	7
print(pcall(coroutine.yield))
-- expect: false	attempt to yield from outside a coroutine
