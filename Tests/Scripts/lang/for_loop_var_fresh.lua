-- Each iteration of a for loop has a fresh local that closures capture separately.
local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
print(fs[1](), fs[2](), fs[3]())
-- expect: 1	2	3
local gs = {}
for k, v in ipairs({"a", "b"}) do gs[k] = function() return v end end
print(gs[1](), gs[2]())
-- expect: a	b
local hs = {}
local j = 0
while j < 3 do j = j + 1; local c = j; hs[j] = function() c = c + 10; return c end end
print(hs[1](), hs[1](), hs[2]())
-- expect: 11	21	12
