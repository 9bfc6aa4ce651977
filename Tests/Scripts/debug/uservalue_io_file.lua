-- io files are full userdata without user values (as lua makes them): debug.setuservalue on one
-- fails (returns nil) and getuservalue gives nil without the success flag.
print(debug.setuservalue(io.stdout, 5))
print(debug.getuservalue(io.stdout))
print(debug.getuservalue(io.stdout, 1))
print(debug.getuservalue(io.stdout, 0))
print(debug.setuservalue(io.stdout, 5, 2))
local f = io.tmpfile()
print(debug.setuservalue(f, {}), debug.getuservalue(f))
f:close()
print(debug.getuservalue(f))
-- Argument errors are unchanged; a non-userdata has no user value.
print(pcall(debug.setuservalue, {}, 1))
print(pcall(debug.setuservalue, io.stdout))
print(debug.getuservalue(1), debug.getuservalue({}))
-- expect: nil
-- expect: nil
-- expect: nil
-- expect: nil
-- expect: nil
-- expect: nil	nil
-- expect: nil
-- expect: false	bad argument #1 to 'debug.setuservalue' (userdata expected, got table)
-- expect: false	bad argument #2 to 'debug.setuservalue' (value expected)
-- expect: nil	nil
