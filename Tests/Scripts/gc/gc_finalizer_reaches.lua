-- What a finalized object refers to is alive while its finalizer runs; a finalizer may
-- allocate, call functions and register new finalized objects.
local out = {}
do
  local inner = {msg = "inner alive"}
  setmetatable({inner = inner}, {__gc = function(self)
    out[#out + 1] = self.inner.msg
    setmetatable({}, {__gc = function() out[#out + 1] = "nested" end})
    local s = {}
    for i = 1, 100 do s[i] = tostring(i) end
    out[#out + 1] = table.concat(s):sub(1, 5)
  end})
end
collectgarbage()
collectgarbage()
print(table.concat(out, " "))
-- expect: inner alive 12345 nested
