-- Yields across metamethods: native metamethods that yield, nested metamethods, errors and
-- pcall after a resume, __close handlers, isyieldable, and closing a suspended coroutine.
local Y = coroutine.yield

-- A native function as the metamethod yields directly.
local n = setmetatable({}, {__index = Y, __add = Y, __lt = Y, __concat = Y})
local co = coroutine.wrap(function()
  local r1 = n.key
  local r2 = n + 5
  local r3 = (n < 1) and "yes" or "no"
  local r4 = "a" .. n .. "b"
  return r1, r2, r3, r4
end)
print(select("#", co()))          -- __index(n, "key")
print(select(2, co("K")))         -- __add(n, 5)
print(co(7) == n)                 -- __lt(n, 1)
print(select(2, co(false)))       -- __concat(n, "b")
print(co("X"))

-- Metamethods calling metamethods, each yielding.
local inner = setmetatable({}, {__index = function(t, k) return Y("inner " .. k) end})
local outer = setmetatable({}, {__index = function(t, k) return inner[k] .. "!" end,
                                __len = function() return #inner + 1 end})
setmetatable(inner, {__index = getmetatable(inner).__index, __len = function() return Y("len") end})
co = coroutine.wrap(function() return outer.z, #outer, coroutine.isyieldable() end)
print(co())
print(co("Z"))
print(co(41))

-- An error raised in a metamethod after it was resumed is caught by a pcall below it.
local bad = setmetatable({}, {__add = function() Y("before") error("late", 0) end,
                              __index = function(t, k) return pcall(Y, k) end})
co = coroutine.wrap(function()
  local ok, e = pcall(function() return bad + 1 end)
  local inside = bad.q
  return ok, e, inside
end)
print(co())
print(co())
print(co("resumed"))

-- Concatenation with several yielding __concat calls, inside and outside pcall.
local c = setmetatable({}, {__concat = function(a, b) return Y("cat") end})
co = coroutine.wrap(function()
  local ok, e = pcall(function() return 1 .. c .. {} end)
  return ok, e, "x" .. c .. "y" .. c
end)
print(co())
print(co("1"))
print(co("2"))
print(co(3))

-- __close handlers that yield, at block exit and on return (fixed and multiple results).
local function closer(name) return setmetatable({}, {__close = function() Y("close " .. name) end}) end
co = coroutine.wrap(function()
  do local a <close> = closer("a"); local b <close> = closer("b") end
  local function f() local d <close> = closer("d") return 1, 2 end
  local function g(...) local e <close> = closer("e") return ... end
  local x, y = f()
  return x, y, g(3, 4, 5)
end)
print(co()); print(co()); print(co()); print(co()); print(co())

-- Closing a coroutine suspended inside a metamethod (its __close may not yield).
local t = setmetatable({}, {__index = function(t, k) local z <close> = closer("z") return Y(k) end})
local co2 = coroutine.create(function() return t.w end)
print(coroutine.resume(co2))
print(coroutine.close(co2), coroutine.status(co2))
-- expect: 2
-- expect: 5
-- expect: true
-- expect: b
-- expect: K	7	no	aX
-- expect: inner z
-- expect: len
-- expect: Z!	42	true
-- expect: before
-- expect: q
-- expect: false	late	true
-- expect: cat
-- expect: cat
-- expect: cat
-- expect: true	11	x3
-- expect: close b
-- expect: close a
-- expect: close d
-- expect: close e
-- expect: 1	2	3	4	5
-- expect: true	w
-- expect: false	dead
