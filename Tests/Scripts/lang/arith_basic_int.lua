-- Integer + - * and unary minus stay integers.
print(2 + 3, 2 - 3, 2 * 3, -(-4), 7 - -2)
-- expect: 5	-1	6	4	9
print(math.type(2 + 3), math.type(2 * 3))
-- expect: integer	integer
print(1 + 2 * 3 - 4, (1 + 2) * (3 - 4))
-- expect: 3	-3
