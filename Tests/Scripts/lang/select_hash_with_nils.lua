-- select('#') counts trailing nils; ipairs stops at the first.
local function f(...) return select("#", ...), #{...} >= 0 end
print(f(nil, nil, nil))
-- expect: 3	true
local n = 0
for _ in ipairs({1, 2, nil, 4}) do n = n + 1 end
print(n)
-- expect: 2
