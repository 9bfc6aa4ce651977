-- Inside a finalizer collectgarbage fails (nil) whatever the option, as lua's; os.exit(code, true)
-- compare-lua54: lupa's 5.4.8 is built without LUA_USE_POSIX (io.popen is 'not supported')
-- closes the main thread's pending to-be-closed variables, innermost first, before finalizers.
local got
setmetatable({}, {__gc = function()
  got = {collectgarbage("count"), collectgarbage(), collectgarbage("isrunning"), collectgarbage("step")}
end})
collectgarbage()
print(got[1], got[2], got[3], got[4], collectgarbage("isrunning"))
-- expect: nil	nil	nil	nil	true
local i = -1
while arg[i - 1] do i = i - 1 end
local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write([[
setmetatable({}, {__gc = function() print("finalized") end})
local x <close> = setmetatable({}, {__close = function(_, e) print("x closed", e) end})
do
  local y <close> = setmetatable({}, {__close = function() print("y closed") end})
  os.exit(5, true)
end
]])
f:close()
local p = io.popen(arg[i] .. " " .. name)
io.write(p:read("a"))
print(p:close())
os.remove(name)
-- expect: y closed
-- expect: x closed	nil
-- expect: finalized
-- expect: nil	exit	5
