-- pcall and xpcall reached from a library function or as a coroutine's body get marker frames like
-- a pcall called from Lua code: what they protect may yield, and nested ones (pcall(pcall, f))
-- catch and return in order.
local co = coroutine.create(pcall)
print(coroutine.resume(co, function() local v = coroutine.yield(1) return v * 5 end))
print(coroutine.resume(co, 7))
print(coroutine.status(co))
co = coroutine.create(pcall)
print(coroutine.resume(co, function() coroutine.yield(1) error("late", 0) end))
print(coroutine.resume(co))
co = coroutine.create(pcall)
print(coroutine.resume(co, error, "now"))
co = coroutine.create(pcall)
print(coroutine.resume(co))
co = coroutine.create(xpcall)
print(coroutine.resume(co, function() coroutine.yield("x") error("e", 0) end, function(m) return "handled: " .. m end))
print(coroutine.resume(co))
co = coroutine.create(pcall)
print(coroutine.resume(co, coroutine.yield, "direct"))
print(coroutine.resume(co, "back"))
local w = coroutine.wrap(function()
  return xpcall(pcall, function(m) return "H" .. m end, function() coroutine.yield("in nested") return "ok" end)
end)
print(w()); print(w())
print(xpcall(pcall, function(m) return "H:" .. m end))
print(pcall(pcall, error, "x"))
print(select("#", pcall(pcall)))
print(pcall(pcall, pcall, error, "x"))
co = coroutine.create(pcall)
print(coroutine.resume(co, pcall, error, "y"))
co = coroutine.create(pcall)
print(coroutine.resume(co, pcall, function() coroutine.yield("deep") error("z", 0) end))
print(coroutine.resume(co))
print(xpcall(xpcall, function(m) return "outer " .. tostring(m) end, function() error("f", 0) end, function(m) return "inner " .. m end))
local ev = {}
debug.sethook(function(e) ev[#ev + 1] = e .. ":" .. tostring(debug.getinfo(2, "n").name) end, "cr")
pcall(pcall, type, 1)
debug.sethook()
print(table.concat(ev, " "))
-- expect: true	1
-- expect: true	true	35
-- expect: dead
-- expect: true	1
-- expect: true	false	late
-- expect: true	false	now
-- expect: false	bad argument #1 to 'pcall' (value expected)
-- expect: true	x
-- expect: true	false	handled: e
-- expect: true	direct
-- expect: true	true	back
-- expect: in nested
-- expect: true	true	ok
-- expect: false	H:bad argument #1 to 'pcall' (value expected)
-- expect: true	false	x
-- expect: 2
-- expect: true	true	false	x
-- expect: true	true	false	y
-- expect: true	deep
-- expect: true	true	false	z
-- expect: true	false	inner f
-- expect: return:sethook call:pcall call:nil call:nil return:nil return:nil return:pcall call:sethook
