-- __close receives the error object, and the error still propagates.
local function closer(name)
  return setmetatable({}, {__close = function(_, err) print("close", name, err) end})
end
local ok, msg = pcall(function()
  local a <close> = closer("a")
  error("boom", 0)
end)
-- expect: close	a	boom
print(ok, msg)
-- expect: false	boom
print(pcall(function() local x <close> = {} end))
-- expect: false	local_close_error.lua:12: variable 'x' got a non-closable value
