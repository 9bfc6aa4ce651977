-- string.format %s (tostring, precision) and %q round-trips.
print(string.format("[%s] [%10s] [%-10s] [%.2s]", "abc", "abc", "abc", "abc"))
print(string.format("%s %s %s %s", nil, true, 12, 1.5))
print(string.format("%s", setmetatable({}, {__tostring = function() return "OBJ" end})))
print(string.format("%q", "line1\nline2\t\"quoted\"\\ \0 \0001 \r \127"))
print(string.format("%q %q %q %q", 1, -0.0, 1/0, -1/0))
print(string.format("%q %q %q", 0.1, math.mininteger, 2^63))
print(string.format("%q %q %q", nil, true, false))
for _, v in ipairs({"a\0b", "\1\2\0033", 0.1, 1e300, -2.5, math.maxinteger, math.mininteger, 1/0, -1/0}) do
  local back = load("return " .. string.format("%q", v))()
  io.write(tostring(back == v), " ")
end
print()
print(string.format("%s", string.rep("x", 200)):len(), string.format("%.3s|%5s", "abcdef", "ab"))
-- expect: [abc] [       abc] [abc       ] [ab]
-- expect: nil true 12 1.5
-- expect: OBJ
-- expect: "line1\
-- expect: line2\9\"quoted\"\\ \0 \0001 \13 \127"
-- expect: 1 -0x0p+0 1e9999 -1e9999
-- expect: 0x1.999999999999ap-4 0x8000000000000000 0x1p+63
-- expect: nil true false
-- expect: true true true true true true true true true 
-- expect: 200	abc|   ab
