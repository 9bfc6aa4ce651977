-- An error inside __gc does not stop the program (lua turns it into a warning).
local ran = {}
local hold = {
  setmetatable({}, {__gc = function() ran[#ran + 1] = "second"; error("boom") end}),
  setmetatable({}, {__gc = function() ran[#ran + 1] = "first"; error({}) end}),
}
hold = nil
collectgarbage()
print("still running", table.concat(ran, ","))
-- expect: still running	first,second
