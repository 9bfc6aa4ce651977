-- Loop conditions whose comparison metamethods yield: the conditional jump is taken on resume.
local Y = coroutine.yield
local C = setmetatable({n = 0}, {__lt = function(a, b) return Y("lt") end, __le = function(a, b) return Y("le") end,
  __eq = function(a, b) return Y("eq") end, __index = function(t, k) return Y("idx") end})
local D = setmetatable({}, getmetatable(C))
local co = coroutine.wrap(function()
  local i = 0
  while C < D do i = i + 1 end
  repeat i = i + 10 until C <= D
  while C ~= D do i = i + 100 end
  for j = 1, 3 do i = i + (C.x or 0) end
  return i
end)
local answers = {true, true, false, false, true, true, false, 1, 2, 3}
local r = co()
local k = 0
while type(r) == "string" do k = k + 1; io.write(r, " "); r = co(answers[k]) end
print(r)
-- expect: lt lt lt le le eq idx idx idx 25
