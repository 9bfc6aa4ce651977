-- An uncaught index error names the global.
local a = 1
print(x.field)
-- expect error: attempt to index a nil value (global 'x')
