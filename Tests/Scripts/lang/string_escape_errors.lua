-- Bad escapes are syntax errors with lua's messages.
print(load([[return "\q"]]))
-- expect: nil	[string "return "\q""]:1: invalid escape sequence near '"\q'
print(load([[return "\300"]]))
-- expect: nil	[string "return "\300""]:1: decimal escape too large near '"\300"'
print(load([[return "\xZZ"]]))
-- expect: nil	[string "return "\xZZ""]:1: hexadecimal digit expected near '"\xZ'
print(load("return 'abc"))
-- expect: nil	[string "return 'abc"]:1: unfinished string near <eof>
