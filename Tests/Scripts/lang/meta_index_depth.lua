-- Long __index chains work; a loop of __index tables is detected.
local t = {}
local cur = t
for i = 1, 50 do local nxt = {} setmetatable(cur, {__index = nxt}) cur = nxt end
cur.deep = "found"
print(t.deep)
-- expect: found
local a, b = {}, {}
setmetatable(a, {__index = b})
setmetatable(b, {__index = a})
print(pcall(function() return a.missing end))
-- expect: false	meta_index_depth.lua:11: '__index' chain too long; possible loop
