-- An error raised by load's reader function makes load fail (nil plus the error), not propagate.
local f, e = load(function() error("hhi") end)
print(f, type(e), e:find("hhi", 1, true) ~= nil)
-- expect: nil	string	true
local calls = 0
f, e = load(function() calls = calls + 1; if calls == 2 then error("second") end; return "return 1" end)
print(f, e:find("second", 1, true) ~= nil, calls)
-- expect: nil	true	2
