-- function a.b.c() and function a.b:m() definitions.
local a = {b = {c = {}}}
function a.b.c.f(x) return "f" .. x end
function a.b:m(x) return self == a.b, x end
print(a.b.c.f(1), a.b:m(2))
-- expect: f1	true	2
