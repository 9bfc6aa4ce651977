-- Assigning to the loop variable does not change the iteration count.
local n = 0
for i = 1, 5 do n = n + 1; i = 100 end
print(n)
-- expect: 5
for i = 1, 2 do local j = i; print(j) end
-- expect: 1
-- expect: 2
