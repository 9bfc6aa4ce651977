-- file:read('n') follows lua's numeral reader: hex, exponents, signs, failures.
local name = os.tmpname()
local cases = {"42", "-7", "+3", "3.25", ".5", "5.", "1e3", "1E-2", "0x1F", "0X1p4", "0x.8", "- 5", "abc", "1e", "0x",
               "  \t\n 12", "9223372036854775807", "9223372036854775808", "1.5e300x", "--1", "0.1.2", "inf", "nan"}
for _, c in ipairs(cases) do
  local f = io.open(name, "w") f:write(c) f:close()
  f = io.open(name, "r")
  local v = f:read("n")
  local rest = f:read("a")
  f:close()
  print(string.format("%q", c), v, math.type(v), string.format("%q", rest))
end
local f = io.open(name, "w") f:write("1 2 3\n4 5\nx") f:close()
for a, b in io.lines(name, "n", "n") do print(a, b) end
f = io.open(name) print(f:read("n", "n", "n", "n", "n", "n")) f:close()
os.remove(name)
-- expect: "42"	42	integer	""
-- expect: "-7"	-7	integer	""
-- expect: "+3"	3	integer	""
-- expect: "3.25"	3.25	float	""
-- expect: ".5"	0.5	float	""
-- expect: "5."	5.0	float	""
-- expect: "1e3"	1000.0	float	""
-- expect: "1E-2"	0.01	float	""
-- expect: "0x1F"	31	integer	""
-- expect: "0X1p4"	16.0	float	""
-- expect: "0x.8"	0.5	float	""
-- expect: "- 5"	nil	nil	" 5"
-- expect: "abc"	nil	nil	"abc"
-- expect: "1e"	nil	nil	""
-- expect: "0x"	nil	nil	""
-- expect: "  \9\
-- expect:  12"	12	integer	""
-- expect: "9223372036854775807"	9223372036854775807	integer	""
-- expect: "9223372036854775808"	9.2233720368548e+18	float	""
-- expect: "1.5e300x"	1.5e+300	float	"x"
-- expect: "--1"	nil	nil	"-1"
-- expect: "0.1.2"	0.1	float	".2"
-- expect: "inf"	nil	nil	"inf"
-- expect: "nan"	nil	nil	"nan"
-- expect: 1	2
-- expect: 3	4
-- expect: 5	nil
-- expect: 1	2	3	4	5	nil
