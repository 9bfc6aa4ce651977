-- next walks every key; removing the current key while iterating is allowed.
local t = {a = 1, b = 2, c = 3, d = 4, 10, 20}
local count = 0
for k in pairs(t) do count = count + 1; t[k] = nil end
print(count, next(t))
-- expect: 6	nil
print(next({}, nil))
-- expect: nil
print(pcall(next, {}, "nokey"))
-- expect: false	invalid key to 'next'
