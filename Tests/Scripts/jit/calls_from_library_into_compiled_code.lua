-- Library code calling a compiled Lua function (a sort comparator, a gsub replacement, an
-- __index function) starts it in its compiled code at once. Results, errors raised inside it
-- (with their positions and tracebacks), a hook it switches on, and a yield it attempts (across
-- the C boundary) are as lua gives them.
local J = dofile("support.lib")

local function byKey(a, b) return a.k < b.k end
local recs = {}
for i = 1, 200 do recs[i] = {k = (i * 37) % 101, id = i} end
byKey(recs[1], recs[2])
J.compiled(byKey)
table.sort(recs, byKey)
print(recs[1].k, recs[1].id, recs[200].k, recs[200].id)
-- expect: 0	101	100	30

local function times10(position) return position * 10 end
times10(1)
J.compiled(times10)
print((string.gsub("abcb", "()b", times10)))
-- expect: a20c40

local function default(_, k) return k * 2 end
default(nil, 1)
J.compiled(default)
local t = setmetatable({}, {__index = default})
print(t[21], t[0.5])
-- expect: 42	1.0

local function failing(a, b)
  if a == 3 then error("no threes") end
  return a < b
end
failing(1, 2)
J.compiled(failing)
print(pcall(table.sort, {5, 3, 1, 4}, failing))
-- expect: false	calls_from_library_into_compiled_code.lua:30: no threes

local lines = 0
local function hooking(a, b)
  if a == 7 and lines == 0 then debug.sethook(function() lines = lines + 1 end, "l") end
  return a < b
end
hooking(1, 2)
J.compiled(hooking)
table.sort({9, 8, 7, 6, 5, 4, 3, 2, 1}, hooking)
debug.sethook()
print(lines > 0)
-- expect: true

local function yielding(a, b) coroutine.yield() return a < b end
local co = coroutine.create(function() table.sort({2, 1}, yielding) end)
print(coroutine.resume(co))
-- expect: false	attempt to yield across a C-call boundary
