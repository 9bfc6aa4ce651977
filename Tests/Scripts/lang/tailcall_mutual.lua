-- Mutual tail recursion does not grow the stack.
local even, odd
function even(n) if n == 0 then return true end return odd(n - 1) end
function odd(n) if n == 0 then return false end return even(n - 1) end
print(even(500001), odd(500001))
-- expect: false	true
