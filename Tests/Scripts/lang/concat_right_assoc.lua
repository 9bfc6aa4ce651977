-- .. is right associative, so __concat sees the right-hand pair first.
-- (The metamethod avoids C calls and nested concatenation: lua 5.4.4 mishandles those here.)
local log = {}
local mt = {}
mt.__concat = function(a, b)
  log[#log + 1] = a
  log[#log + 1] = b
  return {l = a, r = b}
end
local A = setmetatable({n = "A"}, mt)
local B = setmetatable({n = "B"}, mt)
local function show(v)
  if type(v) ~= "table" then return tostring(v) end
  if v.n then return v.n end
  return "(" .. show(v.l) .. " " .. show(v.r) .. ")"
end
local r = A .. B .. "c"
print(show(r))
-- expect: (A (B c))
for i = 1, #log do log[i] = show(log[i]) end
print(table.concat(log, ","))
-- expect: B,c,A,(B c)
print(show("x" .. A), show(A .. 1), show(2 .. B))
-- expect: (x A)	(A 1)	(2 B)
