-- "local function" sees itself; "local f = function" does not.
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(10))
-- expect: 3628800
local g = function(n) return n end
local g = function(n) if n == 0 then return "base" end return g(n - 1) end
print(g(3))
-- expect: 2
