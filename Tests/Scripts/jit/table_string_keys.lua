-- A table indexed by string keys held in registers (GETTABLE/SETTABLE, not constant fields): the
-- compiled loop reads and writes through the table's own lookup and raw set, which adds new keys
-- and grows the table; long strings equal by content find the same entry. A metatable's
-- __index (nilNeedsMetatable) and __newindex (storeNeedsSlowPath) answer in the interpreter, a
-- key that is not a string (notString) too; results are lua's.
local J = dofile("support.lib")

local function count(dict, keys, n)
  for i = 1, n do
    local k = keys[i % #keys + 1]
    dict[k] = (dict[k] or 0) + i
  end
  return dict
end
local keys = {}
for i = 1, 50 do keys[i] = "key" .. i end
keys[51] = string.rep("long", 20) .. "A"
local d = count({}, keys, 2000)
print(d.key1, d.key50, d[string.rep("long", 20) .. "A"])
local c = J.compiled(count)
local total = 0
for r = 1, 20 do
  local e = count({}, keys, 1000 + r)
  for _, k in ipairs(keys) do total = total + e[k] end
end
print(total)
-- expect: 39780	39702	39741
-- expect: 10221540

-- Stores of nil: an absent key stays absent, a present one is removed.
local function setAll(t, ks, v)
  for i = 1, #ks do t[ks[i]] = v end
  return t
end
local cleared = setAll(setAll({}, {"a", "b", "c"}, 1), {"b", "x"}, nil)
local names = {}
for k in pairs(cleared) do names[#names + 1] = k end
table.sort(names)
print(table.concat(names, ","), cleared.x)
-- expect: a,c	nil

-- __index answers a missing key.
local withDefault = setmetatable({}, {__index = function(_, k) return #k * 1000 end})
c = J.compiled(count)
J.deopts(count, c, "nilNeedsMetatable", function() count(withDefault, {"ab", "abc"}, 4) end)
print(rawget(withDefault, "ab"), rawget(withDefault, "abc"))
-- expect: 2006	3004

-- __newindex answers a new key; an existing one is overwritten without it.
local log = {}
local guarded = setmetatable({present = 5}, {__newindex = function(t, k, v) log[#log + 1] = k rawset(t, k, v) end})
c = J.compiled(setAll)
J.deopts(setAll, c, "storeNeedsSlowPath", function() setAll(guarded, {"present", "fresh"}, 7) end)
print(guarded.present, guarded.fresh, log[1], #log)
-- expect: 7	7	fresh	1

-- A key that is not a string.
c = J.compiled(count)
local mixed = {"s", 42}
J.deopts(count, c, "notString", function() count({}, mixed, 4) end)
local m = count({}, mixed, 6)
print(m.s, m[42])
-- expect: 12	9
