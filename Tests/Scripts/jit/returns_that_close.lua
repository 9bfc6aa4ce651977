-- A RETURN that closes (the function has a generic for, a local captured by a closure, or a
-- to-be-closed variable) is a plain return in compiled code when nothing is open at or above the
-- frame, and the interpreter's when something is: captured locals keep their last values,
-- __close runs once, in order, and values below the frame (an outer to-be-closed variable, an
-- outer open upvalue) are left alone.
local J = dofile("support.lib")

local function sumPairs(t)
  local s = 0
  for _, v in pairs(t) do s = s + v end
  return s
end
sumPairs({1})
J.compiled(sumPairs)
local total = 0
for i = 1, 100 do total = total + sumPairs({i, i}) end
print(total)
-- expect: 10100

local function counter(start)
  local n = start
  local function step() n = n + 1 return n end
  if start < 0 then return nil end
  return step
end
counter(0)
J.compiled(counter)
local c1, c2 = counter(10), counter(20)
print(c1(), c1(), c2(), counter(-1))
-- expect: 11	12	21	nil

local log = {}
local function closer(name) return setmetatable({}, {__close = function() log[#log + 1] = name end}) end
local function guarded(x)
  local a <close> = closer("a" .. x)
  local b <close> = closer("b" .. x)
  return x * 2
end
guarded(0)
J.vm.compile(guarded)  -- refused in --jit=on (its TBCs call the runtime); eager modes compile it
print(guarded(1), guarded(2), table.concat(log, " "))
-- expect: 2	4	b0 a0 b1 a1 b2 a2

-- A closing value the interpreter's TFORPREP took, then the loop entered by OSR: the CLOSE after
-- it, in compiled code, finds it open and leaves it to the interpreter's CLOSE.
local function longWithClosing(t)
  local n = 0
  for _, v in next, t, nil, closer("long") do n = n + v end
  return n
end
local big = {}
for i = 1, 5000 do big[i] = 1 end
print(longWithClosing(big), log[#log], #log)
-- expect: 5000	long	7

-- Below the frame: an outer to-be-closed variable and an outer open upvalue stay as they are.
do
  local outer <close> = closer("outer")
  local shared = 0
  local function bump() shared = shared + 1 end
  for i = 1, 50 do total = total + sumPairs({i}) bump() end
  print(total, shared, #log)
end
print(log[#log])
-- expect: 11375	50	7
-- expect: outer
