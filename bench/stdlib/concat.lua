-- concat: table.concat and table.insert/remove building and joining string lists.
-- Prints one checksum line. Written in the Lua that LuaJIT also runs.
local total = 0
for round = 1, 200 do
  local t = {}
  for i = 1, 2000 do table.insert(t, tostring(i)) end
  local s = table.concat(t, ",")
  total = total + #s + #table.concat(t, "", 100, 1900)
  for i = 1, 500 do table.remove(t) end
  table.insert(t, 1, "first")
  total = total + #table.concat(t)
end
print(total)
