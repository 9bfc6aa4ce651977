-- load() accepts string.dump output in modes "b" and "bt", refuses it in "t"; text in "b" is refused.
local function add(a, b) return a + b end
print(load(string.dump(add))(2, 3))
print(load(string.dump(add), "x", "b")(4, 5))
print(load(string.dump(add), "x", "t"))
print(load("return 1", "x", "b"))
print(load(string.dump(add, true), "=s", "bt")(6, 7))
-- A loaded dump gets fresh upvalues: the first is the environment (globals), the rest nil.
local up = 10
local function first() return up end
print(load(string.dump(first))() == _G)
local function second() return print ~= nil, up end
print(load(string.dump(second))())
local env = {print = 1}
local g = load(string.dump(second), "n", "bt", env)
print(pcall(g))
-- Main chunks round-trip with their varargs.
local m = load("local x = ... ; return x * 2")
print(load(string.dump(m))(21), load(string.dump(m, true))(21))
-- Errors in loaded dumps: positions come from the dumped debug info; stripped code has none.
local function boom() error("boom") end
print(pcall(load(string.dump(boom))))
print(pcall(load(string.dump(boom, true))))
local function nilindex() local x = nil; return x.y end
print(pcall(load(string.dump(nilindex, true))))
-- A truncated binary chunk is an error value, not a crash; numbers load as text.
local f, e = load(string.dump(add):sub(1, 10))
print(f, e ~= nil)
print(load(12, "=num"))
-- expect: 5
-- expect: 9
-- expect: nil	attempt to load a binary chunk (mode is 't')
-- expect: nil	attempt to load a text chunk (mode is 'b')
-- expect: 13
-- expect: true
-- expect: true	nil
-- expect: true	true	nil
-- expect: 42	42
-- expect: false	load_binary_chunks.lua:21: boom
-- expect: false	boom
-- expect: false	?:-1: attempt to index a nil value
-- expect: nil	true
-- expect: nil	num:1: unexpected symbol near '12'
