-- A backward goto forms a loop; a fresh local per pass is captured separately.
local i = 1
local fs = {}
::top::
local x = i
fs[i] = function() return x end
i = i + 1
if i <= 3 then goto top end
print(fs[1](), fs[2](), fs[3]())
-- expect: 1	2	3
