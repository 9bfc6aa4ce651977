-- On-stack replacement at a while loop: the counter is checked to be an integer on entry, so the
-- loop carries it unboxed.
-- osr: 2
-- feedback: 2=int 4=int
local function f(n) local i = 0 while i < n do i = i + 1 end return i end
