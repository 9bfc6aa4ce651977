-- strings: escapes, long brackets, concat chains, methods on strings
print("a\tb\\n\"", 'it\'s', "\65\066\x43\u{44}\u{20AC}", "\z
      continued")
print([[
first newline skipped]], [==[with ]] inside]==], #[[

]])
print("a" .. "b" .. "c" .. 1 .. 2.5, 1 .. "")
local s = "x"
for i = 1, 3 do s = s .. s end
print(s, #s)
local name = "lua"
print(name:rep(3), ("ab"):rep(2, "-"), #name, name:len())
print(("%d-%s-%5.2f"):format(42, "x", 3.14159))
print(string.format("%x", 255), string.byte("A"))
local parts = {}
for i = 1, 5 do parts[#parts + 1] = tostring(i) end
print(table.concat(parts, ","))
local a, b, c = "1", "2", "3"
print(a .. b .. c, a .. (b .. c), (a .. b) .. c)
print(10 == "10", "abc" < "abd", "Z" < "a", "" < "a")
print(#"\0\0\0", "\u{7FF}" == "\xDF\xBF", "\u{10FFFF}" == "\xF4\x8F\xBF\xBF")
