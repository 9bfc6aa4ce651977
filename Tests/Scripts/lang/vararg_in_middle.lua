-- A vararg or call not in last position is truncated to one value.
local function three() return 1, 2, 3 end
local t = {three(), three()}
print(#t, t[1], t[2], t[4])
-- expect: 4	1	1	3
local function v(...) return ..., "end" end
print(v(1, 2, 3))
-- expect: 1	end
print((three()))
-- expect: 1
local t2 = {three(), nil}
print(#t2)
-- expect: 1
