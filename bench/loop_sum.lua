-- loop_sum: a numeric for loop doing integer and float arithmetic; measures the bare dispatch loop.
-- Written in the Lua that LuaJIT also runs (no // or bitwise operators); prints one checksum line.
local N = 30000000

local isum, fsum = 0, 0.0
for i = 1, N do
  isum = isum + (i % 7) * 3 - (i % 5)
  fsum = fsum + i * 0.5
end
print("checksum", string.format("%d %.1f", isum, fsum))
