-- Table constructors: positional, named, bracketed keys, separators, trailing separator.
local t = {1, 2, 3; x = "x", ["y z"] = "yz", [10] = "ten", 4,}
print(#t, t[4], t.x, t["y z"], t[10])
-- expect: 4	4	x	yz	ten
local u = {[1] = "a", "b"}
print(u[1])
-- expect: b
local e = {}
print(#e, next(e))
-- expect: 0	nil
local n = {f = function() return "f" end, {nested = true}}
print(n.f(), n[1].nested)
-- expect: f	true
