-- Guard coalescing of array bounds: t[i], t[i + 1], t[i + 2] in one loop body. One checkBounds of
-- the keys i + 0 ... i + 2 at the body's head branches to a fast copy (arrayIndex, no bounds
-- guard) or to a slow copy that keeps the three guards, each with its own exit and frame state.
-- feedback: 6=int 7=int 8=int 9=int 10=int 11=int 12=int 13=int
local function f(t, n) local s = 0 for i = 1, n do s = s + t[i] + t[i + 1] + t[i + 2] end return s end
