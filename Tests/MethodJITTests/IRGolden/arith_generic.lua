-- No feedback (never ran) and string feedback: generic arithmetic through the runtime.
-- feedback: 3=string|int
local function f(a, b) local c = a - b return c .. a + b end
