-- A float the loop carries (acc, register 2) comes in boxed from a field read before the loop:
-- the edge into the loop checks it (guardFloat with the header's frame state, in a block of its
-- own since FORPREP's branch also skips the loop), and the header's parameter is a float, so no
-- iteration boxes or checks it. The ADD saw floats and integers (a float plus the loop index).
-- feedback: 1=float 6=float|int
local function total(t, n)
  local acc = t.start
  for i = 1, n do
    acc = acc + i
  end
  return acc
end
