-- tonumber on strings: decimal, hex, exponents, whitespace, invalid input.
print(tonumber("42"), tonumber("  42  "), tonumber("4.5"), tonumber("1e2"))
-- expect: 42	42	4.5	100.0
print(tonumber("0x1F"), tonumber("0X1p4"), tonumber("-0x10"), tonumber(".5"), tonumber("5."))
-- expect: 31	16.0	-16	0.5	5.0
print(tonumber("abc"), tonumber(""), tonumber("1 2"), tonumber("1e"), tonumber(nil))
-- expect: nil	nil	nil	nil	nil
print(tonumber("10", 2), tonumber("ff", 16), tonumber("zz", 36), tonumber("8", 8))
-- expect: 2	255	1295	nil
print(tonumber(12), tonumber(1.5))
-- expect: 12	1.5
