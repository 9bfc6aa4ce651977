-- Floor division and modulo mixing integers and floats convert to float.
print(7 // 2.0, 7.0 // 2, -7 // 2.0, 7 % 2.5, -7 % 2.5, 7 % -2.5)
-- expect: 3.0	3.0	-4.0	2.0	0.5	-0.5
print(3 % math.huge, -3 % math.huge, 3 % -math.huge, -3 % -math.huge)
-- expect: 3.0	inf	-inf	-3.0
print(5.3 // 1, -5.3 // 1, 1e308 // 1e-308)
-- expect: 5.0	-6.0	inf
