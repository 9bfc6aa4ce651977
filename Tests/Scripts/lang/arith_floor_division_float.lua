-- Float floor division rounds toward minus infinity and yields floats; division by zero gives inf/nan.
print(7.0 // 2, -7.0 // 2, 7 // -2.0, 7.5 // 2)
-- expect: 3.0	-4.0	-4.0	3.0
print(1 // 0.0, -1 // 0.0, 0.0 // 1)
-- expect: inf	-inf	0.0
print((0/0) // 1 ~= (0/0) // 1)
-- expect: true
