-- io.open, write, read formats, seek, lines, close on a temporary file.
local function try(f, ...) local ok, e = pcall(f, ...) print(ok, (tostring(e):gsub("^.-:%d+: ", ""))) end

local name = os.tmpname()
local f = assert(io.open(name, "w"))
print(io.type(f), f:write("line1\n", 42, " ", 1.5, "\n", "12 0x1F -3.5e2 .5 abc\n", "last") == f)
print(f:close(), io.type(f), tostring(f))
f = assert(io.open(name, "r"))
print(f:read("l"), f:read("L"), f:read("n", "n", "n", "n"), f:read("n"))
print(f:read("l"), f:read(2), f:read(0), f:read("a"), f:read("a"), f:read(0), f:read("l"), f:read(1))
print(f:seek("set", 2), f:read(3), f:seek("cur"), f:seek("end"), f:seek())
f:seek("set") print(f:read("*l"), f:read("*n"))
f:close()
local n = 0 for l in io.lines(name) do n = n + 1 end print(n)
for a, b in io.lines(name, 1, "l") do io.write(a, "|", b, ";") end print()
f = io.open(name) for l in f:lines("L") do io.write(l) end print() print(io.type(f)) f:close()
f = io.open(name, "a+") f:write("\nmore") f:seek("set") print(f:read("a"):len()) f:close()
try(function() return f:read() end)
try(function() return io.lines("/nonexistent-dir/x") end)
print(io.open("/nonexistent-dir/x"))
try(function() return io.open(name, "rw") end)
try(function() return io.open(name, "r+bx") end)
print(io.open(name, "rb") ~= nil, io.open(name, "r+b") ~= nil)
os.remove(name)
-- expect: file	true
-- expect: true	closed file	file (closed)
-- expect: line1	42 1.5
-- expect: 	12	nil
-- expect: abc	la		st		nil	nil	nil
-- expect: 2	ne1	5	39	39
-- expect: line1	42
-- expect: 4
-- expect: l|ine1;4|2 1.5;1|2 0x1F -3.5e2 .5 abc;l|ast;
-- expect: line1
-- expect: 42 1.5
-- expect: 12 0x1F -3.5e2 .5 abc
-- expect: last
-- expect: file
-- expect: 44
-- expect: false	attempt to use a closed file
-- expect: false	cannot open file '/nonexistent-dir/x' (No such file or directory)
-- expect: nil	/nonexistent-dir/x: No such file or directory	2
-- expect: false	bad argument #2 to 'open' (invalid mode)
-- expect: false	bad argument #2 to 'open' (invalid mode)
-- expect: true	true
