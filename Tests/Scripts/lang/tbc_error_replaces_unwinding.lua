-- An error raised by a close method while an error unwinds replaces it: the next close method
-- sees the new error and pcall returns it. Under xpcall the message handler sees each new error
-- too (lua keeps the handler on while it closes). The same through frames a native called
-- (table.sort's comparator, a metamethod), and for nested pcalls.
local function mk(n, f)
  return setmetatable({}, {__close = function(_, e)
    io.write(n, "(", tostring(e), ") ")
    if f then f() end
  end})
end
local function E(x) return function() error(x, 0) end end
local function H(m) return "H:" .. tostring(m) end

print(pcall(function() local a <close> = mk("a"); local b <close> = mk("b", E("B")); error("E", 0) end))
print(xpcall(function() local a <close> = mk("a", E("A")); error("E", 0) end, H))
print(xpcall(function() local a <close> = mk("a"); local b <close> = mk("b", E("B")); error("E", 0) end, H))
print(xpcall(function() local a <close> = mk("a", E("A")); local b <close> = mk("b") end, H))
-- A close method that is not callable, under xpcall.
print(xpcall(function()
  local a <close> = mk("a")
  local b <close> = setmetatable({}, {__close = print}); getmetatable(b).__close = 1
  error("E", 0)
end, H))
-- Through a native: the frames of table.sort's comparator.
print(pcall(function()
  table.sort({1, 2, 3}, function() local x <close> = mk("x", E("X")); error("E", 0) end)
end))
print(pcall(function()
  local y <close> = mk("y")
  table.sort({1, 2, 3}, function() local x <close> = mk("x", E("X")); error("E", 0) end)
end))
print(xpcall(function()
  local y <close> = mk("y", E("Y"))
  table.sort({1, 2, 3}, function() local x <close> = mk("x", E("X")); error("E", 0) end)
end, H))
-- Through a metamethod.
print(pcall(function()
  local t = setmetatable({}, {__index = function() local x <close> = mk("x", E("X")); error("E", 0) end})
  local y <close> = mk("y")
  return t.k
end))
print(pcall(function()
  table.sort({1, 2, 3}, function()
    local x <close> = setmetatable({}, {__close = print}); getmetatable(x).__close = "s"
    error("E", 0)
  end)
end))
-- Nested pcall: the inner one returns its final error; the outer unwind starts afresh.
print(pcall(function()
  local o <close> = mk("o", E("O"))
  print(pcall(function() local i <close> = mk("i", E("I")); local j <close> = mk("j"); error("E", 0) end))
  print(pcall(function() local k <close> = mk("k", E("K")) end))
  error("F", 0)
end))
-- A close method may itself use pcall and <close>.
print(pcall(function()
  local a <close> = mk("a", function()
    local inner <close> = mk("inner", E("IN"))
    print(pcall(error, "P", 0))
  end)
  error("E", 0)
end))
-- error() with a non-string value and with level 1 in a close method.
local t = {}
print(select(2, pcall(function() local a <close> = mk("a", function() error(t) end); error("E", 0) end)) == t)
print(pcall(function() local a <close> = mk("a", function() error("L1") end); error("E", 0) end))
print(pcall(function() local a <close> = mk("a", function() error() end); error("E", 0) end))
-- expect: b(E) a(B) false	B
-- expect: a(H:E) false	H:A
-- expect: b(H:E) a(H:B) false	H:B
-- expect: b(nil) a(nil) false	H:A
-- expect: a(H:attempt to call a number value) false	H:attempt to call a number value
-- expect: x(E) false	X
-- expect: x(E) y(X) false	X
-- expect: x(H:E) y(H:X) false	H:Y
-- expect: x(E) y(X) false	X
-- expect: false	attempt to call a string value
-- expect: j(E) i(E) false	I
-- expect: k(nil) false	K
-- expect: o(F) false	O
-- expect: a(E) false	P
-- expect: inner(nil) false	IN
-- expect: a(E) true
-- expect: a(E) false	tbc_error_replaces_unwinding.lua:66: L1
-- expect: a(E) false	nil
