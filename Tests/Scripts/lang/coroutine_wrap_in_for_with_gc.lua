-- Generators allocate while iterating; collections in between must not disturb them.
local function words(n)
  return coroutine.wrap(function()
    for i = 1, n do
      local s = string.rep("w", i % 5 + 1) .. i
      coroutine.yield({word = s, len = #s})
    end
  end)
end
local total = 0
for item in words(300) do
  total = total + item.len
  if item.len % 7 == 0 then collectgarbage() end
end
print(total)
-- expect: 1692
