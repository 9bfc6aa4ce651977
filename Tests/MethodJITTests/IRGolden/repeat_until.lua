-- repeat-until: the back-edge is the conditional jmp after the test.
-- feedback: 2=int 3=int
local function f(n) local i = 0 repeat i = i + 2 until i >= n return i end
