-- Integer arithmetic speculated from feedback: guards once per operand, unboxed ops.
-- feedback: 1=int 2=int
local function f(a, b) return a + b * a end
