-- Arithmetic precedence: ^ > unary > * / // % > + - > .. ; ^ and .. are right associative.
print(2 + 3 * 4, (2 + 3) * 4, 2 * 3 ^ 2, -2 ^ 2, 2 ^ -1)
-- expect: 14	20	18.0	-4.0	0.5
print(7 - 3 - 2, 2 ^ 3 ^ 2, 100 / 10 / 2, 17 // 5 % 2, 17 % 5 // 2)
-- expect: 2	512.0	5.0	1	1
print(1 .. 2 + 3, "x" .. 2 * 3)
-- expect: 15	x6
print(not 1 == 2, not (1 == 2), -3 % 5, -(3 % 5))
-- expect: false	true	2	-3
