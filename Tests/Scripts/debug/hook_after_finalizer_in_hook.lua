-- Hooks keep firing after a __gc finalizer ran inside a hook call: also when the finalizer runs
-- from the return event of debug.sethook itself, while the calling frame has not yet switched to
-- tracing (a finalizer runs on code without hooks, whose loop must not swallow the switch). The
-- same for a coroutine without hooks resumed from that return event.
local events = {}
local function record(ev, line) events[#events + 1] = ev .. ":" .. tostring(line) end

-- A finalizer run from sethook's own return event.
local first = true
debug.sethook(function(ev, line)
  record(ev, line)
  if first then
    first = false
    setmetatable({}, {__gc = function() events[#events + 1] = "gc" end})
    collectgarbage()
  end
end, "crl")
local x = 1
local y = x + 1
debug.sethook()
print(table.concat(events, " "))

-- A finalizer run from a line event.
events = {}
local n = 0
debug.sethook(function(ev, line)
  record(ev, line)
  n = n + 1
  if n == 2 then
    setmetatable({}, {__gc = function() events[#events + 1] = "gc" end})
    collectgarbage()
  end
end, "l")
x = 2
y = x + 1
debug.sethook()
print(table.concat(events, " "))

-- A coroutine created before the hooks (so it has none) resumed from sethook's return event.
events = {}
local co = coroutine.wrap(function() local s = 0 for i = 1, 3 do s = s + i end return s end)
first = true
debug.sethook(function(ev, line)
  record(ev, line)
  if first then first = false; events[#events + 1] = "co=" .. co() end
end, "l")
x = 3
y = x + 1
debug.sethook()
print(table.concat(events, " "), y)
-- expect: return:nil gc line:18 line:19 line:20 call:nil
-- expect: line:34 line:35 gc line:36
-- expect: line:47 co=6 line:48 line:49	4
