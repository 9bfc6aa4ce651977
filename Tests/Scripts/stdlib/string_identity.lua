-- A gsub that replaces nothing returns its subject itself (`%p` tells), and equal long string
-- literals anywhere in one chunk are one object. Short strings are always one object.
local s = string.rep("long subject ", 5)
local function same(a, b) return string.format("%p", a) == string.format("%p", b) end
print(same(s, (s:gsub("z", "y"))), same(s, (s:gsub("l", "L"))))
-- expect: true	false
-- Matches kept by a function or table that gives false/nil: still the original.
print(same(s, (s:gsub("%w+", function() return nil end))), select(2, s:gsub("%w+", {})))
-- expect: true	10
print(same(s, (s:gsub("%w+", {}))), same(s, (s:gsub("%w+", function() return false end))))
-- expect: true	true
-- A template always counts as a replacement, even one that gives the same text.
print(same(s, (s:gsub("long", "long"))), (s:gsub("long", "long")) == s)
-- expect: false	true
-- maxn 0: nothing replaced.
print(same(s, (s:gsub("l", "L", 0))))
-- expect: true
-- Equal long literals, in one function or nested ones, are one string.
local a = [[a long literal that is longer than forty characters for sure]]
local b = "a long literal that is longer than forty characters for sure"
local function f() return [[a long literal that is longer than forty characters for sure]] end
local function g() return function() return "a long literal that is longer than forty characters for sure" end end
print(same(a, b), same(a, f()), same(a, g()()))
-- expect: true	true	true
-- A string built at run time is another object; another chunk has its own.
local c = string.rep("x", 50)
print(same(c, string.rep("x", 50)), c == string.rep("x", 50))
-- expect: false	true
local other = load("return [[a long literal that is longer than forty characters for sure]]")()
print(same(a, other), a == other)
-- expect: false	true
