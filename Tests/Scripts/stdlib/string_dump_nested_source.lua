-- A dump stores the chunk name once: nested functions inherit it on load, so a long name does
-- not grow the dump per function. Stripped functions report "=?" and have no active lines.
local name = string.rep("n", 1000)
local p = assert(load("return function(x) return function(y) return x + y end end", name))
local d = string.dump(p)
print(#d > 1000, #d < 2000)
-- expect: true	true
local f = assert(load(d))
local g = f()
local h = g(3)
print(h(4), debug.getinfo(f).source == name, debug.getinfo(g).source == name, debug.getinfo(h).source == name)
-- expect: 7	true	true	true
local s = assert(load(string.dump(p, true)))
local sg = s()
print(debug.getinfo(s).source, debug.getinfo(sg).source, debug.getinfo(sg(1)).source, sg(1)(2))
-- expect: =?	=?	=?	3
print(next(debug.getinfo(sg, "L").activelines))
-- expect: nil
-- A chunk named "" keeps its empty name through a dump.
local e = assert(load(string.dump(assert(load("return function() end", "")))))
print(debug.getinfo(e).source == "", debug.getinfo(e()).source == "")
-- expect: true	true
