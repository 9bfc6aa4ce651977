-- Integer keys the array part does not hold, written in a hot loop: compiled code adds new keys
-- to a table without a metatable through its raw set (the hash part grows, and keys move into
-- the array part when it rehashes), stores nil without adding a key, and leaves a table whose
-- __newindex could answer to the interpreter (storeNeedsSlowPath). Results are lua's.
local J = dofile("support.lib")

local function scatter(t, n, mult, mod)
  for i = 1, n do t[i * mult % mod] = i end
  return t
end
local function count(t)
  local n, s = 0, 0
  for k, v in pairs(t) do n = n + 1; s = s + k * v end
  return n, s
end
print(count(scatter({}, 500, 7919, 100003)))
J.compiled(scatter)
local total = 0
for r = 1, 10 do
  local n, s = count(scatter({}, 2000 + r, 7919, 100003))
  total = total + n + s % 1000003
end
print(total)
-- expect: 500	6211626425
-- expect: 5804635

-- Dense keys written out of order: the table rehashes them into its array part.
local dense = scatter({}, 64, 5, 64)
print(#dense, dense[5], dense[64], dense[0], count(dense))
-- expect: 63	1	nil	64	64	68704

-- nil stores: absent keys stay absent, present ones go.
local function clear(t, ks)
  for i = 1, #ks do t[ks[i]] = nil end
  return t
end
clear({[100] = 1}, {100})
J.compiled(clear)
local c2 = clear({[100] = 1, [200] = 2, [-3] = 3}, {100, 300, -3})
print(count(c2))
-- expect: 1	400

-- __newindex answers a new key; an existing key is overwritten without it.
local log = {}
local guarded = setmetatable({[7] = 0}, {__newindex = function(t, k, v) log[#log + 1] = k rawset(t, k, v) end})
local c = J.compiled(scatter)
J.deopts(scatter, c, "storeNeedsSlowPath", function() scatter(guarded, 2, 7, 1000) end)
print(guarded[7], guarded[14], log[1], #log)
-- expect: 1	2	14	1
