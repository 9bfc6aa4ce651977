-- Calls taken into the caller's code (small straight-line functions of numbers) give the
-- results, and the behaviour, of real calls.
local J = dofile("support.lib")
local compiled, ranCompiled = J.compiled, J.ranCompiled

-- spectral_norm's matrix entry: integer arithmetic, then a float division.
local function a(i, j)
  local ij = i + j - 1
  return 1.0 / (ij * (ij - 1) * 0.5 + i)
end
local function row(i, n)
  local s = 0.0
  for j = 1, n do s = s + a(i, j) end
  return s
end
print(row(1, 3), row(2, 3))
compiled(row)
print(row(1, 3), row(2, 3), string.format("%.12f", row(7, 100)))
ranCompiled(row)
-- expect: 1.75	0.65833333333333
-- expect: 1.75	0.65833333333333	0.279306145137

-- Integers wrap; a float operand makes a float; bitwise operators on integers.
local function step(x) return x + 1 end
local function mix(x, y) return x * y, (x ~ y) << 1 end
local function run(n, x)
  local p, q
  for _ = 1, n do x = step(x); p, q = mix(x, 3) end
  return x, p, q, math.type(p)
end
print(run(3, 1))
compiled(run)
print(run(3, 1))
print(run(2, math.maxinteger - 1))
-- expect: 4	12	14	integer
-- expect: 4	12	14	integer
-- expect: -9223372036854775808	-9223372036854775808	6	integer

-- A float where the body needs an integer (x ~ y): not taken in, the call raises as Lua's does.
print(pcall(run, 2, 0.5))
-- expect: false	inlined_calls.lua:25: number (local 'x') has no integer representation

-- Missing arguments are nil; extra results are nil; extra arguments are dropped.
local function second(x, y) return y end
local function pair(x) return x, x + 1 end
local function shapes(n)
  local r = {}
  for i = 1, n do
    local s = second(i)
    local p, q, z = pair(i, 99)
    r[i] = tostring(s) .. "," .. p .. "," .. q .. "," .. tostring(z)
  end
  return table.concat(r, " ")
end
print(shapes(2))
compiled(shapes)
print(shapes(3))
-- expect: nil,1,2,nil nil,2,3,nil
-- expect: nil,1,2,nil nil,2,3,nil nil,3,4,nil

-- A hook set in the loop sees the calls made after it, each one, as it would interpreted.
local events = 0
local function inc(x) return x + 1 end
local function hooked(n, at)
  local s = 0
  for i = 1, n do
    if i == at then debug.sethook(function() events = events + 1 end, "c") end
    s = inc(s)
  end
  debug.sethook()
  return s
end
print(hooked(10, 0), events)
compiled(hooked)
print(hooked(10, 6), events)
-- expect: 10	0
-- expect: 10	6

-- A function whose body reads an upvalue is called, not taken in: each closure its own.
local function scaler(k) return function(x) return x * k end end
local scale = scaler(2)
local function scaled(n)
  local s = 0
  for i = 1, n do s = s + scale(i) end
  return s
end
print(scaled(3))
compiled(scaled)
scale = scaler(10)
print(scaled(3))
-- expect: 12
-- expect: 60

-- A callee dropped and collected while code that took it in exists: new functions (which may
-- reuse its memory) are called, never the old body.
local h = load("return function(x) return x + 1 end")()
local function apply(n)
  local s = 0
  for _ = 1, n do s = h(s) end
  return s
end
print(apply(3))
compiled(apply)
local ok = true
for k = 2, 40 do
  h = load("return function(x) return x + " .. k .. " end")()
  collectgarbage()
  ok = ok and apply(3) == 3 * k
end
print(ok, apply(2))
-- expect: 3
-- expect: true	80
