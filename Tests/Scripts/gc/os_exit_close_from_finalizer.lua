-- os.exit(code, true) called by a finalizer while the state closes closes it again from there:
-- the finalizers still pending run before the process exits (here with status 0).
local function mk(name, f)
  return setmetatable({}, {__gc = function() print("gc " .. name); if f then f() end end})
end
local keep = {mk("a"), mk("b", function() os.exit(true, true) end), mk("c")}
print("end of chunk")
-- expect: end of chunk
-- expect: gc c
-- expect: gc b
-- expect: gc a
