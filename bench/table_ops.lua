-- table_ops: table insert/lookup heavy code: arrays with table.insert/remove, hash tables with
-- string and integer keys, a counting dictionary, and iteration with pairs and ipairs.
-- Written in the Lua that LuaJIT also runs (no // or bitwise operators); prints one checksum line.
local ROUNDS = 80
local N = 20000

local function round(r)
  local arr = {}
  for i = 1, N do table.insert(arr, i * r) end
  for _ = 1, math.floor(N / 4) do table.remove(arr) end
  local keys = {}
  for i = 1, 200 do keys[i] = "key" .. i end
  local dict = {}
  for i = 1, N do
    local k = keys[i % 200 + 1]
    dict[k] = (dict[k] or 0) + i
  end
  local sparse = {}
  for i = 1, N do sparse[i * 7919 % 100003] = i end
  local sum = 0
  for _, v in ipairs(arr) do sum = sum + v % 1000 end
  for _, v in pairs(dict) do sum = sum + v % 1000 end
  for k, v in pairs(sparse) do sum = sum + (k + v) % 1000 end
  for i = 1, N do
    local v = sparse[i]
    if v then sum = sum + v % 10 end
  end
  return sum
end

local total = 0
for r = 1, ROUNDS do total = total + round(r) end
print("checksum", string.format("%d", total))
