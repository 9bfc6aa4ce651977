-- utf8.codes rejects a stray continuation byte (Lua 5.4.8; 5.4.4 skipped it): a sequence followed
-- by one raises "invalid UTF-8 code" instead of being returned; at the very start of the string,
-- codes itself raises an argument error. lax mode changes neither.
local function try(f) local ok, e = pcall(f) print(ok, (tostring(e):gsub("^[^:]*:%d+: ", ""))) end
local function walk(s, lax) return function() for p, c in utf8.codes(s, lax) do io.write(p, ":", c, " ") end end end

try(walk("a\x80b"))
try(walk("\xc3\xa9\xbf!"))
try(walk("ab\xbf"))
try(walk("a\x80b", true))
try(walk("\x80abc"))
try(walk("\xbf", true))
try(walk("\xc3\xa9\xe2\x82\xac"))
-- The iterator called by hand: a negative control value ends the walk.
local it, s = utf8.codes("ab")
print(it(s, -1), it(s, 0), it(s, 1), it(s, 2))
print()
-- expect: false	invalid UTF-8 code
-- expect: false	invalid UTF-8 code
-- expect: 1:97 false	invalid UTF-8 code
-- expect: false	invalid UTF-8 code
-- expect: false	bad argument #1 to 'codes' (invalid UTF-8 code)
-- expect: false	bad argument #1 to 'codes' (invalid UTF-8 code)
-- expect: 1:233 3:8364 true	nil
-- expect: nil	1	2
-- expect:
