-- A field store compiled for an existing field meets a table without it: the store exits and
-- the interpreter adds the key (or calls __newindex).
local J = dofile("support.lib")
local compiled, deopts = J.compiled, J.deopts
local function set(o) o.z = 5 return o.z end
print(set({z = 1}), set({z = 2}))
local c = compiled(set)
local fresh = {}
print(set(fresh), fresh.z)
deopts(set, c, "storeNeedsSlowPath", function() assert(set({}) == 5) end)
local log = {}
local guarded = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k rawset(t, k, v * 2) end})
print(set(guarded), log[1])
-- expect: 5	5
-- expect: 5	5
-- expect: 10	z
