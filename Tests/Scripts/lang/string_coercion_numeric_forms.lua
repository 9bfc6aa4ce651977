-- Numeric strings of every form take part in arithmetic.
print("0x10" + 0, "1e2" + 0, " 0x1p4 " + 0, "-.5" * 2, "5." + 0)
-- expect: 16	100.0	16.0	-1.0	5.0
print((10 .. "") + 1, "10" + "0x0A")
-- expect: 11	20
print(pcall(function() return "1e" + 1 end))
-- expect: false	string_coercion_numeric_forms.lua:6: attempt to add a 'string' with a 'number'
