-- A while loop: the compare and the increment speculate on integers; one guard per path.
-- feedback: 2=int 4=int
local function f(n) local i = 0 while i < n do i = i + 1 end return i end
