-- Full userdata with __gc: an unreachable open file is closed (and flushed) by its finalizer.
local name = os.tmpname()
do
  local f = assert(io.open(name, "w"))
  f:write("written but never closed")
end
collectgarbage()
collectgarbage()
local f = assert(io.open(name, "r"))
print(f:read("a"))
f:close()
os.remove(name)
-- The standard files survive a collection.
collectgarbage()
io.write("stdout still open\n")
-- expect: written but never closed
-- expect: stdout still open
