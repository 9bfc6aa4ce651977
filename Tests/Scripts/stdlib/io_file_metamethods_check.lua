-- The file metamethods check their argument like the methods do: a direct call with no file
-- is an argument error; with a file, __gc/__close close it (standard files stay open).
local mt = getmetatable(io.stdin)
print(select(2, pcall(mt.__gc)):match("bad argument #1 to '.*' %(FILE%* expected, got no value%)") ~= nil)
-- expect: true
print(select(2, pcall(mt.__close, {})):match("FILE%* expected, got table") ~= nil)
-- expect: true
local name = os.tmpname()
local f = assert(io.open(name, "w"))
mt.__gc(f)
print(io.type(f), io.type(io.stdout))
-- expect: closed file	file
mt.__close(io.stdout)
print(io.type(io.stdout))
-- expect: file
os.remove(name)
