-- Float feedback, and `/` (always a float) with integer and float operands seen.
-- feedback: 1=float 2=int|float
local function f(a, b) return (a * b) / b end
