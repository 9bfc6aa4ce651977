-- rawget/rawset/rawequal/rawlen bypass metamethods.
local mt = {
  __index = function() return "meta" end,
  __newindex = function() error("no writes") end,
  __eq = function() return true end,
  __len = function() return 99 end,
}
local t = setmetatable({}, mt)
local u = setmetatable({}, mt)
rawset(t, 1, "one")
print(rawget(t, 1), rawget(t, 2), t[2])
-- expect: one	nil	meta
print(t == u, rawequal(t, u), #t, rawlen(t), rawlen("abc"))
-- expect: true	false	99	1	3
print(pcall(function() t.z = 1 end))
-- expect: false	meta_rawget_rawset.lua:4: no writes
