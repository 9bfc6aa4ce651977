-- pairs' __pairs handler and the chunk dofile runs may yield (lua runs both through lua_callk);
-- pairs keeps exactly the handler's first three results; errors pass through as usual.
local t = setmetatable({}, {__pairs = function(t)
  coroutine.yield("in pairs")
  return next, {10, 20}, nil, "extra"
end})
local co = coroutine.wrap(function()
  local s = 0
  for k, v, x in pairs(t) do s = s + v; assert(x == nil) end
  return "sum " .. s
end)
print(co()); print(co())
local name = os.tmpname()
local f = io.open(name, "w")
f:write("coroutine.yield('from file') return 1, 2, 3")
f:close()
local co2 = coroutine.wrap(function() return dofile(name) end)
print(co2()); print(co2())
local co3 = coroutine.wrap(function() local x, y = dofile(name); return x, y end)
print(co3()); print(co3())
local co4 = coroutine.wrap(dofile)
print(co4(name)); print(co4())
print(select("#", pcall(pairs, setmetatable({}, {__pairs = function() return 1, 2, 3, 4, 5 end}))))
print(pcall(function() for k in pairs(setmetatable({}, {__pairs = function() error("boom", 0) end})) do end end))
print(pcall(dofile, name))
-- from a metamethod that Swift calls (tostring runs __tostring)
local u = setmetatable({}, {__tostring = function()
  local n = 0
  for _ in pairs(setmetatable({}, {__pairs = function() return next, {1, 2, 3} end})) do n = n + 1 end
  return "n=" .. n
end})
print(tostring(u))
-- pairs of a non-table without __pairs: next refuses it when the loop starts
print(select("#", pairs(1)), select(2, pairs(1)))
print((select(2, pcall(function() for k in pairs(1) do end end)):gsub("^.-:%d+: ", "")))
os.remove(name)
-- expect: in pairs
-- expect: sum 30
-- expect: from file
-- expect: 1	2	3
-- expect: from file
-- expect: 1	2
-- expect: from file
-- expect: 1	2	3
-- expect: 4
-- expect: false	boom
-- expect: false	attempt to yield from outside a coroutine
-- expect: n=3
-- expect: 3	1	nil
-- expect: bad argument #1 to 'for iterator' (table expected, got number)
