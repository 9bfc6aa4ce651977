-- The main chunk runs from a C function, as under lua.c: debug.getinfo(2) from the main chunk is
-- that C level, and tracebacks end with its "[C]: in ?" line, which is a real level (a level
-- count past it shows nothing more). A coroutine's stack has no such level below its body.
local i2 = debug.getinfo(2, "Slf")
print(i2.what, i2.short_src, i2.source, i2.currentline, type(i2.func))
print(debug.getinfo(1, "S").what)
print(debug.traceback("main"))
print(debug.traceback("one up", 2))
local function f() return (debug.traceback("in f")) end
print(f())
print(coroutine.wrap(function() local t = debug.traceback("in co") return t end)())
-- A deep stack: the first 10 and last 11 levels, and lua's count of the skipped ones.
local co = coroutine.create(function()
  local function rec(n) if n == 0 then coroutine.yield() else rec(n - 1) end end
  rec(30)
end)
coroutine.resume(co)
local tb = debug.traceback(co)
local n = 0
for _ in tb:gmatch("\n") do n = n + 1 end
print(tb:match("%.%.%.\t%(skipping %d+ levels%)"), n, (tb:gsub("^.*\n", "")))
-- expect: C	[C]	=[C]	-1	function
-- expect: main
-- expect: main
-- expect: stack traceback:
-- expect: 	main_chunk_c_level.lua:7: in main chunk
-- expect: 	[C]: in ?
-- expect: one up
-- expect: stack traceback:
-- expect: 	[C]: in ?
-- expect: in f
-- expect: stack traceback:
-- expect: 	main_chunk_c_level.lua:9: in local 'f'
-- expect: 	main_chunk_c_level.lua:10: in main chunk
-- expect: 	[C]: in ?
-- expect: in co
-- expect: stack traceback:
-- expect: 	main_chunk_c_level.lua:11: in function <main_chunk_c_level.lua:11>
-- expect: ...	(skipping 11 levels)	22		main_chunk_c_level.lua:15: in function <main_chunk_c_level.lua:13>
