-- os.exit(0, true) called by a finalizer that a collection runs: closing the state runs the
-- finalizers still queued from that collection and those of live objects, newest first.
local function mk(name, f)
  return setmetatable({}, {__gc = function() print("gc " .. name); if f then f() end end})
end
local live = mk("live")
do
  local _ = {mk("x"), mk("exit", function() os.exit(0, true) end), mk("y")}
end
collectgarbage()
print("not reached")
-- expect: gc y
-- expect: gc exit
-- expect: gc x
-- expect: gc live
