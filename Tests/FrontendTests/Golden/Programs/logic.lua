-- and/or/not as values and conditions, comparisons as values, nil/false handling
local t, f, n = true, false, nil
print(t and 1, f and 1, n and 1, t or 1, f or 1, n or 1)
print(1 and 2 or 3, nil and 2 or 3, false or nil, nil or false)
print(not t, not f, not n, not 0, not "")
local x = 5
print(x > 3 and "big" or "small", x < 3 and "big" or "small")
print(x == 5, x ~= 5, not (x == 5), x > 4 and x < 6, x < 4 or x > 6)
local a = x > 3
local b = not (x > 3)
print(a, b)
if x and not n then print("yes") end
if not (x > 10 or n) then print("no") end
local function f1() return nil end
local function f2() return false, 1 end
print(f1() or "default", (f2()) or "d2")
local v = n or f or 0
print(v)
local y = (x > 1) == true
print(y)
local z = x and x > 1 and x < 10 and "in" or "out"
print(z)
print(1 == 1.0, "1" == 1, {} == {}, 2 < 3 == true)
local cnt = 0
local function side() cnt = cnt + 1; return true end
local _ = false and side()
local _ = true or side()
local _ = nil or side()
print(cnt)
local s = ""
for i = 1, 5 do s = s .. ((i % 2 == 0) and "e" or "o") end
print(s)
print(x >= 5 and x <= 5, 3 <= x, 6 > x, 5.5 > x, -1 < x, x ~= nil, nil ~= x)
