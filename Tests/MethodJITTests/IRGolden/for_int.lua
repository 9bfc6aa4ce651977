-- An integer numeric for as a counted loop; the sum stays an unboxed integer around the loop.
-- feedback: 6=int
local function f(n) local s = 0 for i = 1, n do s = s + i end return s end
