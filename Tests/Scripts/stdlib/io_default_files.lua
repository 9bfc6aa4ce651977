-- io.write/io.read on the default files, io.type, io.output switching.
local function try(f, ...) local ok, e = pcall(f, ...) print(ok, (tostring(e):gsub("^.-:%d+: ", ""))) end

io.write("a", 1, " ", 2.0, " ", -0.0, "\n")
print(io.write("x") == io.stdout)
print(io.type(io.stdout), io.type(io.stdin), io.type(42), io.type(nil))
print(io.stdout:close())
print(io.output() == io.stdout, io.input() == io.stdin)
local name = os.tmpname()
io.output(name) io.write("to file\n") io.close() io.output(io.stdout)
io.input(name) print(io.read("L")) io.close(io.input()) io.input(io.stdin)
for l in io.lines(name) do print(l) end
local f = io.tmpfile() f:write("abc") f:seek("set") print(f:read("a")) f:close()
print(pcall(io.close, f))
print(io.stdout:setvbuf("no"), io.stdout:setvbuf("full"), io.stdout:seek("bad" and "cur") ~= false)
try(function() return io.stdout.setvbuf(io.stdout, "bad") end)
try(function() io.input("/nonexistent-dir/x") end)
os.remove(name)
-- expect: a1 2 -0
-- expect: xtrue
-- expect: file	file	nil	nil
-- expect: nil	cannot close standard file
-- expect: true	true
-- expect: to file
-- expect:
-- expect: to file
-- expect: abc
-- expect: false	attempt to use a closed file
-- expect: true	true	true
-- expect: false	bad argument #2 to 'setvbuf' (invalid option 'bad')
-- expect: false	cannot open file '/nonexistent-dir/x' (No such file or directory)
