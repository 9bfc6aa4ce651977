-- __index chains through several tables.
local A = {x = "A.x"}
local B = setmetatable({y = "B.y"}, {__index = A})
local C = setmetatable({z = "C.z"}, {__index = B})
local obj = setmetatable({}, {__index = C})
print(obj.x, obj.y, obj.z, obj.w)
-- expect: A.x	B.y	C.z	nil
