-- Return hooks see every result, also open ones (`return pcall(f)`) that sit past the returning
-- frame's registers: getlocal reaches them up to the hook's own frame. Nested pcall and xpcall
-- with an error report their results as lua lays them out.
local out = {}
local function hook(ev)
  local ar = debug.getinfo(2, "nr")
  local vals = {}
  for i = ar.ftransfer, ar.ftransfer + ar.ntransfer - 1 do
    local _, v = debug.getlocal(2, i)
    vals[#vals + 1] = type(v) == "function" and "fn" or tostring(v)
  end
  out[#out + 1] = string.format("%s %s %d %d [%s]", ev, tostring(ar.name), ar.ftransfer, ar.ntransfer,
                                table.concat(vals, " "))
end
local function two() return 1, 2 end
local function tailp() return pcall(two) end
local function tailxp() return xpcall(error, tostring, "q", 0) end
debug.sethook(hook, "r")
local r1 = {tailp()}
local r2 = {tailxp()}
local r3 = {pcall(pcall, two)}
debug.sethook()
for _, l in ipairs(out) do print(l) end
print(table.unpack(r1))
print(table.unpack(r2))
print(table.unpack(r3))
-- expect: return sethook 0 0 []
-- expect: return nil 1 2 [1 2]
-- expect: return pcall 1 3 [true 1 2]
-- expect: return tailp 1 3 [true 1 2]
-- expect: return nil 2 1 [q]
-- expect: return xpcall 5 2 [false q]
-- expect: return tailxp 1 2 [false q]
-- expect: return nil 1 2 [1 2]
-- expect: return nil 1 3 [true 1 2]
-- expect: return pcall 1 4 [true true 1 2]
-- expect: true	1	2
-- expect: false	q
-- expect: true	true	1	2
