-- debug.upvalueid returns a light userdata: type, identity, table keys, tostring, upvaluejoin.
local a, b = 1, 2
local function f() return a + b end
local function g() return a end
local function h() return b end

local ida, idb = debug.upvalueid(f, 1), debug.upvalueid(f, 2)
print(type(ida), type(idb))
-- expect: userdata	userdata
print(ida == debug.upvalueid(g, 1), idb == debug.upvalueid(h, 1))
-- expect: true	true
print(ida == idb, ida ~= debug.upvalueid(h, 1), rawequal(ida, debug.upvalueid(g, 1)))
-- expect: false	true	true

-- usable as a table key; the same upvalue finds the same slot
local t = {}
t[ida] = "a"; t[idb] = "b"
print(t[debug.upvalueid(g, 1)], t[debug.upvalueid(h, 1)])
-- expect: a	b
local n = 0
for k in pairs(t) do n = n + 1; assert(type(k) == "userdata") end
print(n)
-- expect: 2

-- tostring prints as a pointer
local s = tostring(ida)
print(s:match("^userdata: 0x%x+$") ~= nil, s == tostring(debug.upvalueid(g, 1)))
-- expect: true	true
print(string.format("%p", ida) == s:match("0x%x+"))
-- expect: true

-- no per-value metatable; io does not take it for a file
print(getmetatable(ida), io.type(ida))
-- expect: nil	nil
print(select("#", debug.getuservalue(ida)), debug.getuservalue(ida))
-- expect: 1	nil
local ok, msg = pcall(string.rep, ida)
print(ok, msg:match("%(string expected, got light userdata%)$") ~= nil)
-- expect: false	true

-- one metatable shared by every light userdata
debug.setmetatable(ida, {__index = function(_, k) return k .. "!" end})
print(idb.x, getmetatable(idb) == getmetatable(ida))
-- expect: x!	true
debug.setmetatable(ida, nil)
print(getmetatable(idb))
-- expect: nil

-- out-of-range index gives nothing useful but does not raise
print(pcall(debug.upvalueid, f, 3))
-- expect: true	nil

-- upvaluejoin still works, and the ids follow the join
debug.upvaluejoin(h, 1, g, 1)
print(h(), debug.upvalueid(h, 1) == ida)
-- expect: 1	true
