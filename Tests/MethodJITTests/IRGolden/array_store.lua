-- getI/setI and setTable with integer keys: one table guard per path, bounds guards per access.
-- feedback: 4=int
local function f(t, i)
  t[1] = t[2]
  t[i] = 0
  return t[i]
end
