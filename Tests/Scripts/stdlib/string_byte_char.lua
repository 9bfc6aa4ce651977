-- string.byte and string.char.
print(("ABC"):byte(), ("ABC"):byte(2), ("ABC"):byte(-1), ("ABC"):byte(1, -1))
print(("ABC"):byte(10), select("#", ("ABC"):byte(3, 2)))
print(string.char(72, 105, 33), string.char() == "", #string.char(0, 255))
local function try(f) local ok, e = pcall(f) print(ok, (tostring(e):gsub("^.-:%d+: ", ""))) end
try(function() return string.char(256) end)
try(function() return string.char(-1) end)
-- expect: 65	66	67	65	66	67
-- expect: nil	0
-- expect: Hi!	true	2
-- expect: false	bad argument #1 to 'char' (value out of range)
-- expect: false	bad argument #1 to 'char' (value out of range)
