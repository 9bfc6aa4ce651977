-- An uncaught string.format error names the missing argument.
local s = string.format("%d and %s", 1)
-- expect error: bad argument #3 to 'format' (no value)
