-- mandelbrot: escape-time iteration over a grid; pure float arithmetic in nested loops.
-- Written in the Lua that LuaJIT also runs (no // or bitwise operators); prints one checksum line.
local SIZE = 1000
local ITER = 50

local inside, bits = 0, 0
for y = 0, SIZE - 1 do
  local ci = 2.0 * y / SIZE - 1.0
  for x = 0, SIZE - 1 do
    local cr = 2.0 * x / SIZE - 1.5
    local zr, zi, zr2, zi2 = 0.0, 0.0, 0.0, 0.0
    local escaped = false
    for _ = 1, ITER do
      zi = 2.0 * zr * zi + ci
      zr = zr2 - zi2 + cr
      zr2, zi2 = zr * zr, zi * zi
      if zr2 + zi2 > 4.0 then escaped = true break end
    end
    if not escaped then
      inside = inside + 1
      bits = (bits * 31 + x * 7 + y) % 4294967296
    end
  end
end
print("checksum", string.format("%d %d", inside, bits))
