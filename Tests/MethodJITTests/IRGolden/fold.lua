-- Locals the frontend does not fold: the IR folds them with Lua 5.4 semantics; x // 0 stays.
-- feedback: 5=int 6=int 7=int 8=int 9=int
local function f(x)
  local a, b, c, d = 7, 2, -7, 0
  return a // b, c // b, a % -3, c >> 1, x // d
end
