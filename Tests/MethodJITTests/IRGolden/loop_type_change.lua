-- A variable that is an integer on entry and a float after an iteration: the loop header's
-- parameter is a boxed value (the builder's fixpoint), the arithmetic speculates per use.
-- feedback: 3=int 5=int|float 6=int
local function f(n) local x, i = 1, 0 while i < n do x = x / 2; i = i + 1 end return x end
