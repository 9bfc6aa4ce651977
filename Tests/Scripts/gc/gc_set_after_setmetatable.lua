-- A __gc field added to the metatable after setmetatable does not mark the object.
local called = false
do
  local mt = {}
  setmetatable({}, mt)
  mt.__gc = function() called = true end
end
collectgarbage()
collectgarbage()
print(called)
-- Setting the metatable again once __gc is present does mark it.
local again = false
do
  local mt = {}
  local o = setmetatable({}, mt)
  mt.__gc = function() again = true end
  setmetatable(o, mt)
end
collectgarbage()
print(again)
-- expect: false
-- expect: true
