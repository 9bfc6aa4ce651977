-- Entries vanishing in a collection during a traversal do not break `next`.
local t = setmetatable({}, {__mode = "v"})
local keep = {}
for i = 1, 50 do t["k" .. i] = (i % 2 == 0) and keep or {} end
local seen = 0
for k, v in pairs(t) do
  seen = seen + 1
  if seen == 3 then collectgarbage() end
end
-- The entry the loop held during the collection may survive it; every other dead one is gone.
local left = 0
for k, v in pairs(t) do left = left + 1 end
print(left == 25 or left == 26, seen >= 25 and seen <= 28)
-- expect: true	true
