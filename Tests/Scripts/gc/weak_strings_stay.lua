-- Strings, numbers and booleans are values, not objects: weak tables never drop them.
local wv = setmetatable({}, {__mode = "v"})
local wk = setmetatable({}, {__mode = "k"})
for i = 1, 100 do
  wv[i] = "value" .. i
  wk["key" .. i] = i
  wv["n" .. i] = i * 1.5
end
wv.b = true
collectgarbage()
collectgarbage()
local nv, nk = 0, 0
for _ in pairs(wv) do nv = nv + 1 end
for _ in pairs(wk) do nk = nk + 1 end
print(nv, nk, wv[7], wk.key9, wv.n2, wv.b)
-- expect: 201	100	value7	9	3.0	true
