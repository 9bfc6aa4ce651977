-- Many weak tables and finalized objects under automatic collection: no crash, sane results.
local finalized = 0
local mt = {__gc = function() finalized = finalized + 1 end}
local caches = {}
for c = 1, 20 do caches[c] = setmetatable({}, {__mode = (c % 3 == 0) and "kv" or (c % 3 == 1) and "k" or "v"}) end
local live = {}
for i = 1, 1000 do
  local o = setmetatable({id = i}, mt)
  local c = caches[i % 20 + 1]
  c[o] = {back = o, n = i}
  c[i] = o
  if i % 100 == 0 then live[#live + 1] = o end
end
collectgarbage()
collectgarbage()
local alive = 0
for _, c in ipairs(caches) do
  for k, v in pairs(c) do
    if type(k) == "table" then assert(k.id and (v.back == k)) end
    alive = alive + 1
  end
end
-- "k" caches hold their objects as values c[i]; in "v" caches the first collection clears the
-- {back = o} values, which frees the entries' keys, so the second one finalizes o; "kv" caches
-- lose both at once. Objects kept in `live` all sit in cache 1, a "k" cache.
local expected = 0
for i = 1, 1000 do
  if getmetatable(caches[i % 20 + 1]).__mode ~= "k" then expected = expected + 1 end
end
print(#live, finalized == expected, expected, alive > 0)
-- expect: 10	true	650	true
