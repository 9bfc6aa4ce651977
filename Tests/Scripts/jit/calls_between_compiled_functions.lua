-- Calls between compiled functions (a direct call: the caller's machine code enters the callee's
-- code) give the interpreter's results on every path: fixed and variable result counts, missing
-- and extra arguments, a callee that deoptimizes mid-call, errors and tracebacks through the
-- calls, a yield from deep inside, a stack that grows under the caller, and recursion deep enough
-- to overflow.
local J = dofile("support.lib")
local compiled, deopts = J.compiled, J.deopts

local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(20))
local cf = compiled(fib)
print(fib(24), fib(1), fib(0))
-- expect: 6765
-- expect: 46368	1	0

-- Result counts: none, one, three wanted from callees returning fewer or more.
local function two() return 1, 2 end
local function none() end
local function use(k)
  local a, b, c = two()
  local d = none()
  local e = two()
  local t = { two() }
  return a, b, c, d, e, #t, k
end
compiled(two); compiled(none); compiled(use)
print(use(7))
print(select("#", use(1)))
-- expect: 1	2	nil	nil	1	2	7
-- expect: 7

-- Missing arguments are nil; extra ones are dropped.
local function three(a, b, c) return tostring(a) .. tostring(b) .. tostring(c) end
local function callsThree() return three(1), three(1, 2, 3, 4, 5) end
compiled(three); compiled(callsThree)
print(callsThree())
-- expect: 1nilnil	123

-- The callee's integer guard fails in the middle of the call: it continues interpreted, and the
-- caller gets the right value.
local function add(a, b) return a + b end
local function twice(a, b) return add(a, b) + add(b, a) end
print(twice(1, 2))
local ca = compiled(add); compiled(twice)
print(twice(1, 2), twice(1.5, 2), twice(1, 2))
deopts(add, ca, "notInteger", function() assert(twice(0.5, 1) == 3.0) end)
-- expect: 6
-- expect: 6	7.0	6

-- An error below two compiled callers: the message, then the traceback names every frame.
local function fail(x) if x > 2 then error("too big: " .. x) end return x end
local function mid(x) return fail(x) + 1 end
local function top(x) return mid(x) * 2 end
compiled(fail); compiled(mid); compiled(top)
print(top(1), pcall(top, 5))
local _, tb = xpcall(top, debug.traceback, 9)
print((tb:gsub("\n.*", "")), select(2, tb:gsub("in %a+ '?[%a]+'?", "")) >= 3)
-- expect: 4	false	calls_between_compiled_functions.lua:51: too big: 5
-- expect: calls_between_compiled_functions.lua:51: too big: 9	true

-- A yield from a callee two compiled calls down; the coroutine resumes it where it left off.
local function inner(x) local y = coroutine.yield(x) return x + y end
local function outer(x) return inner(x) * 10 end
compiled(inner); compiled(outer)
local co = coroutine.wrap(function(x) return outer(x) + outer(x + 1) end)
print(co(1), co(2), co(3))
-- expect: 1	2	80

-- A deep recursion grows the Lua stack under the compiled callers (the stack moves).
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
compiled(depth)
print(depth(50000))
-- expect: 50000

-- Unbounded recursion is Lua's "stack overflow" error, never a crash.
local function forever(n) return 1 + forever(n + 1) end
compiled(forever)
local ok, e = pcall(forever, 1)
print(ok, string.find(e, "stack overflow", 1, true) ~= nil)
-- expect: false	true
if cf then assert(J.vm.tier(fib).tier ~= "interpreted") end
