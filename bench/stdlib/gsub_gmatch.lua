-- gsub_gmatch: pattern matching over generated text: gmatch word counts, gsub with string,
-- table and function replacements, find with captures. Prints one checksum line.
-- Written in the Lua that LuaJIT also runs.
local words = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"}
local parts = {}
for i = 1, 4000 do parts[i] = words[(i * 7) % #words + 1] .. " " .. i .. ", " end
local text = table.concat(parts)

local count, total = 0, 0
for round = 1, 30 do
  for w in text:gmatch("%a+") do count = count + #w end
  for n in text:gmatch("%d+") do total = total + tonumber(n) end
  local s1, n1 = text:gsub("(%a+) (%d+)", "%2=%1")
  local s2, n2 = text:gsub("%a+", {alpha = "A", beta = "B"})
  local s3, n3 = text:gsub("%d+", function(d) return #d end)
  count = count + n1 + n2 + n3 + #s1 + #s2 + #s3
  local pos, hits = 1, 0
  while true do
    local a, b, cap = text:find("(%a+a) %d", pos)
    if not a then break end
    hits = hits + #cap
    pos = b + 1
  end
  count = count + hits
end
print(count, total)
