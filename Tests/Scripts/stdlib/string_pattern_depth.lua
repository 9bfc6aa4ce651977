-- A `*`, `?` or `-` item that matches nothing costs no depth, so long runs of them work; the
-- matcher still says "pattern too complex" where lua does: about 200 nested backtracking
-- items that each matched (or captures) at once.
local function try(s, p) local ok, r = pcall(string.find, s, p); return ok and r or r end
print(try("", ("a*"):rep(400)), try("aaa", ("a*"):rep(400)), try("b", ("a?"):rep(400)))
-- expect: 1	1	1
print(try("xyz", ("a-"):rep(1000) .. "z"), try("aaab", ("a*"):rep(1000) .. "b"))
-- expect: 3	1
print(try(("a"):rep(150), ("a?"):rep(400) .. "$"))
-- expect: 1
print(try(("a"):rep(250), ("a?"):rep(250)))
-- expect: pattern too complex
print(try(("a"):rep(199), ("a?"):rep(199)), try(("a"):rep(200), ("a?"):rep(200)))
-- expect: 1	pattern too complex
-- Plain items loop: any length works.
print(try(("ab"):rep(5000), ("ab"):rep(5000)))
-- expect: 1
-- Captures each cost a level, and at most 32 may be open.
print(try("x", ("("):rep(33) .. "x" .. (")"):rep(33)))
-- expect: too many captures
print(try("x", ("()"):rep(32) .. "x"))
-- expect: 1
-- `+` always matched once before it expands: each costs a level.
print(try(("ab"):rep(150), ("a+b"):rep(150)), try(("ab"):rep(250), ("a+b"):rep(250)))
-- expect: 1	pattern too complex
print(("b"):match(("a-"):rep(300) .. "b$"), #(("aaa"):match(("a*"):rep(300))))
-- expect: b	3
-- gsub and gmatch restart the depth at every position.
print((("ab"):rep(300)):gsub(("a?"):rep(150) .. "b", "."):len())
-- expect: 300
local n = 0
for w in (("x "):rep(300)):gmatch(("y*"):rep(300) .. "x") do n = n + 1 end
print(n)
-- expect: 300
