-- string.gsub with string, table and function replacements and a limit.
print(("hello world"):gsub("o", "0"))
print(("hello world"):gsub("(%w+)", "<%1>"))
print(("hello world"):gsub("%w+", "%0 %0", 1))
print(("abc"):gsub("", "-"))
print(("hello"):gsub("l", "%%"))
print(("$name is $age"):gsub("%$(%w+)", {name = "Bob", age = 42}))
print(("$x and $y"):gsub("%$(%w+)", {x = false}))
print(("1 2 3"):gsub("%d", function(d) return d * 2 end))
print(("a b c"):gsub("%a", function(c) if c == "b" then return nil end return c:upper() end))
print(("abc"):gsub(".", {a = 1, b = 2.5}))
print(("x = 1"):gsub("(%w+) = (%w+)", "%2 = %1"))
print(("hello"):gsub("", "", 0), ("aaa"):gsub("a", "b", 2), ("abc"):gsub("%w", "%0%0", -1))
print(("abc"):gsub("b*", "-"))
print(("hello world"):gsub("o", "0", 1.0))
print(("pos"):gsub("()", "%1"))
-- expect: hell0 w0rld	2
-- expect: <hello> <world>	2
-- expect: hello hello world	1
-- expect: -a-b-c-	4
-- expect: he%%o	2
-- expect: Bob is 42	2
-- expect: $x and $y	2
-- expect: 2 4 6	3
-- expect: A b C	3
-- expect: 12.5c	3
-- expect: 1 = x	1
-- expect: hello	bba	abc	0
-- expect: -a-c-	3
-- expect: hell0 world	1
-- expect: 1p2o3s4	4
