-- Malformed patterns and replacement strings raise lua's messages.
local function try(f, ...) local ok, e = pcall(f, ...) print(ok, (tostring(e):gsub("^.-:%d+: ", ""))) end
try(function() return ("a"):find("%") end)
try(function() return ("a"):find("[a") end)
try(function() return ("a"):find("(a") end)
try(function() return ("a"):find("a)") end)
try(function() return ("a"):match("a)") end)
try(function() return ("a"):find("%1") end)
try(function() return ("a"):find("%b") end)
try(function() return ("a"):find("%fa") end)
try(function() return ("a"):gsub("a", "%2") end)
try(function() return ("a"):gsub("a", "%x") end)
try(function() return ("a"):gsub("a", "%") end)
try(function() return string.gsub("a", "a", true) end)
try(function() return ("a"):gsub("a", {a = {}}) end)
try(function() return ("a"):gsub("a", function() return {} end) end)
try(function() return ("a"):find(string.rep("(", 40)) end)
try(function() return (string.rep("a", 300)):find(string.rep("a?", 300)) end)
-- expect: false	malformed pattern (ends with '%')
-- expect: false	malformed pattern (missing ']')
-- expect: false	unfinished capture
-- expect: true	nil
-- expect: false	invalid pattern capture
-- expect: false	invalid capture index %1
-- expect: false	malformed pattern (missing arguments to '%b')
-- expect: false	missing '[' after '%f' in pattern
-- expect: false	invalid capture index %2
-- expect: false	invalid use of '%' in replacement string
-- expect: false	invalid use of '%' in replacement string
-- expect: false	bad argument #3 to 'gsub' (string/function/table expected, got boolean)
-- expect: false	invalid replacement value (a table)
-- expect: false	invalid replacement value (a table)
-- expect: false	too many captures
-- expect: false	pattern too complex
