-- Float keys with integer values are normalised to integer keys.
local t = {}
t[1.0] = "a"; t[2] = "b"
print(t[1], t[2.0], #t)
-- expect: a	b	2
t[2^53] = "big"
print(t[math.tointeger(2^53)])
-- expect: big
t[1.5] = "half"
print(t[1.5], t[3/2])
-- expect: half	half
