-- Strings convert to numbers in arithmetic; result subtype follows the string's numeral.
print("10" + 1, "3.0" + 1, "0x10" + 0, " 5 " * 2)
-- expect: 11	4.0	16	10
print(math.type("10" + 1), math.type("10" * 1.0))
-- expect: integer	float
print("2" ^ "3", -"2", "7" // "2", "7" % "3")
-- expect: 8.0	-2	3	1
print(pcall(function() return "abc" + 1 end))
-- expect: false	coerce_string_to_number_arith.lua:8: attempt to add a 'string' with a 'number'
