-- A message handler runs after a stack overflow: the stack gets an error zone above its limit
-- (given back once the error is caught), so xpcall reports the overflow through its handler.
local function f() f() end
local ok, m = xpcall(f, function(m) return "H:" .. m end)
print(ok, (m:gsub("^H:.-:%d+: ", "H:")))
local ok2, tb = xpcall(f, debug.traceback)
print(ok2, tb:match("^[^\n]*stack overflow") ~= nil, select(2, tb:gsub("\n", "")) > 10)
local function g() g() end
print(xpcall(f, function(m) g() end))
local co = coroutine.wrap(function() return xpcall(f, function(m) return "co:" .. tostring(m):match("stack overflow") end) end)
print(co())
print((select(2, pcall(f)):gsub("^.-:%d+: ", "")))
-- expect: false	H:stack overflow
-- expect: false	true	true
-- expect: false	error in error handling
-- expect: false	co:stack overflow
-- expect: stack overflow
-- A handler that overflows again while handling an overflow gets "error in error handling"
-- (it may catch that itself), then returns normally.
local function deep(n) return 1 + deep(n + 1) end
local inner
print(select(2, xpcall(deep, function(m)
  local ok, e = pcall(deep, 1)
  inner = e
  return "handled"
end, 1)), inner)
-- expect: handled	error in error handling
