-- Decimal exponents in numerals.
print(1e0, 1e1, 1e-1, 2E+3, 12.5e-1, 0e10)
-- expect: 1.0	10.0	0.1	2000.0	1.25	0.0
print(1e308 * 10, 1e-400, -1e-400)
-- expect: inf	0.0	-0.0
