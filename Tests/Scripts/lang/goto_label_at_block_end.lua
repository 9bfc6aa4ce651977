-- A label at the end of a block is outside the scope of the block's locals, so goto may jump there.
local out = {}
for i = 1, 4 do
  if i % 2 == 1 then goto continue end
  local sq = i * i
  out[#out + 1] = sq
  ::continue::
end
print(table.concat(out, ","))
-- expect: 4,16
local n = 0
while n < 3 do
  n = n + 1
  goto next
  local unused = n
  ::next::
end
print(n)
-- expect: 3
