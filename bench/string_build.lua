-- string_build: builds strings with .., string.format, string.rep and table.concat, then
-- reads them back with string.sub and string.byte; measures string creation and interning.
-- Written in the Lua that LuaJIT also runs (no // or bitwise operators); prints one checksum line.
local ROUNDS = 80
local N = 5000

local function round(r)
  local parts = {}
  local acc = ""
  for i = 1, N do
    local s = "item" .. i .. ":" .. (i * r) % 97
    parts[#parts + 1] = string.format("%s=%d/%5.2f;", s, i % 13, i / 7)
    if i % 50 == 0 then acc = acc .. s:sub(1, 6) end
  end
  local joined = table.concat(parts)
  local h = 0
  for i = 1, #joined, 7 do h = (h * 31 + joined:byte(i)) % 1000000007 end
  return #joined + #acc + h % 1000
end

local total = 0
for r = 1, ROUNDS do total = total + round(r) end
print("checksum", string.format("%d", total))
