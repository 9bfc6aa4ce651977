-- __metatable hides and protects the metatable.
local t = setmetatable({}, {__metatable = "locked"})
print(getmetatable(t))
-- expect: locked
print(pcall(setmetatable, t, {}))
-- expect: false	cannot change a protected metatable
print(getmetatable("abc").__metatable, getmetatable(1))
-- expect: nil	nil
