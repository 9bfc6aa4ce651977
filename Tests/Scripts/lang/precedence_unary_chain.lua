-- Unary operators chain and bind tighter than binary ones except ^.
print(- - 2, not not true, ~ ~ 5, - ~ 0, #{1, 2} * 2)
-- expect: 2	true	5	1	4
print(-2 ^ -2, 2 ^ - 2, -x == nil)
-- expect error: attempt to perform arithmetic on a nil value (global 'x')
