-- Unbounded recursion is a catchable "stack overflow" error.
local function rec(n) return 1 + rec(n + 1) end
local ok, e = pcall(rec, 1)
print(ok, (string.find(e, "stack overflow", 1, true)) ~= nil)
-- expect: false	true
local depth = 0
local function deep() depth = depth + 1 deep() end
print(pcall(deep) == false, depth > 1000)
-- expect: true	true
local function again(n) if n == 0 then return 0 end return 1 + again(n - 1) end
print(again(10000))
-- expect: 10000
