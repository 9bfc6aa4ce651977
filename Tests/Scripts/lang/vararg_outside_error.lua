-- ... is only valid directly inside a vararg function.
print(load("function f() return ... end"))
-- expect: nil	[string "function f() return ... end"]:1: cannot use '...' outside a vararg function near '...'
print(load("function f(...) return function() return ... end end"))
-- expect: nil	[string "function f(...) return function() return ... ..."]:1: cannot use '...' outside a vararg function near '...'
print(load("return ...") ~= nil)
-- expect: true
