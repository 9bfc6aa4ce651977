-- string.byte's end defaults to its start as given: a start before the string's first byte
-- clamps to 1, but the end stays before it, so the result is empty.
print(select("#", string.byte("hi", -3)), string.byte("hi", -2), string.byte("hi", -3, 1))
-- expect: 0	104	104
print(select("#", string.byte("", -1)), select("#", string.byte("abc", -10, -4)))
-- expect: 0	0
print(string.byte("abc", -10, -3), string.byte("abc", 0, 1))
-- expect: 97	97
