-- utf8.len (strict and lax) and utf8.offset.
local function try(f, ...) local ok, e = pcall(f, ...) print(ok, (tostring(e):gsub("^.-:%d+: ", ""))) end

print(utf8.len("Hé€😀"), utf8.len(""), utf8.len("abc", 2), utf8.len("abc", 4), utf8.len("abc", -1))
print(utf8.len("a\xffb"), utf8.len("\xed\xa0\x80"), utf8.len("\xed\xa0\x80", 1, -1, true))
print(utf8.len("\xc0\x80"), utf8.len("é", 2))
try(function() return utf8.len("abc", 5) end)
try(function() return utf8.len("abc", 1, 4) end)
local s = "aé€😀"
print(utf8.offset(s, 1), utf8.offset(s, 2), utf8.offset(s, 3), utf8.offset(s, 4), utf8.offset(s, 5), utf8.offset(s, 6))
print(utf8.offset(s, -1), utf8.offset(s, -2), utf8.offset(s, -4), utf8.offset(s, -5))
print(utf8.offset(s, 0, 3), utf8.offset(s, 0, 5), utf8.offset(s, 0, 1), utf8.offset(s, 1, 4))
try(function() return utf8.offset(s, 1, 3) end)
try(function() return utf8.offset("abc", 1, 5) end)
-- expect: 4	0	2	0	1
-- expect: nil	nil	1
-- expect: nil	nil	2
-- expect: false	bad argument #2 to 'len' (initial position out of bounds)
-- expect: false	bad argument #3 to 'len' (final position out of bounds)
-- expect: 1	2	4	7	11	nil
-- expect: 7	4	1	nil
-- expect: 2	4	1	4
-- expect: false	initial position is a continuation byte
-- expect: false	bad argument #3 to 'offset' (position out of bounds)
