-- debug.sethook called inside a metamethod: the calling frame's next instruction is already traced
-- (the instruction that called the metamethod finishes first).
local ev = {}
local function hook(e, l) ev[#ev+1] = e .. ":" .. tostring(l) end
local function on() debug.sethook(hook, "l") end
local function flush(tag) debug.sethook(); print(tag, table.concat(ev, " ")); ev = {} end
local mt = {
  __index = function(t, k) on() return k end,
  __newindex = function(t, k, v) on() end,
  __add = function(a, b) on() return 10 end,
  __lt = function(a, b) on() return true end,
  __le = function(a, b) on() return false end,
  __eq = function(a, b) on() return true end,
  __concat = function(a, b) on() return "cc" end,
  __len = function(a) on() return 3 end,
  __unm = function(a) on() return -1 end,
  __call = function(self, x) on() return x end,
  __close = function() on() end,
}
local A, B = setmetatable({}, mt), setmetatable({}, mt)
local x = A.foo; local y = 1
local z = 2
flush("index")
A.bar = 1; local y = 1
flush("newindex")
local s = A + 1; local q = s
flush("add")
if A < B then local r = 1 end
flush("lt")
if A <= B then local r = 1 else local r = 2 end
flush("le")
if A == B then local r = 1 end
flush("eq")
local c = "a" .. A .. "b" .. "c"; local d = c
flush("concat")
local n = #A; local m = n
flush("len")
local u = -A
flush("unm")
local w = A(5); local w2 = w
flush("call")
do local v <close> = A end; local after = 1
flush("close")
local t2 = setmetatable({}, {__index = function(t, k) debug.sethook(hook, "", 1) return 1 end})
local cnt = t2.x; local k = 1; local kk = 2
debug.sethook(); print("count", #ev); ev = {}
local co = coroutine.wrap(function()
  local v = A.foo; local v2 = 1
  coroutine.yield(v)
  local v3 = 2
end)
co(); local after = 1
co()
flush("co")
-- expect: index	line:22 line:23 line:6
-- expect: newindex	line:25 line:6
-- expect: add	line:27 line:6
-- expect: lt	line:29 line:6
-- expect: le	line:31 line:6
-- expect: eq	line:33 line:6
-- expect: concat	line:35 line:6
-- expect: len	line:37 line:6
-- expect: unm	line:39 line:6
-- expect: call	line:41 line:6
-- expect: close	line:43 line:6
-- expect: count	7
-- expect: co	line:49 line:50 line:51
