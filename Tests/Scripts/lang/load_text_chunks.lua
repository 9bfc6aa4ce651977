-- load compiles text; the result is a function; syntax errors return nil and a message.
local f = load("return 1 + 2")
print(f())
-- expect: 3
print(load("return +"))
-- expect: nil	[string "return +"]:1: unexpected symbol near '+'
local g = load("x = ...; return x * 2", "mychunk")
print(g(21), x)
-- expect: 42	21
print(pcall(load("error('e')", "=named")))
-- expect: false	named:1: e
print(load("syntax error here", "=src"))
-- expect: nil	src:1: syntax error near 'error'
local env = {y = 5}
print(load("return y", "c", "t", env)())
-- expect: 5
