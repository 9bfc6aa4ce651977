-- Strings compare byte-wise (in the C locale); embedded zeros are significant.
print("a" < "b", "a" < "aa", "b" < "aa", "A" < "a", "" == "")
-- expect: true	true	false	true	true
print("a\0b" < "a\0c", "a\0" > "a", #"a\0b")
-- expect: true	true	3
print("abc" <= "abc", "abc" >= "abd")
-- expect: true	false
