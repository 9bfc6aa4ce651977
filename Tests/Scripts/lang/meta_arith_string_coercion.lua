-- Arithmetic on numeric strings goes through the string metatable and follows numeral rules.
print("10" + 5, "10" * "2", "3" - 1.5, "2" ^ 2, "9" // 2, "9" % 4, -"4")
-- expect: 15	20	1.5	4.0	4	1	-4
print(math.type("10" + 5), math.type("10.0" + 5))
-- expect: integer	float
print(pcall(function() return "x" + 1 end))
-- expect: false	meta_arith_string_coercion.lua:6: attempt to add a 'string' with a 'number'
