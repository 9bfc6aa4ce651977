-- A runaway recursion is a catchable "stack overflow" error; the program goes on afterwards.
local function f(n) return 1 + f(n + 1) end
local ok, e = pcall(f, 1)
print(ok, (string.find(e, "stack overflow", 1, true)) ~= nil)
-- expect: false	true
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(depth(100000))
-- expect: 100000
