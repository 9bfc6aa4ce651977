-- utf8.char, charpattern and codepoint.
local function try(f, ...) local ok, e = pcall(f, ...) print(ok, (tostring(e):gsub("^.-:%d+: ", ""))) end

print(utf8.char(72, 233, 8364, 128512) == "Hé€😀", #utf8.char(0x7FFFFFFF), utf8.char() == "")
print(utf8.char(0x10FFFF):byte(1, -1))
print(utf8.charpattern == "[\0-\x7F\xC2-\xFD][\x80-\xBF]*")
print(utf8.codepoint("Hé€😀", 1, -1))
print(utf8.codepoint("abc"), utf8.codepoint("abc", 2), utf8.codepoint("abc", -1), select("#", utf8.codepoint("abc", 3, 2)))
print(utf8.codepoint("\u{7FFFFFFF}", 1, 1, true))
try(function() return utf8.codepoint("\xff") end)
try(function() return utf8.codepoint("\xed\xa0\x80") end)
print(utf8.codepoint("\xed\xa0\x80", 1, 1, true))
try(function() return utf8.codepoint("abc", 0) end)
try(function() return utf8.codepoint("abc", 1, 4) end)
try(function() return utf8.char(-1) end)
try(function() return utf8.char(0x80000000) end)
for c in ("aé€"):gmatch(utf8.charpattern) do io.write(#c, " ") end print()
-- expect: true	6	true
-- expect: 244	143	191	191
-- expect: true
-- expect: 72	233	8364	128512
-- expect: 97	98	99	0
-- expect: 2147483647
-- expect: false	invalid UTF-8 code
-- expect: false	invalid UTF-8 code
-- expect: 55296
-- expect: false	bad argument #2 to 'codepoint' (out of bounds)
-- expect: false	bad argument #3 to 'codepoint' (out of bounds)
-- expect: false	bad argument #1 to 'char' (value out of range)
-- expect: false	bad argument #1 to 'char' (value out of range)
-- expect: 1 2 3 
