-- Yields from functions called by native code (sort comparators, gsub callbacks, __tostring via
-- tostring) are refused with lua's message; metamethods called by Lua code
-- inside them still see the boundary.
local function try(f)
  local co = coroutine.create(f)
  print(coroutine.resume(co))
end
try(function() table.sort({3, 2, 1}, function(a, b) coroutine.yield() return a < b end) end)
try(function() string.gsub("abc", "%w", function(c) coroutine.yield(c) end) end)
try(function() return tostring(setmetatable({}, {__tostring = function() coroutine.yield() end})) end)
try(function()
  local mt = {__lt = function(a, b) coroutine.yield("lt") return a.v < b.v end}
  local t = {setmetatable({v = 3}, mt), setmetatable({v = 1}, mt)}
  table.sort(t)
end)
try(function()
  local mt = {__index = function(t, k) return coroutine.yield(k) end}
  local p = setmetatable({}, mt)
  table.sort({1, 2, 3}, function(a, b) return p.x end)
end)
print(pcall(coroutine.yield, 1))
print(select("#", pcall(string.rep)))
-- expect: false	attempt to yield across a C-call boundary
-- expect: false	attempt to yield across a C-call boundary
-- expect: false	attempt to yield across a C-call boundary
-- expect: false	attempt to yield across a C-call boundary
-- expect: false	attempt to yield across a C-call boundary
-- expect: false	attempt to yield from outside a coroutine
-- expect: 2
