-- A float numeric for (constant step): float index, float limit, float sum.
-- feedback: 6=float
local function f(n) local s = 0.0 for x = 0.5, n, 0.25 do s = s + x end return s end
