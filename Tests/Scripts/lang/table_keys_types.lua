-- Any value but nil and NaN can be a key; distinct tables are distinct keys.
local t = {}
local k1, k2 = {}, {}
t[k1] = "k1"; t[k2] = "k2"; t[true] = "T"; t[false] = "F"; t[print] = "print"; t[1.5] = "f"
print(t[k1], t[k2], t[true], t[false], t[print], t[1.5])
-- expect: k1	k2	T	F	print	f
print(pcall(function() t[nil] = 1 end))
-- expect: false	table_keys_types.lua:7: table index is nil
print(t[nil])
-- expect: nil
