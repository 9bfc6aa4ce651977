-- return with no values, one, many, a call (all its results) and a parenthesised call (one).
local function none() return end
local function many() return 1, 2, 3 end
local function call() return many() end
local function paren() return (many()) end
local function mid() return many(), 10 end
print(select("#", none()), select("#", many()), select("#", call()), select("#", paren()))
-- expect: 0	3	3	1
print(mid())
-- expect: 1	10
print(load("return 1; print(2)"))
-- expect: nil	[string "return 1; print(2)"]:1: <eof> expected near 'print'
print(load("do return end print(1)") ~= nil)
-- expect: true
