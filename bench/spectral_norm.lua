-- spectral_norm: the largest eigenvalue of an infinite matrix by power iteration; float loops and calls.
-- Written in the Lua that LuaJIT also runs (no // or bitwise operators); prints one checksum line.
local N = 600

local function a(i, j)
  local ij = i + j - 1
  return 1.0 / (ij * (ij - 1) * 0.5 + i)
end

local function av(x, y, n)
  for i = 1, n do
    local s = 0.0
    for j = 1, n do s = s + a(i, j) * x[j] end
    y[i] = s
  end
end

local function atv(x, y, n)
  for i = 1, n do
    local s = 0.0
    for j = 1, n do s = s + a(j, i) * x[j] end
    y[i] = s
  end
end

local function atav(x, y, t, n)
  av(x, t, n)
  atv(t, y, n)
end

local u, v, t = {}, {}, {}
for i = 1, N do u[i] = 1.0 end
for _ = 1, 10 do
  atav(u, v, t, N)
  atav(v, u, t, N)
end
local vbv, vv = 0.0, 0.0
for i = 1, N do
  local ui, vi = u[i], v[i]
  vbv = vbv + ui * vi
  vv = vv + vi * vi
end
print("checksum", string.format("%0.9f", math.sqrt(vbv / vv)))
