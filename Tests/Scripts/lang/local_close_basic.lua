-- local <close> calls __close when the block ends, in reverse order.
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
do
  local n <close> = nil
  local f <close> = false
  print("nil and false are allowed")
end
-- expect: nil and false are allowed
