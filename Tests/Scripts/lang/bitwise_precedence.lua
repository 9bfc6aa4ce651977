-- Precedence among bitwise operators: shift > & > ~ > |, all below concatenation.
print(1 | 2 ~ 3 & 4, (1 | 2) ~ 3, 1 << 2 + 1, 1 << 2 | 1)
-- expect: 3	0	8	5
print(6 & 3 ~ 1, 6 & (3 ~ 1), 2 ~ 1 | 4)
-- expect: 3	2	7
print(1 < 2 == true, "a" .. "b" == "ab", 1 | 2 == 3, 1 | (2 == 3 and 1 or 0))
-- expect: true	true	true	1
