-- Short string escapes: \n \t \\ \" \' \a \b \f \v \r, decimal and hex bytes.
print("a\tb", "q\"q", 'q\'q', "back\\slash")
-- expect: a	b	q"q	q'q	back\slash
print(#"\a\b\f\v\r\n", string.byte("\a\b\f\v\r\n", 1, -1))
-- expect: 6	7	8	12	11	13	10
print("\65\066\0671", "\x41\x62\x7A", #"\0\00\000", "\u{48}\u{49}")
-- expect: ABC1	Abz	3	HI
print("line1\
line2")
-- expect: line1
-- expect: line2
