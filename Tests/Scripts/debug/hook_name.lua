-- A function called as a hook is named "hook '?'" (getinfo namewhat/name and tracebacks).
local n, tb
debug.sethook(function(e)
  local i = debug.getinfo(1, "n")
  n = tostring(i.namewhat) .. "/" .. tostring(i.name)
  tb = debug.traceback("tb", 1)
  debug.sethook()
end, "l")
local x = 1
print(n)
-- expect: hook/?
print(tb:find("in hook '?'", 1, true) ~= nil)
-- expect: true
