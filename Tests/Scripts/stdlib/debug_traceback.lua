-- debug.traceback as an xpcall handler, with levels, and for a suspended coroutine.
local function clean(...) local t = table.pack(...) for i = 1, t.n do if type(t[i]) == "string" then t[i] = t[i]:gsub("[%w_%-%./]*/", "") end end return table.unpack(t, 1, t.n) end
local function lvl3() error("boom") end
local function lvl2() lvl3() end
print(clean(xpcall(lvl2, debug.traceback)))
print(clean(debug.traceback("hi")))
print(clean(debug.traceback("lvl", 2)))
local co = coroutine.create(function() coroutine.yield() end)
coroutine.resume(co)
print(clean(debug.traceback(co)))
print(clean(debug.traceback(co, "msg")))
print(clean(debug.traceback(42)), type(debug.traceback({})), debug.traceback(nil) ~= nil)
-- expect: false	debug_traceback.lua:3: boom
-- expect: stack traceback:
-- expect: 	[C]: in function 'error'
-- expect: 	debug_traceback.lua:3: in upvalue 'lvl3'
-- expect: 	debug_traceback.lua:4: in function <debug_traceback.lua:4>
-- expect: 	[C]: in function 'xpcall'
-- expect: 	debug_traceback.lua:5: in main chunk
-- expect: 	[C]: in ?
-- expect: hi
-- expect: stack traceback:
-- expect: 	debug_traceback.lua:6: in main chunk
-- expect: 	[C]: in ?
-- expect: lvl
-- expect: stack traceback:
-- expect: 	[C]: in ?
-- expect: stack traceback:
-- expect: 	[C]: in function 'coroutine.yield'
-- expect: 	debug_traceback.lua:8: in function <debug_traceback.lua:8>
-- expect: msg
-- expect: stack traceback:
-- expect: 	[C]: in function 'coroutine.yield'
-- expect: 	debug_traceback.lua:8: in function <debug_traceback.lua:8>
-- expect: 42
-- expect: stack traceback:
-- expect: 	debug_traceback.lua:12: in main chunk
-- expect: 	[C]: in ?	table	true
