-- getUpval/setUpval around integer arithmetic.
-- feedback: 2=int
local c = 0
local function f(x) c = c + x return c end
