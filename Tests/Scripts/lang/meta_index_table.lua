-- __index as a table supplies missing keys; present keys are not looked up.
local base = {a = 1, b = 2}
local t = setmetatable({b = 20}, {__index = base})
print(t.a, t.b, t.c)
-- expect: 1	20	nil
base.c = 3
print(t.c, rawget(t, "a"))
-- expect: 3	nil
