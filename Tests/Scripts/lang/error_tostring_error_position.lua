-- Runtime errors inside nested functions carry the line of the failing expression.
local function a()
  local t = nil
  return t
    .field
end
print(pcall(a))
-- expect: false	error_tostring_error_position.lua:5: attempt to index a nil value (local 't')
