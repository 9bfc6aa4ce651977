-- An error raised inside xpcall's message handler is handled by the handler again; a handler that
-- always fails ends as "error in error handling" (manual §2.3, lua's LUA_ERRERR).
print(xpcall(function() error("x") end, function(m)
  if m:find("x$") then error("y", 0) else return "handled " .. m end
end))
print(xpcall(function() error("x") end, function(m) error("y") end))
print(xpcall(function() local t = nil; return t.x end, function(m) local u; return u.y end))
print(xpcall(function() error({}) end, function(m) return type(m) end))
-- expect: false	handled y
-- expect: false	error in error handling
-- expect: false	error in error handling
-- expect: false	table
