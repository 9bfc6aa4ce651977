-- table.sort without a comparator over all integers or all strings (sorted as a copy when the
-- table has no metatable and at most 2^16 elements) gives the order lua's sort gives: duplicates,
-- negative and extreme integers, strings with embedded zeros and common prefixes, the size limit
-- and just past it, and the lists that take the general path (a float among integers, a
-- string among integers, a hole, a metatable).
local function check(t, n)
  for i = 2, n or #t do
    if t[i - 1] > t[i] then return "unsorted at " .. i end
  end
  return "sorted"
end
local ints = {5, -3, 5, math.maxinteger, math.mininteger, 0, -3, 7}
table.sort(ints)
print(table.concat(ints, " "))
-- expect: -9223372036854775808 -3 -3 0 5 5 7 9223372036854775807

local strs = {"b", "a\0z", "a", "ab", "a\0", "", "b", "B"}
table.sort(strs)
for i, s in ipairs(strs) do strs[i] = (s:gsub("%z", "\\0")) end
print(table.concat(strs, "|"))
-- expect: |B|a|a\0|a\0z|ab|b|b

local seed = 7
local function rand(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
-- At the size limit and past it (integers: building 2^16 strings under --gc-stress would take
-- too long), and strings below it.
for _, n in ipairs({65535, 65536, 65537}) do
  local t = {}
  for i = 1, n do t[i] = rand(1000) - 500 end
  table.sort(t)
  print(n, check(t), t[1], t[n])
end
local u = {}
for i = 1, 3000 do u[i] = "k" .. rand(5000) end
table.sort(u)
print(check(u), u[1], u[3000])
-- expect: 65535	sorted	-500	499
-- expect: 65536	sorted	-500	499
-- expect: 65537	sorted	-500	499
-- expect: sorted	k1	k998

-- A float among the integers: 1 and 1.0 are equal but not the same value to math.type.
local mixed = {3, 1.0, 2, 1, 0.5}
table.sort(mixed)
for i, v in ipairs(mixed) do mixed[i] = math.type(v) .. ":" .. v end
print(table.concat(mixed, " "))
print(pcall(table.sort, {1, "x", 2}))
print(pcall(table.sort, {3, nil, 1}))
local proxied = setmetatable({}, {__index = function(_, i) return ({30, 10, 20})[i] end,
                                  __newindex = function(t, i, v) rawset(t, i, v) end,
                                  __len = function() return 3 end})
table.sort(proxied)
print(rawget(proxied, 1), rawget(proxied, 2), rawget(proxied, 3))
-- expect: float:0.5 float:1.0 integer:1 integer:2 integer:3
-- expect: false	attempt to compare string with number
-- expect: false	attempt to compare nil with number
-- expect: 10	20	30
