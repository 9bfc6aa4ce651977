-- An error raised by __close replaces the original error; on a normal exit __close gets nil.
local ok, e = pcall(function()
  local a <close> = setmetatable({}, {__close = function() error("from close", 0) end})
  error("original", 0)
end)
print(ok, e)
-- expect: false	from close
local ok2, e2 = pcall(function()
  local b <close> = setmetatable({}, {__close = function(_, err) error("close saw " .. err, 0) end})
  return "fine"
end)
print(ok2, e2)
-- expect: false	error_in_close_handler.lua:9: attempt to concatenate a nil value (local 'err')
