-- Hexadecimal numerals with fractions and binary exponents.
print(0x10, 0xA.8p0, 0x.1p4, 0x1p-1, 0X1P+2)
-- expect: 16	10.5	1.0	0.5	4.0
print(0xa, 0xA, 0x1.8, 0x0.1)
-- expect: 10	10	1.5	0.0625
print(1e2, 1E-2, .5e1, 3., 0.)
-- expect: 100.0	0.01	5.0	3.0	0.0
