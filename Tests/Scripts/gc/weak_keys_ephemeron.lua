-- Weak keys (ephemerons): an entry lives only while its key is reachable from outside the table,
-- even when the value refers back to its own key.
local t = setmetatable({}, {__mode = "k"})
local live = {}
do
  local k1 = {}
  t[k1] = {ref = k1}        -- value points at its key: still collected
  t[live] = "alive"
  local k2, k3 = {}, {}
  t[k2] = k3                -- chain: k2 -> k3 -> k2, unreachable from outside
  t[k3] = k2
end
collectgarbage()
local n = 0
for k, v in pairs(t) do n = n + 1 end
print(n, t[live])
-- A value reachable only through a live key stays alive, and keeps its own entry alive.
local a = {}
local t2 = setmetatable({}, {__mode = "k"})
do
  local b = {}
  t2[a] = b
  t2[b] = "through a"
end
collectgarbage()
n = 0
for k, v in pairs(t2) do n = n + 1 end
print(n)
-- expect: 1	alive
-- expect: 2
