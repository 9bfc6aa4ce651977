-- warn: arguments must be strings; "@on"/"@off" control; errors in __gc become warnings
-- (on stderr, only when on) and never stop the program.
print(pcall(warn))
print(pcall(warn, "x", {}))
warn("not shown: warnings start off")
warn("@on")
warn("@unknown control is ignored")
warn("@off")
do setmetatable({}, {__gc = function() error("in finalizer") end}) end
collectgarbage()
print("done")
-- expect: false	bad argument #1 to 'warn' (string expected, got no value)
-- expect: false	bad argument #2 to 'warn' (string expected, got table)
-- expect: done
