-- Every pending <close> variable is closed exactly once, innermost first, even when a close
-- method fails or is not callable: on falling off the end, a bare return, a return with values,
-- a block exit, and an error unwind. A close method's error on an ordinary exit is raised there
-- and the unwind it starts closes the rest with it.
local function mk(n, f)
  return setmetatable({}, {__close = function(_, e)
    io.write(n, "(", tostring(e), ") ")
    if f then f() end
  end})
end
local function E(x) return function() error(x, 0) end end

print(pcall(function() local a <close> = mk("a"); local b <close> = mk("b", E("B")) end))
print(pcall(function() local a <close> = mk("a"); local b <close> = mk("b", E("B")); return end))
print(pcall(function() local a <close> = mk("a"); local b <close> = mk("b", E("B")); return 1, 2 end))
print(pcall(function(...) local a <close> = mk("a"); local b <close> = mk("b", E("B")); return ... end, 1, 2, 3))
print(pcall(function()
  local a <close> = mk("a")
  do local b <close> = mk("b", E("B")); local c <close> = mk("c") end
  print("not reached")
end))
-- Several failing close methods: each sees the error of the one before.
print(pcall(function()
  local a <close> = mk("a", E("A")); local b <close> = mk("b", E("B")); local c <close> = mk("c", E("C"))
end))
print(pcall(function()
  local a <close> = mk("a", E("A")); local b <close> = mk("b"); local c <close> = mk("c", E("C"))
  error("E", 0)
end))
-- A close method's error is a new error value, not a string only.
local t = {}
print(select(2, pcall(function() local a <close> = mk("a", function() error(t) end) end)) == t)
-- The values returned are kept while close methods run (many values, above the registers).
print(select("#", pcall(function()
  local a <close> = mk("a")
  return string.byte(string.rep("x", 40), 1, -1)
end)))
-- nil and false are not closed; every closed variable closes once.
local count = 0
local once = setmetatable({}, {__close = function() count = count + 1 end})
print(pcall(function()
  local x <close> = nil; local y <close> = false; local z <close> = once; local w <close> = once
  error("E", 0)
end), count)
-- A value that cannot close.
print(pcall(function() local a <close> = mk("a"); local b <close> = {} end))
-- __close removed (or not callable) after the declaration: on an ordinary exit the call fails
-- where the block ends; during an error unwind lua calls it from a native (no position).
print(pcall(function()
  local a <close> = mk("a")
  local b <close> = setmetatable({}, {__close = print}); getmetatable(b).__close = nil
end))
print(pcall(function()
  local a <close> = mk("a")
  local b <close> = setmetatable({}, {__close = print}); getmetatable(b).__close = 42
  do return "r" end
end))
print(pcall(function()
  local a <close> = mk("a")
  local b <close> = setmetatable({}, {__close = print}); getmetatable(b).__close = true
  error("E", 0)
end))
print(pcall(function()
  local a <close> = mk("a")
  local b <close> = setmetatable({}, {__close = print}); getmetatable(b).__close = setmetatable({}, {__name = "MyType"})
  error("E", 0)
end))
-- A callable table as __close.
print(pcall(function()
  local a <close> = setmetatable({}, {__close = setmetatable({}, {__call = function(_, v, e) io.write("called(", tostring(e), ") ") end})})
  error("E", 0)
end))
-- expect: b(nil) a(B) false	B
-- expect: b(nil) a(B) false	B
-- expect: b(nil) a(B) false	B
-- expect: b(nil) a(B) false	B
-- expect: c(nil) b(nil) a(B) false	B
-- expect: c(nil) b(C) a(B) false	A
-- expect: c(E) b(C) a(C) false	A
-- expect: a(nil) true
-- expect: a(nil) 41
-- expect: false	2
-- expect: a(tbc_close_all_pending.lua:46: variable 'b' got a non-closable value) false	tbc_close_all_pending.lua:46: variable 'b' got a non-closable value
-- expect: a(tbc_close_all_pending.lua:52: attempt to call a nil value (metamethod 'close')) false	tbc_close_all_pending.lua:52: attempt to call a nil value (metamethod 'close')
-- expect: a(tbc_close_all_pending.lua:56: attempt to call a number value (metamethod 'close')) false	tbc_close_all_pending.lua:56: attempt to call a number value (metamethod 'close')
-- expect: a(attempt to call a boolean value) false	attempt to call a boolean value
-- expect: a(attempt to call a MyType value) false	attempt to call a MyType value
-- expect: called(E) false	E
