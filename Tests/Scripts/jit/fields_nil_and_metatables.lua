-- Compiled field reads and writes on keys that are absent, or present with a nil value (the
-- key stays in the hash part after `t.x = nil`): a read asks __index (a table or a function), a
-- write asks __newindex; only a key holding a value is read or overwritten in place.
local J = dofile("support.lib")
local function get(t) return t.x end
local function put(t, v) t.x = v end
J.compiled(get)
J.compiled(put)
local plain = {x = 1, y = 2}
for i = 1, 20 do put(plain, i) end
print(get(plain), get({}), get({y = 1}))
-- x becomes nil but keeps its slot; the metatables answer from then on.
local log = {}
local mt = {__index = function(_, k) return "default " .. k end,
            __newindex = function(t, k, v) log[#log + 1] = k .. "=" .. tostring(v) rawset(t, k, v * 10) end}
local o = setmetatable({x = 5, y = 6}, mt)
print(get(o))
put(o, 7)
print(get(o), #log)
o.x = nil
print(get(o))
put(o, 8)
print(get(o), log[1])
put(o, 9)
print(get(o), #log)
-- __index as a table, and as a chain of tables (the class pattern).
local base = {x = "from base"}
local mid = setmetatable({}, {__index = base})
local obj = setmetatable({x = "own"}, {__index = mid})
print(get(obj))
obj.x = nil
print(get(obj))
base.x = nil
print(get(obj))
-- A new field: no slot to write into, the interpreter adds it (or __newindex does).
local fresh = {y = 1}
put(fresh, 3)
print(fresh.x, get(fresh))
local counted = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, v + 100) end})
put(counted, 1)
print(get(counted))
put(counted, 2)
print(get(counted))
-- expect: 20	nil	nil
-- expect: 5
-- expect: 7	0
-- expect: default x
-- expect: 80	x=8
-- expect: 9	1
-- expect: own
-- expect: from base
-- expect: nil
-- expect: 3	3
-- expect: 101
-- expect: 2
