-- io.popen reading and writing, and close results.
-- compare-lua54: lupa's 5.4.8 is built without LUA_USE_POSIX (io.popen is 'not supported')
local p = io.popen("echo hello; echo world")
print(p:read("l"), p:read("a"))
print(p:close())
local q = io.popen("exit 5") print(q:close())
local w = io.popen("cat > /dev/null", "w") print(w:write("data") == w, w:close())
-- expect: hello	world
-- expect:
-- expect: true	exit	0
-- expect: nil	exit	5
-- expect: true	true	exit	0
