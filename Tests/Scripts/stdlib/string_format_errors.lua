-- string.format's error messages.
local function try(...) local ok, e = pcall(function(...) return string.format(...) end, ...) print(ok, (tostring(e):gsub("^.-:%d+: ", ""))) end
try("%y", 1)
try("%10.123f", 1)
try("%100d", 1)
try("%", 1)
try("%d")
try("%d", 1.5)
try("%d", "x")
try("%d", {})
try("%5q", "x")
try("%q", {})
try("%-+ #0d", 1)
try("%#c", 65)
try("%10s", "a\0b")
try("%" .. string.rep("-", 21) .. "d", 1)
try("%F", 1)
try("%5.1-d", 1)
-- expect: false	invalid conversion '%y' to 'format'
-- expect: false	invalid conversion specification: '%10.123f'
-- expect: false	invalid conversion specification: '%100d'
-- expect: false	invalid conversion '%' to 'format'
-- expect: false	bad argument #2 to 'format' (no value)
-- expect: false	bad argument #2 to 'format' (number has no integer representation)
-- expect: false	bad argument #2 to 'format' (number expected, got string)
-- expect: false	bad argument #2 to 'format' (number expected, got table)
-- expect: false	specifier '%q' cannot have modifiers
-- expect: false	bad argument #2 to 'format' (value has no literal form)
-- expect: false	invalid conversion specification: '%-+ #0d'
-- expect: false	invalid conversion specification: '%#c'
-- expect: false	bad argument #2 to 'format' (string contains zeros)
-- expect: false	invalid format (too long)
-- expect: false	invalid conversion '%F' to 'format'
-- expect: false	invalid conversion specification: '%5.1-d'
