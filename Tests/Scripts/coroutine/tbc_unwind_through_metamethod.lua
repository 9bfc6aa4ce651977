-- An error raised inside a metamethod's frames closes their <close> variables where lua does:
-- at the pcall that catches it (so a close method may yield there, in a coroutine), or, for a
-- coroutine it kills, only when the coroutine is closed.
local function log(...) io.write(table.concat({...}, " "), " ") end
local function yielding(name)
  return setmetatable({}, {__close = function(_, e)
    log(name, tostring(e))
    log(name .. ">" .. tostring(coroutine.yield(name)))
  end})
end
local function plain(name) return setmetatable({}, {__close = function(_, e) log(name, tostring(e)) end}) end

local gen = coroutine.wrap(function()
  local r = {pcall(function()
    local outer <close> = yielding("outer")
    local t = setmetatable({}, {__index = function(_, k)
      local inner <close> = yielding("inner")
      local deeper = setmetatable({}, {__add = function()
        local deepest <close> = yielding("deepest")
        error("E", 0)
      end})
      return deeper + 1
    end})
    return t.x
  end)}
  log("pcall:", tostring(r[1]), tostring(r[2]))
  return "end"
end)
local i = 0
while true do
  i = i + 1
  local v = gen("r" .. i)
  print(v)
  if v == "end" then break end
end

-- A coroutine killed by an error from a metamethod: its variables wait for coroutine.close.
local co = coroutine.create(function()
  local a <close> = plain("a")
  local t = setmetatable({}, {__index = function() local b <close> = plain("b"); error("E2", 0) end})
  return t.x
end)
print(coroutine.resume(co))
print(coroutine.status(co))
print(coroutine.close(co))
-- Under xpcall the message handler sees the error first, then the close methods run.
print(xpcall(function()
  local a <close> = plain("a")
  local t = setmetatable({}, {__len = function() local b <close> = plain("b"); error("E3", 0) end})
  return #t
end, function(m) log("handler", m) return "H:" .. m end))
-- expect: deepest E deepest
-- expect: deepest>r2 inner E inner
-- expect: inner>r3 outer E outer
-- expect: outer>r4 pcall: false E end
-- expect: false	E2
-- expect: dead
-- expect: b E2 a E2 false	E2
-- expect: handler E3 b H:E3 a H:E3 false	H:E3
