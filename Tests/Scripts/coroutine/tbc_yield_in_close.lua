-- Close methods may yield inside a coroutine when they run for a block exit, a return, or a
-- pcall that caught an error; after the resume the closing goes on where it was, every
-- variable closing once, and the values to return are kept.
local function log(...) io.write(table.concat({...}, " "), " ") end
local gen = coroutine.wrap(function()
  do
    local a <close> = setmetatable({}, {__close = function(_, e) log("a", tostring(e)) coroutine.yield("y-a") log("a-after") end})
    local b <close> = setmetatable({}, {__close = function(_, e) log("b") coroutine.yield("y-b") end})
  end
  local r = {pcall(function()
    local c <close> = setmetatable({}, {__close = function(_, e) log("c", tostring(e)) coroutine.yield("y-c") log("c-after") end})
    local d <close> = setmetatable({}, {__close = function(_, e) log("d", tostring(e)) coroutine.yield("y-d") error("D", 0) end})
    error("E", 0)
  end)}
  log(tostring(r[1]), tostring(r[2]))
  local function f(...)
    local x <close> = setmetatable({}, {__close = function() log("x") coroutine.yield("y-x") end})
    local y <close> = setmetatable({}, {__close = function() log("y") coroutine.yield("y-y") end})
    return ...
  end
  local n = select("#", f(1, 2, 3, nil, 5))
  log("n=" .. n)
  local function g()
    local z <close> = setmetatable({}, {__close = function() log("z") coroutine.yield("y-z") end})
    return
  end
  g()
  for i in function(_, i) if i < 2 then return i + 1 end end, nil, 0,
      setmetatable({}, {__close = function() log("for4") coroutine.yield("y-for4") end}) do
    log("i=" .. i)
  end
  return "end"
end)
for _ = 1, 12 do
  local ok, v = pcall(gen)
  print(ok, v)
  if v == "end" or not ok then break end
end

-- A close method that yields and then fails on a normal exit: the error goes on unwinding.
local co = coroutine.create(function()
  return pcall(function()
    local p <close> = setmetatable({}, {__close = function(_, e) log("p", tostring(e)) end})
    local q <close> = setmetatable({}, {__close = function() coroutine.yield("yq") error("Q", 0) end})
  end)
end)
print(coroutine.resume(co))
print(coroutine.resume(co))
print(coroutine.status(co))
-- expect: b true	y-b
-- expect: a nil true	y-a
-- expect: a-after d E true	y-d
-- expect: c D true	y-c
-- expect: c-after false D y true	y-y
-- expect: x true	y-x
-- expect: n=5 z true	y-z
-- expect: i=1 i=2 for4 true	y-for4
-- expect: true	end
-- expect: true	yq
-- expect: p Q true	false	Q
-- expect: dead
