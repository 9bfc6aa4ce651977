-- Syntax errors for incomplete input end with "near <eof>".
print(load("if x then"))
-- expect: nil	[string "if x then"]:1: 'end' expected near <eof>
print(load("f("))
-- expect: nil	[string "f("]:1: unexpected symbol near <eof>
print(load("x = [[abc"))
-- expect: nil	[string "x = [[abc"]:1: unfinished long string (starting at line 1) near <eof>
print(load("--[[ open comment"))
-- expect: nil	[string "--[[ open comment"]:1: unfinished long comment (starting at line 1) near <eof>
print(load("for i = 1, 2 do\nprint(i)\n"))
-- expect: nil	[string "for i = 1, 2 do..."]:3: 'end' expected (to close 'for' at line 1) near <eof>
