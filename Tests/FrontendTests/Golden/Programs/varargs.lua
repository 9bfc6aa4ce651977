-- varargs, multiple results, select, table.unpack, calls in the last position
local function count(...) return select('#', ...) end
print(count(), count(nil), count(1, nil), count(nil, nil, nil))
local function pass(...) return ... end
print(pass(1, 2, 3))
print(pass(1, 2, 3), "end")
print((pass(1, 2, 3)))
local function mid(...) local a, b = ...; return b, a end
print(mid(1, 2, 3))
local t = {pass(1, 2), pass(3, 4)}
print(#t, t[1], t[2], t[3])
print(select(2, "a", "b", "c"), select(-1, "a", "b", "c"))
local function tail(n, ...) if n == 0 then return ... end return tail(n - 1, n, ...) end
print(tail(5))
local function deep(n) if n == 0 then return "done" end return deep(n - 1) end
print(deep(100))
print(table.unpack({1, 2, 3}))
local function two() return 1, 2 end
local x, y, z = two()
print(x, y, z)
local a, b = two(), two()
print(a, b)
print(count(two()), count(two(), two()), count((two())))
local function varfirst(...) local t = {...}; return #t, ... end
print(varfirst("a", "b"))
local packed = {n = select('#', 1, nil, 3), 1, nil, 3}
print(packed.n)
print(pcall(error, "msg"))
local ok, e = pcall(function(...) error({code = ...}) end, 7)
print(ok, e.code)
