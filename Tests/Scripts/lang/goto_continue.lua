-- goto to a label at the end of the loop body acts as continue.
local out = {}
for i = 1, 6 do
  if i % 2 == 0 then goto continue end
  out[#out + 1] = i
  ::continue::
end
print(table.concat(out, ","))
-- expect: 1,3,5
