-- \u{XXX} escapes produce UTF-8 byte sequences (up to 2^31 in Lua 5.4).
print(#"\u{7F}", #"\u{80}", #"\u{7FF}", #"\u{800}", #"\u{FFFF}", #"\u{10000}", #"\u{10FFFF}")
-- expect: 1	2	2	3	3	4	4
print(string.byte("\u{E9}", 1, -1))
-- expect: 195	169
print(#"\u{7FFFFFFF}", string.byte("\u{7FFFFFFF}", 1))
-- expect: 6	253
print("\u{48}\u{0065}llo")
-- expect: Hello
