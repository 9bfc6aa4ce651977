-- tostring uses __tostring, and __name in the default form.
local t = setmetatable({}, {__tostring = function() return "custom!" end})
print(tostring(t), t)
-- expect: custom!	custom!
local n = setmetatable({}, {__name = "MyType"})
print((tostring(n):gsub("0x%x+", "ADDR"):gsub(": [%x]+$", ": ADDR")))
-- expect: MyType: ADDR
print(pcall(tostring, setmetatable({}, {__tostring = function() return {} end})))
-- expect: false	'__tostring' must return a string
