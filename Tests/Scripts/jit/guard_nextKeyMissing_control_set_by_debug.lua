-- A generic for over `next` asks the table for the entry after its control key. A key the table
-- does not hold (here written by debug.setlocal into the loop's hidden control variable, the
-- third "(for state)") fails that lookup in compiled code: the interpreter's `next` raises the
-- error, as lua's does.
local J = dofile("support.lib")

local function poke() assert(debug.setlocal(2, 6, "absent") == "(for state)") end
local function walk(t, at)
  local n = 0
  for k, v in next, t do
    n = n + 1
    if n == at then poke() end
  end
  return n
end
local t = {1, 2, 3, x = 1, y = 2}
print(walk(t, 0), walk(t, 0))
pcall(walk, t, 1)  -- the CALL of poke runs once, so compiled code makes it (no noFeedback exit)
local c = J.compiled(walk)
print(walk(t, 0))
J.deopts(walk, c, "nextKeyMissing", function()
  local ok, err = pcall(walk, t, 2)
  assert(not ok and err == "invalid key to 'next'", err)
end)
print(pcall(walk, t, 4))
print(walk(t, 0))
-- expect: 5	5
-- expect: 5
-- expect: false	invalid key to 'next'
-- expect: 5
