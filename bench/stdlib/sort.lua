-- sort: table.sort on numbers, strings and records with a comparator.
-- Prints one checksum line. Written in the Lua that LuaJIT also runs.
local seed = 42
local function rand(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
local check = 0
for round = 1, 3 do
  local nums, strs, recs = {}, {}, {}
  for i = 1, 20000 do
    nums[i] = rand(1000000)
    strs[i] = "k" .. rand(100000)
    recs[i] = {key = rand(5000), id = i}
  end
  table.sort(nums)
  table.sort(strs)
  table.sort(recs, function(a, b) if a.key ~= b.key then return a.key < b.key end return a.id < b.id end)
  check = check + nums[1] + nums[10000] + #strs[20000] + recs[1].id + recs[20000].key
end
print(check)
