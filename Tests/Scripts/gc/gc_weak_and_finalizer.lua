-- Resurrected objects leave weak values before their finalizer runs, but stay as weak keys
-- until the collection after it.
local wv = setmetatable({}, {__mode = "v"})
local wk = setmetatable({}, {__mode = "k"})
local seen
do
  local o = setmetatable({}, {__gc = function(self)
    seen = {value = wv[1], key = wk[self]}
  end})
  wv[1] = o
  wk[o] = "k"
end
collectgarbage()
print(seen.value, seen.key)
collectgarbage()
local n = 0
for _ in pairs(wk) do n = n + 1 end
print(n)
-- expect: nil	k
-- expect: 0
