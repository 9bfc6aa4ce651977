-- os.clock, difftime, getenv, remove, rename, tmpname, execute.
-- compare-lua54: lupa's 5.4.8 is built without LUA_USE_POSIX (os.execute returns the raw wait status)
local function try(f, ...) local ok, e = pcall(f, ...) print(ok, (tostring(e):gsub("^.-:%d+: ", ""))) end

print(type(os.clock()), os.clock() >= 0, os.difftime(10, 5), math.type(os.difftime(10, 5)))
print(os.getenv("VMREPL_SURELY_UNSET_VARIABLE"), type(os.getenv("PATH")))
print(os.remove("/nonexistent-dir/x"))
print(os.rename("/nonexistent-dir/x", "/nonexistent-dir/y"))
local name = os.tmpname() print(type(name))
local f = io.open(name, "w") f:write("x") f:close()
local name2 = name .. ".moved"
print(os.rename(name, name2), io.open(name) == nil, os.remove(name2), os.remove(name2) == nil)
print(os.execute(), os.execute("exit 3"))
print(os.execute("true"))
try(function() return os.difftime(10) end)
-- expect: number	true	5.0	float
-- expect: nil	string
-- expect: nil	/nonexistent-dir/x: No such file or directory	2
-- expect: nil	No such file or directory	2
-- expect: string
-- expect: true	true	true	true
-- expect: true	nil	exit	3
-- expect: true	exit	0
-- expect: false	bad argument #2 to 'difftime' (number expected, got no value)
