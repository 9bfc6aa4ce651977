-- Assorted syntax errors and their messages.
print(load("x = = 1"))
-- expect: nil	[string "x = = 1"]:1: unexpected symbol near '='
print(load("local 1 = 2"))
-- expect: nil	[string "local 1 = 2"]:1: <name> expected near '1'
print(load("f() = 1"))
-- expect: nil	[string "f() = 1"]:1: syntax error near '='
print(load("x = 1 +* 2"))
-- expect: nil	[string "x = 1 +* 2"]:1: unexpected symbol near '*'
print(load("return 0x"))
-- expect: nil	[string "return 0x"]:1: malformed number near '0x'
print(load("return 1..2"))
-- expect: nil	[string "return 1..2"]:1: malformed number near '1..2'
print(load("x = 'a\nb'"))
-- expect: nil	[string "x = 'a..."]:1: unfinished string near ''a'
