-- math.random with a fixed seed matches lua5.4's xoshiro256** sequence.
local function try(f, ...) local ok, e = pcall(f, ...) print(ok, (tostring(e):gsub("^.-:%d+: ", ""))) end

print(math.randomseed(42))
print(math.random(1, 100), math.random(1, 100), math.random(10), math.random(0))
print(string.format("%.17g", math.random()))
math.randomseed(123, 456)
local t = {} for i = 1, 10 do t[i] = math.random(1000) end print(table.concat(t, " "))
print(math.random(math.mininteger, math.maxinteger), math.random(5, 5), math.random(-10, -5))
math.randomseed(7)
local okf = true for i = 1, 1000 do local x = math.random() if x < 0 or x >= 1 then okf = false end end print(okf)
local oki = true for i = 1, 1000 do local x = math.random(3, 9) if x < 3 or x > 9 then oki = false end end print(oki)
try(function() return math.random(3, 1) end)
try(function() return math.random(1, 2, 3) end)
try(function() return math.random(1.5) end)
try(function() return math.randomseed(1.5) end)
math.randomseed(1.0) print(math.random(1000))
-- expect: 42	0
-- expect: 50	76	6	-7059243630996204619
-- expect: 0.0096006865506838013
-- expect: 686 784 867 223 335 936 476 292 394 700
-- expect: -7311076937802208587	5	-7
-- expect: true
-- expect: true
-- expect: false	bad argument #1 to 'random' (interval is empty)
-- expect: false	wrong number of arguments
-- expect: false	bad argument #1 to 'random' (number has no integer representation)
-- expect: false	bad argument #1 to 'randomseed' (number has no integer representation)
-- expect: 414
