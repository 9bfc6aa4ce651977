-- loadfile/dofile read files as lua does: a UTF-8 byte-order mark and a '#' first line are
-- skipped (line numbers stay right), a binary chunk may follow the '#' line, `mode` applies, and
-- failures name the file with the system's reason.
local name = os.tmpname()
local function put(s) local f = assert(io.open(name, "wb")); f:write(s); f:close() end

put("\239\187\191return 239")
print(dofile(name))
-- expect: 239
put("\239\187\191# a comment\nreturn 240")
print(dofile(name))
-- expect: 240
put("#!/usr/bin/env lua\nreturn debug.getinfo(1, 'l').currentline")
print(dofile(name))
-- expect: 2
put("return 1")
print(loadfile(name, "b"))
-- expect: nil	attempt to load a text chunk (mode is 'b')
put("#comment\n" .. string.dump(function() return 77 end))
print(loadfile(name, "t"))
-- expect: nil	attempt to load a binary chunk (mode is 't')
print(loadfile(name)())
-- expect: 77
put("return ...")
print(loadfile(name, "t", {})("env ok"))
-- expect: env ok
os.remove(name)
print(loadfile(name) == nil, select(2, loadfile(name)) == "cannot open " .. name .. ": No such file or directory")
-- expect: true	true
print(select(2, pcall(dofile, name)) == "cannot open " .. name .. ": No such file or directory")
-- expect: true
print(select(2, loadfile("/")))
-- expect: cannot read /: Is a directory
