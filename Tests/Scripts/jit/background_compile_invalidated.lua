-- What a background compile assumed changes while it is in flight (--jit-threads=1; the eager
-- modes queue a function at its first call and a loop at its first back-edge): all code
-- flushed, the types it speculated on widened, a version of its function discarded, its function
-- collected. The code is dropped at install, not installed, and every answer is the
-- interpreter's. A tier query (vmrepl.tier) waits for the compiler thread and installs or drops
-- what it finished: the points below where the outcome is decided. (JITBackgroundTests runs this
-- with --jit-compile-delay, so that every compile is surely still in flight when its assumption
-- changes, and checks the log's drop and install events.)
local J = dofile("support.lib")
local flush = J.vm.flush or function() end
local settle = J.vm.tier

-- All code discarded while `add` compiles.
local function add(a, b)
  local s = 0
  for _ = 1, 100 do s = s + a * b end
  return s
end
print(add(2, 3))
flush()
settle(add)
print(add(2, 3), add(4, 5))
-- expect: 600
-- expect: 600	2000

-- Integers when the snapshot was taken, floats before the install.
local function mul(a, b)
  local s = 0
  for _ = 1, 50 do s = s + a * b end
  return s
end
print(mul(2, 3))
print(mul(2.5, 3))
settle(mul)
print(mul(2, 3), mul(1.5, 2))
-- expect: 300
-- expect: 375.0
-- expect: 300	150.0

-- A version discarded while the next one is in flight: the whole function's integer guard
-- fails in its loop, whose frame goes on interpreted and asks for an OSR entry; the guard fails
-- again at the next calls until the version is discarded.
local function scale(n, x)
  local s = 0
  for _ = 1, n do s = s + x end
  return s
end
print(scale(3, 1))
J.compiled(scale)
local r = {}
for i = 1, 12 do r[#r + 1] = scale(40, i + 0.5) end
settle(scale)
print(table.concat(r, " ", 1, 3), r[12], scale(3, 2))
-- expect: 3
-- expect: 60.0 100.0 140.0	500.0	6

-- Functions collected while their compiles are in flight (each chunk dies after one call).
local total = 0
for i = 1, 60 do
  local f = load("local x = ... local s = 0 for j = 1, 3 do s = s + x * j end return s + " .. i)
  total = total + f(2)
  if i % 20 == 0 then collectgarbage() end
end
collectgarbage()
print(total)
-- expect: 2550

-- Code that is installed in the end runs with the types seen since: a hot loop is entered by
-- OSR once its code arrives, in this call or a later one.
local function sum(n, step)
  local s = 0
  for _ = 1, n do s = s + step end
  return s
end
print(sum(20000, 1))
settle(sum)
print(sum(20000, 0.25), sum(10, 1))
-- expect: 20000
-- expect: 5000.0	10
