-- When a coroutine.wrap coroutine dies with an error, its pending <close> variables close
-- before the error propagates (inside the coroutine; an error in them replaces the original,
-- and the wrapper adds its position to the final string error). coroutine.resume leaves them
-- pending until coroutine.close.
local function mk(n, f)
  return setmetatable({}, {__close = function(_, e)
    io.write(n, "(", tostring(e), ") ")
    if f then f() end
  end})
end
local function E(x) return function() error(x, 0) end end

local w = coroutine.wrap(function()
  local a <close> = mk("a"); local b <close> = mk("b")
  coroutine.yield(1)
  error("E", 0)
end)
print(w())
print(pcall(w))
print(pcall(w))
local w2 = coroutine.wrap(function() local a <close> = mk("a"); local b <close> = mk("b", E("B")); error("E", 0) end)
print(pcall(w2))
local w3 = coroutine.wrap(function() local a <close> = mk("a", E("A")); error(setmetatable({}, {__tostring = function() return "OBJ" end})) end)
local ok, e = pcall(w3)
print(ok, e)
-- The position of the wrapper call is added to the final error.
local w4 = coroutine.wrap(function() local a <close> = mk("a", E("A")); error("E", 0) end)
print(pcall(function() return w4() end))
-- The close methods run inside the coroutine.
local co
local w5 = coroutine.wrap(function()
  co = coroutine.running()
  local a <close> = setmetatable({}, {__close = function(_, e)
    print("closing", e, coroutine.running() == co, coroutine.status(co), coroutine.isyieldable())
  end})
  error("E5", 0)
end)
print(pcall(w5))
print(coroutine.status(co))
-- Nested: the inner wrapper's error passes through the outer coroutine's variables.
local outer = coroutine.wrap(function()
  local o <close> = mk("o")
  local inner = coroutine.wrap(function() local i <close> = mk("i", E("I")); error("E", 0) end)
  inner()
end)
print(pcall(outer))

-- coroutine.resume: the variables wait for coroutine.close, which gets the death error.
local c = coroutine.create(function() local a <close> = mk("a"); local b <close> = mk("b", E("B")); error("E", 0) end)
print(coroutine.resume(c))
print(coroutine.status(c))
print(coroutine.close(c))
print(coroutine.close(c))
-- expect: 1
-- expect: b(E) a(E) false	E
-- expect: false	cannot resume dead coroutine
-- expect: b(E) a(B) false	B
-- expect: a(OBJ) false	A
-- expect: a(E) false	tbc_wrap_error_closes.lua:28: A
-- expect: closing	E5	true	running	false
-- expect: false	E5
-- expect: dead
-- expect: i(E) o(tbc_wrap_error_closes.lua:44: I) false	tbc_wrap_error_closes.lua:44: I
-- expect: false	E
-- expect: dead
-- expect: b(E) a(B) false	B
-- expect: true
