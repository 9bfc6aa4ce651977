-- # returns a border; for sequences it is the element count.
local t = {}
for i = 1, 100 do t[i] = i end
print(#t)
-- expect: 100
t[#t] = nil
print(#t)
-- expect: 99
t[#t + 1] = "x"
print(#t)
-- expect: 100
local s = {n = 1}
print(#s, #"", #{nil})
-- expect: 0	0	0
local b = {1, 2, 3, nil}
print(#b)
-- expect: 3
