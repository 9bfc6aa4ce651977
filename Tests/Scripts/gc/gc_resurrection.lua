-- A finalizer that stores its object keeps it alive; the object stays usable and is not
-- finalized again.
local calls = 0
do
  local o = setmetatable({name = "obj", data = {1, 2, 3}}, {__gc = function(self)
    calls = calls + 1
    saved = self
  end})
end
collectgarbage()
print(calls, saved.name, #saved.data)
collectgarbage()
collectgarbage()
print(calls, saved.name)
saved = nil
collectgarbage()
print(calls)
-- expect: 1	obj	3
-- expect: 1	obj
-- expect: 1
