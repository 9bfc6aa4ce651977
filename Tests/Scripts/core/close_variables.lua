-- to-be-closed variables close in reverse order, on normal exit and on error (with the error).
local function closer(name)
  return setmetatable({}, {__close = function(_, err) print("close", name, err) end})
end
do
  local a <close> = closer("a")
  local b <close> = closer("b")
  print("body")
end
-- expect: body
-- expect: close	b	nil
-- expect: close	a	nil
print(pcall(function()
  local c <close> = closer("c")
  error("E", 0)
end))
-- expect: close	c	E
-- expect: false	E
print(pcall(function() local x <close> = 42 end))
-- expect: false	close_variables.lua:19: variable 'x' got a non-closable value
