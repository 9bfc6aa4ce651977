-- The command line as lua's: the default package.path/cpath (lua5.4's on Debian, when neither
-- compare-lua54: lupa's 5.4.8 is built without LUA_USE_POSIX (io.popen is 'not supported')
-- variable is set in the environment), LUA_PATH and LUA_CPATH with ";;" for the default, -E
-- ignoring them, and a script file that is a '#' line followed by a binary chunk.
local i = -1
while arg[i - 1] do i = i - 1 end
local interp = arg[i]
local function run(cmd)
  local p = assert(io.popen(cmd))
  local out = p:read("a")
  p:close()
  return out
end
print(package.path)
-- expect: /usr/local/share/lua/5.4/?.lua;/usr/local/share/lua/5.4/?/init.lua;/usr/local/lib/lua/5.4/?.lua;/usr/local/lib/lua/5.4/?/init.lua;/usr/share/lua/5.4/?.lua;/usr/share/lua/5.4/?/init.lua;./?.lua;./?/init.lua
print(package.cpath)
-- expect: /usr/local/lib/lua/5.4/?.so;/usr/lib/x86_64-linux-gnu/lua/5.4/?.so;/usr/lib/lua/5.4/?.so;/usr/local/lib/lua/5.4/loadall.so;./?.so
local def = package.path .. "\n" .. package.cpath .. "\n"
print(run("LUA_PATH='a;;b' LUA_CPATH=';;c' " .. interp .. " -e 'print(package.path) print(package.cpath)'")
  == "a;" .. package.path .. ";b\n" .. package.cpath .. ";c\n")
-- expect: true
print(run("LUA_PATH=xxx LUA_CPATH=yyy " .. interp .. " -E -e 'print(package.path) print(package.cpath)'") == def)
-- expect: true
local name = os.tmpname()
local f = assert(io.open(name, "wb"))
f:write("#!/usr/bin/env lua\n", string.dump(function(...) print("binary", ...) end))
f:close()
io.write(run(interp .. " " .. name .. " x y"))
-- expect: binary	x	y
os.remove(name)
