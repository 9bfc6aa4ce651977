-- Logical operators: not > comparisons > and > or.
print(1 < 2 and 2 < 3, 1 < 2 or error("x"), nil and nil or "d")
-- expect: true	true	d
print(false or true and false, (false or true) and false, not nil and 1)
-- expect: false	false	1
print(1 == 1 and "yes" or "no", 1 ~= 1 and "yes" or "no")
-- expect: yes	no
print(#"abc" + 1, -#"ab", #"a" .. "b")
-- expect: 4	-2	1b
