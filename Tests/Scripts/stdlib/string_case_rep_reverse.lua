-- upper, lower, rep with separators, reverse.
print(("Hello, World! 123"):upper(), ("Hello, World! 123"):lower())
print(("ab"):rep(3), ("ab"):rep(3, "-"), ("x"):rep(0), ("x"):rep(-1), ("x"):rep(1, ","))
print(("abc"):reverse(), (""):reverse(), string.rep("", 5) == "")
print(#string.rep("abc", 1000), #string.rep("a", 10, "bb"))
-- expect: HELLO, WORLD! 123	hello, world! 123
-- expect: ababab	ab-ab-ab			x
-- expect: cba		true
-- expect: 3000	28
