-- Mixed int/float arithmetic yields floats.
print(2 + 3.0, 2.5 - 1, 2 * 0.5, -(0.0))
-- expect: 5.0	1.5	1.0	-0.0
print(0.1 + 0.2 == 0.3, 0.5 + 0.25 == 0.75)
-- expect: false	true
