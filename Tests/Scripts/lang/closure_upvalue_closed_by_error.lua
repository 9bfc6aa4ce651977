-- Upvalues of frames unwound by an error are closed and keep their last values.
local getters = {}
local function work(n)
  local v = n
  getters[#getters + 1] = function() return v end
  v = v * 100
  if n % 2 == 0 then error("even") end
  v = v + 1
end
for i = 1, 4 do pcall(work, i) end
print(getters[1](), getters[2](), getters[3](), getters[4]())
-- expect: 101	200	301	400
