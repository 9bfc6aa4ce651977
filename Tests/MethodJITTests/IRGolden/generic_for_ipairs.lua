-- A generic for over ipairs, entered by OSR at its body: the TFORCALL (pc 8) only ever called
-- ipairs' iterator, so the loop adds 1 to the integer control and reads the table there
-- (tableGetInt: it exits for a nil only when a metatable could answer), and ends at a nil value.
-- feedback: 6=int 7=int
-- iterator: 8=ipairs
-- osr: 6
local function weighted(t)
  local s = 0
  for i, v in ipairs(t) do s = s + i * v end
  return s
end
