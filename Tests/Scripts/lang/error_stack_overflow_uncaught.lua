-- Unbounded recursion without pcall ends the script with a stack overflow error.
local function f() return f() + 1 end
f()
-- expect error: stack overflow
