-- coroutine.close(co) runs co's pending close methods inside co: coroutine.running() is co, its
-- status is "running" (and its closer's "normal"), closing it again from there fails with
-- "cannot close a running coroutine", and a close method cannot yield (lua calls them from a
-- native). Their errors replace one another; close returns the last.
local main = coroutine.running()
local co
co = coroutine.create(function()
  local a <close> = setmetatable({}, {__close = function(_, e)
    local r, ismain = coroutine.running()
    print("a", e, r == co, ismain, coroutine.status(co), coroutine.status(main))
    print(pcall(coroutine.close, co))
    print(coroutine.isyieldable(), pcall(coroutine.yield, 1))
    print(coroutine.resume(co))
  end})
  local b <close> = setmetatable({}, {__close = function(_, e) print("b", e) error("B", 0) end})
  coroutine.yield("suspended")
end)
print(coroutine.resume(co))
print(coroutine.close(co))
print(coroutine.status(co), coroutine.resume(co))

-- A close method that yields fails with the C-call boundary error, and the next one sees it.
local co2 = coroutine.create(function()
  local a <close> = setmetatable({}, {__close = function(_, e) print("a2", e) end})
  local b <close> = setmetatable({}, {__close = function() coroutine.yield("no") end})
  coroutine.yield()
end)
coroutine.resume(co2)
print(coroutine.close(co2))

-- Closing a coroutine from another coroutine.
local victim = coroutine.create(function()
  local v <close> = setmetatable({}, {__close = function()
    print("victim closing", coroutine.status(coroutine.running()))
  end})
  coroutine.yield()
end)
coroutine.resume(victim)
local closer = coroutine.wrap(function()
  local me = coroutine.running()
  local v2 <close> = setmetatable({}, {__close = function() print("closer's own") end})
  print("close ->", coroutine.close(victim))
  print("closer is", coroutine.status(me))
end)
closer()

-- A close method that is not callable, and one that closes another suspended coroutine.
local other = coroutine.create(function()
  local o <close> = setmetatable({}, {__close = function(_, e) print("other", e) end})
  coroutine.yield()
end)
coroutine.resume(other)
local co3 = coroutine.create(function()
  local x <close> = setmetatable({}, {__close = function(_, e) print("x", e, coroutine.close(other)) end})
  local y <close> = setmetatable({}, {__close = print})
  getmetatable(y).__close = 7
  coroutine.yield()
end)
coroutine.resume(co3)
print(coroutine.close(co3))
-- The main thread cannot be closed; a dead coroutine without variables closes to true.
print(pcall(coroutine.close, main))
print(coroutine.close(coroutine.create(print)))
-- expect: true	suspended
-- expect: b	nil
-- expect: a	B	true	false	running	normal
-- expect: false	cannot close a running coroutine
-- expect: false	false	attempt to yield across a C-call boundary
-- expect: false	cannot resume non-suspended coroutine
-- expect: false	B
-- expect: dead	false	cannot resume dead coroutine
-- expect: a2	attempt to yield across a C-call boundary
-- expect: false	attempt to yield across a C-call boundary
-- expect: victim closing	running
-- expect: close ->	true
-- expect: closer is	running
-- expect: closer's own
-- expect: other	nil
-- expect: x	attempt to call a number value	true
-- expect: false	attempt to call a number value
-- expect: false	cannot close a running coroutine
-- expect: true
