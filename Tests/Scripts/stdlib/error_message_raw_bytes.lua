-- Error messages that quote a byte of the input quote it raw, as lua does, even when it is not UTF-8.
local function msg(f, ...) return select(2, pcall(f, ...)) end
print(msg(string.pack, "\200") == "invalid format option '\200'")
-- expect: true
print(msg(string.format, "%\200", 1) == "invalid conversion '%\200' to 'format'")
-- expect: true
print(msg(string.format, "%10.\200", 1) == "invalid conversion '%10.\200' to 'format'")
-- expect: true
print(msg(os.date, "%\200") == "bad argument #1 to 'os.date' (invalid conversion specifier '%\200')")
-- expect: true
print(msg(os.date, "%E\200") == "bad argument #1 to 'os.date' (invalid conversion specifier '%E\200')")
-- expect: true
