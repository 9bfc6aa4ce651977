-- Printing integer and float results of common expressions.
print(3 / 2, 1e15, 2^53, math.maxinteger + 1 == math.mininteger)
-- expect: 1.5	1e+15	9.007199254741e+15	true
print(10 / 2, 3 * 1.0, 7 // 1, 2^31, 1e3)
-- expect: 5.0	3.0	7	2147483648.0	1000.0
print(-0.0, 0.0, 100 * 1.1, 1/3 * 3)
-- expect: -0.0	0.0	110.0	1.0
print(123456789012, 1234567890123456, 12345678901234567890)
-- expect: 123456789012	1234567890123456	1.2345678901235e+19
print(255 // 1.0, 2^-1074, 1.7976931348623157e308)
-- expect: 255.0	4.9406564584125e-324	1.7976931348623e+308
