-- A generic for over pairs, entered by OSR at its body: the TFORCALL (pc 7) only ever called
-- `next`, so the loop guards the iterator's identity and the state's type, asks tableNext for the
-- position after the control key, loads the key and the value there in line, and ends at a nil
-- key, without a call. The values were integers (feedback at the ADD).
-- feedback: 6=int
-- iterator: 7=next
-- osr: 6
local function total(t)
  local s = 0
  for k, v in pairs(t) do s = s + v end
  return s
end
