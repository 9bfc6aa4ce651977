-- Call and return hooks see the values transferred (debug.getinfo "r"): ftransfer is the getlocal
-- index of the first one in the hooked frame, ntransfer their count; getlocal reads them. For a
-- call: the arguments (a Lua function's parameters); for a return: the results. Builtins too.
-- With no values both are 0, and outside call/return events they are 0.
local out = {}
local function hook(ev)
  local ar = debug.getinfo(2, "nrS")
  local vals = {}
  for i = ar.ftransfer, ar.ftransfer + ar.ntransfer - 1 do
    local name, v = debug.getlocal(2, i)
    vals[#vals + 1] = tostring(name) .. "=" .. (type(v) == "function" and "function" or tostring(v))
  end
  out[#out + 1] = string.format("%s %s %s %d %d [%s]", ev, tostring(ar.name), ar.what,
                                ar.ftransfer, ar.ntransfer, table.concat(vals, " "))
end
local function lf(a, b) return a + b, a * b end
local function vf(a, ...) local q = a return ... end
local function none() end
local function err() error("e", 0) end
debug.sethook(hook, "cr")
local x = math.max(3, 7, 5)
local y, z = lf(2, 3)
local r = {vf(10, 20, 30)}
none()
local s = string.format("%d", 4)
local ok = pcall(none)
local ok2, e = pcall(err)
local ok3 = xpcall(lf, none, 1, 2)
debug.sethook()
for _, l in ipairs(out) do print(l) end
-- Line events carry no transfer values.
local seen
debug.sethook(function() local ar = debug.getinfo(2, "r") seen = ar.ftransfer .. " " .. ar.ntransfer end, "l")
local w = 1
debug.sethook()
print(seen, debug.getinfo(1, "r").ftransfer, debug.getinfo(1, "r").ntransfer)
-- expect: return sethook C 0 0 []
-- expect: call max C 1 3 [(C temporary)=3 (C temporary)=7 (C temporary)=5]
-- expect: return max C 4 1 [(C temporary)=7]
-- expect: call lf Lua 1 2 [a=2 b=3]
-- expect: return lf Lua 3 2 [(temporary)=5 (temporary)=6]
-- expect: call vf Lua 1 1 [a=10]
-- expect: return vf Lua 3 2 [(temporary)=20 (temporary)=30]
-- expect: call none Lua 0 0 []
-- expect: return none Lua 0 0 []
-- expect: call format C 1 2 [(C temporary)=%d (C temporary)=4]
-- expect: return format C 3 1 [(C temporary)=4]
-- expect: call pcall C 1 1 [(C temporary)=function]
-- expect: call nil Lua 0 0 []
-- expect: return nil Lua 0 0 []
-- expect: return pcall C 1 1 [(C temporary)=true]
-- expect: call pcall C 1 1 [(C temporary)=function]
-- expect: call nil Lua 0 0 []
-- expect: call error C 1 2 [(C temporary)=e (C temporary)=0]
-- expect: return pcall C 3 2 [(C temporary)=false (C temporary)=e]
-- expect: call xpcall C 1 4 [(C temporary)=function (C temporary)=function (C temporary)=1 (C temporary)=2]
-- expect: call nil Lua 1 2 [a=1 b=2]
-- expect: return nil Lua 3 2 [(temporary)=3 (temporary)=2]
-- expect: return xpcall C 3 3 [(C temporary)=true (C temporary)=3 (C temporary)=2]
-- expect: call sethook C 0 0 []
-- expect: 0 0	0	0
