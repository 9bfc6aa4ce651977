-- string.find: plain searches, init, special characters.
print(("hello world"):find("o"), ("hello world"):find("o", 6), ("hello world"):find("xyz"))
print(("a.b.c"):find(".", 1, true), ("a.b.c"):find("%."), ("a+b"):find("+", 1, true))
print(("abc"):find(""), ("abc"):find("", 10), ("abc"):find("", 4), ("abc"):find("c", -1))
print(("abc"):find("b", -100), (""):find(""), ("aaa"):find("a", 0))
-- expect: 5	8	nil
-- expect: 2	2	2	2
-- expect: 1	nil	4	3	3
-- expect: 2	1	1	1
