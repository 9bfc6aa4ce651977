-- Tail calls made by compiled code (the callee's code replaces the caller's frame) give the
-- interpreter's results: a tail-recursive loop far deeper than any stack, mutual tail calls,
-- a tail callee that deoptimizes (its exit is read from its own code's side table), errors
-- below a tail call, and tail calls the interpreter makes instead (vararg caller, variable
-- argument count, a variable to close).
local J = dofile("support.lib")
local compiled, deopts = J.compiled, J.deopts

local function count(n, acc) if n == 0 then return acc end return count(n - 1, acc + n) end
compiled(count)
print(count(10, 0), count(3000000, 0))
-- expect: 55	4500001500000

local isEven
local function isOdd(n) if n == 0 then return false end return isEven(n - 1) end
isEven = function(n) if n == 0 then return true end return isOdd(n - 1) end
compiled(isOdd); compiled(isEven)
print(isEven(1000001), isOdd(1000001))
-- expect: false	true

-- The tail callee's integer guard fails: it exits from its own code, not its caller's.
local function scale(x, k) return x * k + 1 end
local function viaTail(x) return scale(x, 3) end
print(viaTail(2))
local cs = compiled(scale); compiled(viaTail)
print(viaTail(2), viaTail(2.5), viaTail(-1))
deopts(scale, cs, "notInteger", function() assert(viaTail(0.5) == 2.5) end)
print(viaTail(4))
-- expect: 7
-- expect: 7	8.5	-2
-- expect: 13

-- An error raised below a tail call, caught by pcall.
local function boom(x) error("boom " .. x, 0) end
local function toBoom(x) return boom(x + 1) end
compiled(boom); compiled(toBoom)
print(pcall(toBoom, 1))
-- expect: false	boom 2

-- Tail calls the interpreter makes: from a vararg function, with a variable argument count, with
-- a to-be-closed variable in scope.
local function sum(...) local s = 0 for _, v in ipairs({...}) do s = s + v end return s end
local function fromVararg(...) return sum(...) end
local function spread(t) return sum(table.unpack(t)) end
local closed = false
local function withClose(x)
  local c <close> = setmetatable({}, {__close = function() closed = true end})
  return sum(x, x)
end
compiled(sum); compiled(fromVararg); compiled(spread); compiled(withClose)
print(fromVararg(1, 2, 3), spread({4, 5, 6}), withClose(21), closed)
-- expect: 6	15	42	true
