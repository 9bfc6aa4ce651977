-- Comparing a number with nil is an error.
local limit
if 3 < limit then print("x") end
-- expect error: attempt to compare number with nil
