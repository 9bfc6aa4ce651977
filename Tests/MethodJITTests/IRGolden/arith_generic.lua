-- String feedback: generic arithmetic through the runtime (pc 1); no feedback (pc 3 never ran):
-- a noFeedback exit, the code being made again once the interpreter has run it.
-- feedback: 1=string|int
local function f(a, b) local c = a - b return c .. a + b end
