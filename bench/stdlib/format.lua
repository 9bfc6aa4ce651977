-- format: string.format with integers, floats, strings, padding and %q, building report lines.
-- Prints one checksum line. Written in the Lua that LuaJIT also runs.
local acc = 0
for i = 1, 200000 do
  local s = string.format("%5d|%-8s|%8.3f|%x|%g", i, "item", i / 7, i, i * 0.5)
  acc = acc + #s
  if i % 10 == 0 then acc = acc + #string.format("%q", "line " .. i .. "\n") end
end
print(acc)
