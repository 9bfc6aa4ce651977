-- print, tostring and string.format's %s honour a __tostring set on the metatable of numbers
-- (debug.setmetatable) or strings; `..`, io.write and %d do not use it.
debug.setmetatable(1, {__tostring = function(x) return "num<" .. math.type(x) .. ">" end})
print(1, 2.5, tostring(3), tostring(-0.0))
-- expect: num<integer>	num<float>	num<integer>	num<float>
print(string.format("%s|%s|%d|%5.1f", 4, 5.5, 6, 7.25))
-- expect: num<integer>|num<float>|6|  7.2
io.write(1 .. "", " ", 8, " ", 9.5, "\n")
-- expect: 1 8 9.5
print(#tostring(123456) == #"num<integer>")
-- expect: true
debug.setmetatable(1, nil)
print(1, tostring(2.5))
-- expect: 1	2.5
-- On strings: print itself shows every string through it, so the rest writes with io.write.
local smt = getmetatable("")
smt.__tostring = function(s) return "str<" .. #s .. ">" end
print("abc", "")
-- expect: str<3>	str<0>
io.write(tostring("xy"), " ", string.format("%s/%s", "q", "rst"), " ", "a" .. "b", "\n")
-- expect: str<2> str<1>/str<3> ab
-- A number result is taken as its text; anything else is an error.
smt.__tostring = function(s) return #s end
io.write(tostring("hello"), " ", math.type(tostring("hello")) or "string", "\n")
-- expect: 5 string
smt.__tostring = function(s) return {} end
local ok, err = pcall(tostring, "x")
smt.__tostring = nil
print(ok, err)
-- expect: false	'__tostring' must return a string
print("plain", tostring("again"))
-- expect: plain	again
