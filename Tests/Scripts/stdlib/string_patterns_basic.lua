-- Pattern items: classes, sets, quantifiers, anchors.
print(("hello 123 world"):match("%d+"), ("hello 123"):match("%a+"), ("  x  "):match("^%s*(.-)%s*$"))
print(("key = value"):match("(%w+)%s*=%s*(%w+)"))
print(("2024-01-15"):match("(%d+)-(%d+)-(%d+)"))
print(("abc"):match("^b"), ("abc"):match("c$"), ("a$c"):match("a$c"))
print(("[tag]"):match("%[(.-)%]"), ("x-y"):match("[%w-]+"), ("Zebra"):match("[A-Z]%l+"))
print(("aaab"):match("a-b"), ("aaab"):match("a*"), ("aaab"):match("a+b"), ("b"):match("a?b"))
print(("f(a(b)c)d"):match("%b()"), ("THE (quick) fox"):find("%f[%a]%a+", 5))
print(("hello"):match("()ll()"), ("abcabc"):match("(abc)%1"))
print(("\0a\0"):match("%z") == nil, ("x\0y"):find("\0", 1, true), ("a.b"):match("[.]"))
print(("0x1F"):match("^0[xX](%x+)$"), ("tab\there"):match("%c"), ("a,b;c"):gsub("%p", "_"))
print(("ABC def"):match("%u+"), ("ABC def"):match("%U+"), ("a1 b2"):match("%W"), ("αβ"):match("[\128-\255]+") == "αβ")
-- expect: 123	hello	x
-- expect: key	value
-- expect: 2024	01	15
-- expect: nil	c	a$c
-- expect: tag	x-y	Zebra
-- expect: aaab	aaa	aaab	b
-- expect: (a(b)c)	6	10
-- expect: 3	abc
-- expect: false	2	.
-- expect: 1F			a_b_c	2
-- expect: ABC	 def	 	true
