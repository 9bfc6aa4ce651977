-- string.pack/unpack/packsize error messages.
local function try(f, ...) local ok, e = pcall(f, ...) print(ok, (tostring(e):gsub("^.-:%d+: ", ""))) end
try(function() return string.pack("i17", 1) end)
try(function() return string.pack("i0", 1) end)
try(function() return string.pack("y", 1) end)
try(function() return string.pack("c", "a") end)
try(function() return string.pack("i1", 200) end)
try(function() return string.pack("I1", -1) end)
try(function() return string.pack("c2", "abc") end)
try(function() return string.pack("z", "a\0b") end)
try(function() return string.pack("s1", string.rep("x", 300)) end)
try(function() return string.pack("!3 i4", 1) end)
try(function() return string.pack("X", 1) end)
try(function() return string.pack("i4") end)
try(function() return string.unpack("i4", "abc") end)
try(function() return string.unpack("z", "abc") end)
try(function() return string.unpack("i4", "abcd", 10) end)
try(function() return string.unpack("i9", string.rep("\255", 8) .. "\1") end)
try(function() return string.packsize("s") end)
try(function() return string.packsize("z") end)
-- expect: false	integral size (17) out of limits [1,16]
-- expect: false	integral size (0) out of limits [1,16]
-- expect: false	invalid format option 'y'
-- expect: false	missing size for format option 'c'
-- expect: false	bad argument #2 to 'pack' (integer overflow)
-- expect: false	bad argument #2 to 'pack' (unsigned overflow)
-- expect: false	bad argument #2 to 'pack' (string longer than given size)
-- expect: false	bad argument #2 to 'pack' (string contains zeros)
-- expect: false	bad argument #2 to 'pack' (string length does not fit in given size)
-- expect: false	bad argument #1 to 'pack' (format asks for alignment not power of 2)
-- expect: false	bad argument #1 to 'pack' (invalid next option for option 'X')
-- expect: false	bad argument #2 to 'pack' (number expected, got nil)
-- expect: false	bad argument #2 to 'unpack' (data string too short)
-- expect: false	bad argument #2 to 'unpack' (unfinished string for format 'z')
-- expect: false	bad argument #3 to 'unpack' (initial position out of string)
-- expect: false	9-byte integer does not fit into Lua Integer
-- expect: false	bad argument #1 to 'packsize' (variable-length format)
-- expect: false	bad argument #1 to 'packsize' (variable-length format)
