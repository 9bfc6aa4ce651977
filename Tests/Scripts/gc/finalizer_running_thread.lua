-- Inside a finalizer, Lua code sees the thread whose collection ran it: coroutine.running,
-- yield's refusal, the "metamethod '__gc'" name and a traceback that goes on into that thread.
local main = coroutine.running()
local res = {}
local function probe()
  local co, ismain = coroutine.running()
  res[#res + 1] = tostring(co == main) .. " " .. tostring(ismain) .. " " .. coroutine.status(co)
    .. " " .. tostring(coroutine.isyieldable())
  local ok, err = pcall(coroutine.yield)
  res[#res + 1] = tostring(ok) .. " " .. tostring(err)
end
setmetatable({}, {__gc = probe})
collectgarbage()
print(table.concat(res, " | "))
res = {}
local co = coroutine.create(function()
  setmetatable({}, {__gc = probe})
  collectgarbage()
  return "done"
end)
print(coroutine.resume(co))
print(table.concat(res, " | "))
local tb, name
setmetatable({}, {__gc = function()
  tb = debug.traceback("tb")
  local i = debug.getinfo(1, "n")
  name = i.namewhat .. " " .. i.name
end})
collectgarbage()
print(name)
print(tb:find("in metamethod '__gc'", 1, true) ~= nil, tb:find("in function 'collectgarbage'", 1, true) ~= nil,
      tb:find("in main chunk", 1, true) ~= nil)
-- expect: true true running false | false attempt to yield from outside a coroutine
-- expect: true	done
-- expect: false false running false | false attempt to yield across a C-call boundary
-- expect: metamethod __gc
-- expect: true	true	true
