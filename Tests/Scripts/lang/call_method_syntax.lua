-- a:m(...) passes a as self; call forms with string and table arguments.
local o = {n = "o"}
function o.plain(x) return x end
function o:m(a, b) return self.n, a, b end
print(o:m(1, 2))
-- expect: o	1	2
print(o.m(o, 3))
-- expect: o	3	nil
print(o.plain "str", #o.plain {1, 2})
-- expect: str	2
print(type(o:m"x"), select(2, o:m{}) ~= nil)
-- expect: string	true
local s = ("x"):rep(3)
print(s)
-- expect: xxx
