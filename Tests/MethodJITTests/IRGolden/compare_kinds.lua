-- Compares against constants and immediates: integer, float (float immediate), short string (one tag and pointer test, no runtime call).
-- feedback: 1=int 6=float 10=string
local function f(a, b, s)
  if a == 3 then return 1 end
  if b < 2.5 then return 2 end
  if s == "x" then return 3 end
  return not a
end
