-- # on strings counts bytes, including zeros.
print(#"", #"abc", #"\0", #"a\0b\0", #"\u{E9}")
-- expect: 0	3	1	4	2
local s = "hello"
print(#s, #s .. "", -#s)
-- expect: 5	5	-5
