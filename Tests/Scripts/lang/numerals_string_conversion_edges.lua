-- String to number conversions: large decimals become floats, hex wraps, signs and spaces.
print(tonumber("9223372036854775808"), math.type(tonumber("9223372036854775807")))
-- expect: 9.2233720368548e+18	integer
print(tonumber("0x1" .. string.rep("0", 16)), tonumber("-0"), math.type(tonumber("-0")))
-- expect: 0	0	integer
print(tonumber("\t12\n"), tonumber("1_000"), tonumber("inf"), tonumber("nan"))
-- expect: 12	nil	nil	nil
print(tonumber("0x"), tonumber("1e+"), tonumber("- 1"), tonumber("+1"), tonumber("+ 1"))
-- expect: nil	nil	nil	1	nil
