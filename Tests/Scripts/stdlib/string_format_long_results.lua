-- string.format results longer than its stack buffer (256 bytes), and %s of every kind of value
-- written in place: strings, integers, floats, __tostring and __name results, cut and padded.
local F = string.format
local long = F("%99.2f%99.2f%99.2f|%s|", 1.5, -2.25, 1e20, ("ab"):rep(200))
print(#long, long:sub(95, 105), long:sub(-12))
local parts = {}
for i = 1, 60 do parts[#parts + 1] = F("%5d|%-8s|%8.3f|%x|%g", i, "item", i / 7, i, i * 0.5) end
local joined = table.concat(parts, ";")
local again = F(("%5d|%-8s|%8.3f|%x|%g;"):rep(60), table.unpack((function()
  local t = {}
  for i = 1, 60 do t[#t + 1] = i; t[#t + 1] = "item"; t[#t + 1] = i / 7; t[#t + 1] = i; t[#t + 1] = i * 0.5 end
  return t
end)()))
print(#joined, again == joined .. ";", again:sub(1, 40))
print(F("[%s] [%s] [%s] [%s] [%s]", 42, -0.0, 1e100, 2^53, math.mininteger))
print(F("[%10s] [%-10s] [%.3s] [%8.2s] [%-6.1s]", 3.25, 17, 1/3, "hello", true))
local obj = setmetatable({}, {__tostring = function() return ("t"):rep(120) end})
local named = setmetatable({}, {__name = "Thing"})
print(#F("%s", obj), #F("%5s", obj), F("%.4s|%-6.3s|", obj, obj), F("%.5s", named))
print(F("%s%%%s%c%c", ("x"):rep(300), "y", 65, 66):sub(298))
print(#F("%q", ("\0\1\2\n\"\\abc1"):rep(40)), F("%q", "\0011\r\t\127x"))
print(F("%5c|%-3c|%c", 65, 66, 67), F("%-5d|%05d|%+.3d|% 5i|%#o|%#x|%#X|%.0d|", -3, -3, 7, 7, 8, 255, 255, 0))
-- expect: 699	 1.50      	bababababab|
-- expect: 1825	true	    1|item    |   0.143|1|0.5;    2|item
-- expect: [42] [-0.0] [1e+100] [9.007199254741e+15] [-9223372036854775808]
-- expect: [      3.25] [17        ] [0.3] [      he] [t     ]
-- expect: 120	120	tttt|ttt   |	Thing
-- expect: xxx%yAB
-- expect: 642	"\0011\13\9\127x"
-- expect:     A|B  |C	-3   |-0003|+007|    7|010|0xff|0XFF||
