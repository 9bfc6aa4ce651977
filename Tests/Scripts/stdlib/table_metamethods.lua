-- table functions go through __index, __newindex and __len.
local store = {10, 20, 30}
local proxy = setmetatable({}, {
  __index = function(_, k) return store[k] end,
  __newindex = function(_, k, v) store[k] = v end,
  __len = function() return #store end,
})
print(table.concat(proxy, ","), table.unpack(proxy))
table.insert(proxy, 40) print(#store, store[4])
table.insert(proxy, 1, 5) print(table.concat(store, ","))
print(table.remove(proxy, 1), table.concat(store, ","))
table.sort(proxy, function(a, b) return a > b end) print(table.concat(store, ","))
local log = {}
local t = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k rawset(t, k, v) end})
table.insert(t, "a") table.move({1, 2}, 1, 2, 1, t) print(table.concat(log, " "), t[1], t[2])
-- expect: 10,20,30	10	20	30
-- expect: 4	40
-- expect: 5,10,20,30,40
-- expect: 5	10,20,30,40
-- expect: 40,30,20,10
-- expect: 1 2	1	2
