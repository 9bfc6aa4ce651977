-- Equal strings compare equal regardless of how they were built.
local a = "ab" .. "cd"
local b = string.rep("ab", 1) .. "c" .. "d"
print(a == b, a == "abcd", rawequal(a, b))
-- expect: true	true	true
local t = {}
t[a] = 1
print(t.abcd, t[b])
-- expect: 1	1
local long1 = string.rep("x", 100) .. "y"
local long2 = string.rep("x", 100) .. "y"
print(long1 == long2)
-- expect: true
