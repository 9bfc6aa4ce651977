-- t[i] in a loop with integer-key feedback: table guard, bounds guard, array load.
-- feedback: 6=int 7=int
local function f(t, n) local s = 0 for i = 1, n do s = s + t[i] end return s end
