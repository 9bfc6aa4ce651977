-- string.pack, unpack and packsize with many options.
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
print(hex(string.pack("i4", 100)), hex(string.pack(">i4", 100)), hex(string.pack("<i2 >i2", 1, 1)))
print(hex(string.pack("b B h H", -1, 255, -2, 65535)))
print(hex(string.pack("j", -1)), hex(string.pack("i3", -2)), hex(string.pack("I16", 1)), hex(string.pack("i9", -1)))
print(hex(string.pack("d", 1.5)), hex(string.pack("f", 0.5)), hex(string.pack(">n", -2)))
print(hex(string.pack("z", "hi")), hex(string.pack("s1", "hi")), hex(string.pack("c5", "ab")))
print(hex(string.pack("!4 b i4", 1, 2)), hex(string.pack("b x h", 1, 2)), hex(string.pack("!8 b Xi8 b", 1, 2)))
print(string.packsize("i4 i8 d"), string.packsize("!8 b i8"), string.packsize("c10 b"), string.packsize(""))
print(string.unpack("i4", string.pack("i4", -123456)))
print(string.unpack("<h >h", "\1\0\0\1"))
print(string.unpack("z s1 c3", "hello\0\3abcxyz"))
print(string.unpack("d f", string.pack("d f", 3.25, -1.5)))
print(string.unpack("B", "\200\100", 2), string.unpack("i2", "\1\2\3\4", -2))
print(string.unpack("I9", string.pack("I9", 12345)), string.unpack("j", string.pack("J", -1)))
local t = {string.unpack("i1 i1 i1", "\1\2\3")} print(#t, t[4])
-- expect: 64000000	00000064	01000001
-- expect: fffffeffffff
-- expect: ffffffffffffffff	feffff	01000000000000000000000000000000	ffffffffffffffffff
-- expect: 000000000000f83f	0000003f	c000000000000000
-- expect: 686900	026869	6162000000
-- expect: 0100000002000000	01000200	010000000000000002
-- expect: 20	16	11	0
-- expect: -123456	5
-- expect: 1	1	5
-- expect: hello	abc	xyz	14
-- expect: 3.25	-1.5	13
-- expect: 100	1027	5
-- expect: 12345	-1	9
-- expect: 4	4
